package org.flowimpute.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Opens table files (CSV, Avro, Parquet; format by extension, see {@link TableFormat}) for
 * streaming reads and writes of Avro {@link GenericRecord}s. This is the one place where commands
 * turn a file name into records, so that every command accepts the same formats.
 *
 * <pre>{@code
 * try (TableReader reader = Tables.reader(Path.of("people.csv"))) {
 *   while (reader.hasNext()) {
 *     GenericRecord row = reader.next();
 *   }
 * }
 * }</pre>
 */
public final class Tables {
  private Tables() {}

  /**
   * A reader of {@code path} with the file's own schema; for CSV the schema is inferred from all
   * its rows ({@link CsvSchemaInference#DEFAULT_SAMPLE_ROWS}, one more pass over the file).
   */
  public static TableReader reader(Path path) {
    TableFormat format = TableFormat.of(path);
    if (format == TableFormat.CSV) {
      return new CsvTableReader(
          path, CsvSchemaInference.infer(path, CsvSchemaInference.DEFAULT_SAMPLE_ROWS));
    }
    return open(format, path, null);
  }

  /**
   * A reader of {@code path} producing records of {@code schema}: for CSV the schema says how cells
   * are parsed (columns matched by header name; extra columns ignored; missing nullable columns
   * null); for Avro and Parquet it is the reader schema (projection and evolution).
   */
  public static TableReader reader(Path path, Schema schema) {
    return open(TableFormat.of(path), path, Objects.requireNonNull(schema, "schema"));
  }

  private static TableReader open(TableFormat format, Path path, Schema schema) {
    return switch (format) {
      case CSV -> new CsvTableReader(path, schema);
      case AVRO -> new AvroTableReader(path, schema);
      case PARQUET -> new ParquetTableReader(path, schema);
    };
  }

  /**
   * A writer of {@code path} (replaced if it exists, parent directories created) with {@link
   * TableWriteOptions#defaults()}.
   */
  public static TableWriter writer(Path path, Schema schema) {
    return writer(path, schema, TableWriteOptions.defaults());
  }

  /**
   * A writer of {@code path} (replaced if it exists; missing parent directories are created, as a
   * Beam job creates its output directory) with the given options.
   */
  public static TableWriter writer(Path path, Schema schema, TableWriteOptions options) {
    Objects.requireNonNull(schema, "schema");
    TableFormat format = TableFormat.of(path);
    Path directory = path.toAbsolutePath().getParent();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new TableException(
          path + ": cannot create its directory " + directory + ": " + e.getMessage(), e);
    }
    return switch (format) {
      case CSV -> new CsvTableWriter(path, schema);
      case AVRO -> new AvroTableWriter(path, schema, options.compression());
      case PARQUET -> new ParquetTableWriter(path, schema, options.compression());
    };
  }

  /** All records of {@code path} in memory; for small tables only (tests, reports). */
  public static List<GenericRecord> readAll(Path path) {
    try (TableReader reader = reader(path)) {
      return drain(reader);
    }
  }

  /** All records of {@code path} as records of {@code schema}, in memory; for small tables only. */
  public static List<GenericRecord> readAll(Path path, Schema schema) {
    try (TableReader reader = reader(path, schema)) {
      return drain(reader);
    }
  }

  private static List<GenericRecord> drain(TableReader reader) {
    List<GenericRecord> records = new ArrayList<>();
    reader.forEachRemaining(records::add);
    return records;
  }

  /** Writes {@code records} to {@code path} with the default options. */
  public static void writeAll(Path path, Schema schema, Iterable<? extends GenericRecord> records) {
    try (TableWriter writer = writer(path, schema)) {
      for (GenericRecord record : records) {
        writer.write(record);
      }
    }
  }
}
