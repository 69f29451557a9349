package org.flowimpute.pipelines.io;

import java.util.Locale;

/** The file formats imputation reads; {@link #fromPath} picks one by file extension. */
public enum InputFormat {
  /** Avro object container files, any record schema. */
  AVRO,
  /** CSV with a header row; column types come from the model. */
  CSV,
  /** Parquet files written with an Avro-compatible schema. */
  PARQUET;

  /**
   * The format named by {@code name} ({@code avro}, {@code csv}, {@code parquet}) or, when {@code
   * name} is {@code auto}, the one the extension of {@code glob} implies.
   *
   * @throws IllegalArgumentException if neither says which format it is
   */
  public static InputFormat of(String name, String glob) {
    if (!"auto".equalsIgnoreCase(name)) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "input format '" + name + "' is not one of auto, avro, csv, parquet", e);
      }
    }
    return fromPath(glob);
  }

  /** The format implied by the extension of {@code path} (a file name or glob). */
  public static InputFormat fromPath(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".avro")) {
      return AVRO;
    }
    if (lower.endsWith(".csv")) {
      return CSV;
    }
    if (lower.endsWith(".parquet")) {
      return PARQUET;
    }
    throw new IllegalArgumentException(
        "cannot tell the format of '"
            + path
            + "' from its extension (.avro, .csv, .parquet); give the format with --input-format"
            + " avro|csv|parquet");
  }
}
