package org.flowimpute.table;

import java.io.IOException;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.InputFile;

/**
 * What a Parquet file's footer says about its columns, for local tables and Beam jobs alike: the
 * Avro schema parquet-avro reads the file with (the one it stored, {@code parquet.avro.schema},
 * else the conversion of the Parquet schema with {@link ParquetReading#configuration}; needed when
 * the file has no rows to take it from) and its INT32/INT64 decimal columns, whose values need
 * scaling ({@link ParquetDecimals}).
 *
 * @param written the file's Avro schema as parquet-avro reads it
 * @param decimals its decimal columns stored as integers
 */
public record ParquetFooter(Schema written, ParquetDecimals decimals) {

  private static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";

  /**
   * Reads the footer of {@code file}.
   *
   * @throws TableException naming the file (by its {@code toString}): it is not a Parquet file or
   *     its footer is missing ({@link ParquetFileDamage}), or a column name is not an Avro name
   *     ({@link ParquetColumnNames}, naming the columns)
   */
  public static ParquetFooter read(InputFile file) throws IOException {
    ParquetFileReader opened;
    try {
      opened = ParquetFileReader.open(file);
    } catch (IOException | RuntimeException e) {
      Optional<String> why;
      try {
        why = ParquetFileDamage.whyUnopenable(file);
      } catch (IOException unreadable) {
        // the file could not be read again to say why: parquet-mr's own error stands
        e.addSuppressed(unreadable);
        throw e;
      }
      if (why.isPresent()) {
        throw new TableException(file + ": " + why.get(), e);
      }
      throw e;
    }
    try (ParquetFileReader reader = opened) {
      FileMetaData metaData = reader.getFooter().getFileMetaData();
      String avroSchema = metaData.getKeyValueMetaData().get(AVRO_SCHEMA_KEY);
      if (avroSchema == null) {
        ParquetColumnNames.requireAvroNames(metaData.getSchema(), file.toString());
      }
      Schema written =
          avroSchema != null
              ? new Schema.Parser().parse(avroSchema)
              : new AvroSchemaConverter(ParquetReading.configuration())
                  .convert(metaData.getSchema());
      return new ParquetFooter(written, ParquetDecimals.of(metaData.getSchema()));
    }
  }

  /** The schema of the records read from the file: {@link #written} with decimals as doubles. */
  public Schema scaled() {
    return decimals.asDoubles(written);
  }
}
