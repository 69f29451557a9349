package org.flowimpute.table;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.LocalInputFile;

/**
 * What a Parquet file's footer says about its columns: the Avro schema parquet-avro reads it with
 * (needed when the file has no rows to take the schema from) and its decimal columns that need
 * scaling ({@link ParquetDecimals}).
 */
final class ParquetSchemas {
  private static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";

  private ParquetSchemas() {}

  /** The footer of {@code path}. */
  static Footer footer(Path path) {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(path))) {
      FileMetaData metaData = reader.getFooter().getFileMetaData();
      String avroSchema = metaData.getKeyValueMetaData().get(AVRO_SCHEMA_KEY);
      Schema written =
          avroSchema != null
              ? new Schema.Parser().parse(avroSchema)
              : new AvroSchemaConverter(new PlainParquetConfiguration())
                  .convert(metaData.getSchema());
      return new Footer(written, ParquetDecimals.of(metaData.getSchema()));
    } catch (IOException | RuntimeException e) {
      throw new TableException(path + ": not a readable Parquet file: " + e.getMessage(), e);
    }
  }

  /** The file's Avro schema as parquet-avro reads it, and its INT32/INT64 decimal columns. */
  record Footer(Schema written, ParquetDecimals decimals) {}
}
