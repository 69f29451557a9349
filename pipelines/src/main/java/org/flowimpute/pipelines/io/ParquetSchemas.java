package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.flowimpute.table.ParquetDecimals;

/**
 * The Avro view of Parquet files: the schema a file was written with (INT32/INT64 decimals as
 * doubles), and the part of it a job reads. Shared by the schema lookup of {@link ReadRecords} and
 * the file reader, so that both see a file the same way.
 */
final class ParquetSchemas {

  private ParquetSchemas() {}

  /**
   * The file's Avro schema as records read from it hold it: {@link #footer}'s, with INT32/INT64
   * decimal columns as doubles. Closes {@code channel}.
   */
  static Schema of(SeekableByteChannel channel) throws IOException {
    Footer footer = footer(channel);
    return footer.decimals().asDoubles(footer.written());
  }

  /**
   * The file's Avro schema as parquet-avro reads it (the one it stored, {@code
   * parquet.avro.schema}, else the conversion of the Parquet schema) and its INT32/INT64 decimal
   * columns, whose values need scaling ({@link ParquetDecimals}). Closes {@code channel}.
   */
  static Footer footer(SeekableByteChannel channel) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new ChannelInputFile(channel))) {
      FileMetaData metadata = reader.getFooter().getFileMetaData();
      String avroSchema = metadata.getKeyValueMetaData().get("parquet.avro.schema");
      Schema written =
          avroSchema != null
              ? new Schema.Parser().parse(avroSchema)
              : new AvroSchemaConverter().convert(metadata.getSchema());
      return new Footer(written, ParquetDecimals.of(metadata.getSchema()));
    }
  }

  /** A file's Avro schema as parquet-avro reads it, and its decimal columns stored as integers. */
  record Footer(Schema written, ParquetDecimals decimals) {}

  /**
   * The fields of {@code file} that {@code job} has (by name or alias), with the file's own types,
   * under the job schema's name: what to read from the file (Parquet reads only those columns)
   * before resolving each record to {@code job}.
   */
  static Schema projection(Schema file, Schema job) {
    Set<String> wanted = new HashSet<>();
    for (Schema.Field field : job.getFields()) {
      wanted.add(field.name());
      wanted.addAll(field.aliases());
    }
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : file.getFields()) {
      if (wanted.contains(field.name())) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    return Schema.createRecord(job.getName(), file.getDoc(), job.getNamespace(), false, fields);
  }
}
