package org.flowimpute.table;

import java.util.Objects;

/**
 * How tables are written. Immutable; start from {@link #defaults()} and change with {@code withX}.
 *
 * @param compression the codec of Avro and Parquet files (ignored for CSV)
 */
public record TableWriteOptions(TableCompression compression) {

  /** Snappy compression. */
  public static TableWriteOptions defaults() {
    return new TableWriteOptions(TableCompression.SNAPPY);
  }

  /** These options with another compression codec. */
  public TableWriteOptions withCompression(TableCompression newCompression) {
    return new TableWriteOptions(Objects.requireNonNull(newCompression));
  }
}
