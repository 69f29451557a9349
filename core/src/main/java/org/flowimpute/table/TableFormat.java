package org.flowimpute.table;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The file formats a table can have, chosen by file extension so that every command accepts the
 * same files without a format flag.
 */
public enum TableFormat {
  /** Comma-separated text with a header row ({@code .csv}). */
  CSV(".csv"),
  /** Avro object container file ({@code .avro}). */
  AVRO(".avro"),
  /** Apache Parquet file ({@code .parquet}). */
  PARQUET(".parquet");

  private final String extension;

  TableFormat(String extension) {
    this.extension = extension;
  }

  /** The file extension including the dot, e.g. {@code .csv}. */
  public String extension() {
    return extension;
  }

  /**
   * The format of {@code path} by its extension (case-insensitive).
   *
   * @throws TableException naming the file and the supported extensions if none matches
   */
  public static TableFormat of(Path path) {
    Path fileName = path.getFileName();
    String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
    for (TableFormat format : values()) {
      if (name.endsWith(format.extension)) {
        return format;
      }
    }
    throw new TableException(
        path + ": unknown table format; the file name must end with .csv, .avro or .parquet");
  }
}
