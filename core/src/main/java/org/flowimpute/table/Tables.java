package org.flowimpute.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
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
   *
   * <p>{@code path} may be a glob naming several files of one format ({@link TableFiles}), read in
   * name order as one table: Avro and Parquet files with the first file's schema as reader schema
   * (the others must resolve to it: Avro schema resolution, such as int → long), CSV files must
   * have the first file's header (the schema is inferred from all their rows).
   */
  public static TableReader reader(Path path) {
    List<Path> files = TableFiles.of(path);
    TableFormat format = TableFormat.of(files.get(0));
    if (format == TableFormat.CSV) {
      return reader(path, CsvSchemaInference.infer(path, CsvSchemaInference.DEFAULT_SAMPLE_ROWS));
    }
    if (files.size() == 1) {
      return open(format, files.get(0), null);
    }
    TableReader first = open(format, files.get(0), null);
    return concatenated(files, first, format == TableFormat.AVRO ? first.schema() : null);
  }

  /**
   * A reader of {@code path} producing records of {@code schema}: for CSV the schema says how cells
   * are parsed (columns matched by header name; extra columns ignored; missing nullable columns
   * null); for Avro and Parquet it is the reader schema (projection and evolution). {@code path}
   * may be a glob as for {@link #reader(Path)}; every file is read with {@code schema}, and CSV
   * files must have the first file's header.
   */
  public static TableReader reader(Path path, Schema schema) {
    Objects.requireNonNull(schema, "schema");
    List<Path> files = TableFiles.of(path);
    TableFormat format = TableFormat.of(files.get(0));
    TableReader first = open(format, files.get(0), schema);
    return files.size() == 1 ? first : concatenated(files, first, schema);
  }

  /**
   * The files read one after another; each further file is opened once here, so that one whose
   * schema or header does not fit is refused before any row is read.
   */
  private static TableReader concatenated(List<Path> files, TableReader first, Schema schema) {
    Function<Path, TableReader> opener = file -> openLike(first, file, schema);
    try {
      for (Path file : files.subList(1, files.size())) {
        opener.apply(file).close();
      }
    } catch (RuntimeException e) {
      first.close();
      throw e;
    }
    return new ConcatenatedTableReader(files, first, opener);
  }

  /**
   * A reader of {@code file}, a further file of the table whose first file {@code first} reads,
   * with {@code schema} (null: the file's own, which must then be the first file's).
   */
  private static TableReader openLike(TableReader first, Path file, Schema schema) {
    TableFormat format = TableFormat.of(file);
    TableReader reader = open(format, file, schema);
    try {
      String misfit = misfit(first, reader, schema);
      if (misfit != null) {
        throw new TableException(
            file + ": " + misfit + "; the files of one table must have one schema");
      }
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
    return reader.schema().equals(first.schema())
        ? reader
        : new ResolvingTableReader(reader, first.schema());
  }

  /** Why {@code reader} does not continue {@code first}'s table, or null if it does. */
  private static String misfit(TableReader first, TableReader reader, Schema schema) {
    String firstFile = first.path().getFileName() + " (the first file)";
    if (reader instanceof CsvTableReader csv) {
      List<String> header = ((CsvTableReader) first).header();
      return csv.header().equals(header)
          ? null
          : "its header "
              + csv.header()
              + " differs from the header "
              + header
              + " of "
              + firstFile;
    }
    if (reader instanceof AvroTableReader avro) {
      String misfit = SchemaMisfits.describe(schema, avro.writerSchema());
      if (misfit == null) {
        return null;
      }
      return "its schema cannot be read as "
          + (schema.equals(first.schema()) && schema.equals(firstWriterSchema(first))
              ? "that of " + firstFile
              : "the reader schema")
          + ": "
          + misfit;
    }
    String misfit = schema == null ? SchemaMisfits.describe(first.schema(), reader.schema()) : null;
    return misfit == null
        ? null
        : "its schema cannot be read as that of " + firstFile + ": " + misfit;
  }

  private static Schema firstWriterSchema(TableReader first) {
    return first instanceof AvroTableReader avro ? avro.writerSchema() : null;
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
    return writer(path, TableFormat.of(path), schema, options);
  }

  /**
   * A writer of {@code path} in {@code format} whatever its name says, with the default options:
   * for a temporary file whose name must not end with a table extension, so that a glob over its
   * directory never takes it for a table.
   */
  public static TableWriter writer(Path path, TableFormat format, Schema schema) {
    return writer(path, format, schema, TableWriteOptions.defaults());
  }

  private static TableWriter writer(
      Path path, TableFormat format, Schema schema, TableWriteOptions options) {
    Objects.requireNonNull(schema, "schema");
    Path directory = path.toAbsolutePath().getParent();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new TableException(
          path + ": cannot create its directory " + directory + ": " + IoErrors.describe(e), e);
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

  /**
   * All records of {@code path} (a file or a glob) in memory, noting in {@code names} the file and
   * row of each; for small tables only.
   */
  public static List<GenericRecord> readAll(Path path, RowNames names) {
    List<GenericRecord> records = new ArrayList<>();
    try (TableReader reader = reader(path)) {
      while (reader.hasNext()) {
        records.add(reader.next());
        names.add(reader);
      }
    }
    return records;
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
