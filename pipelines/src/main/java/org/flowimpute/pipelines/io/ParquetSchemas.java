package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.flowimpute.table.ParquetFooter;

/**
 * The Avro view of Parquet files: the schema a file was written with (INT32/INT64 decimals as
 * doubles), and the part of it a job reads. Shared by the schema lookup of {@link ReadRecords} and
 * the file reader, so that both see a file the same way.
 */
final class ParquetSchemas {

  private ParquetSchemas() {}

  /**
   * The file's Avro schema as records read from it hold it (INT32/INT64 decimals as doubles: {@link
   * ParquetFooter#scaled}). Closes {@code channel}; {@code name} names the file in errors.
   */
  static Schema of(SeekableByteChannel channel, String name) throws IOException {
    return footer(channel, name).scaled();
  }

  /**
   * The file's footer ({@link ParquetFooter}). Closes {@code channel}; {@code name} names the file
   * in errors.
   */
  static ParquetFooter footer(SeekableByteChannel channel, String name) throws IOException {
    try (channel) {
      return ParquetFooter.read(new ChannelInputFile(channel, name));
    }
  }

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
