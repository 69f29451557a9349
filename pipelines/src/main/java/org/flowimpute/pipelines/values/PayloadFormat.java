package org.flowimpute.pipelines.values;

/**
 * How the {@code original_payload} of a dead letter is to be read; the names are the values the
 * {@code DeadLetter} Avro schema documents.
 */
public enum PayloadFormat {
  /** Avro binary datum. */
  AVRO("avro"),
  /** One CSV line, as in the file. */
  CSV("csv"),
  /** Avro JSON encoding of the record (records from Avro or Parquet files). */
  JSON("json"),
  /** A record read from a Parquet file. */
  PARQUET("parquet");

  private final String label;

  PayloadFormat(String label) {
    this.label = label;
  }

  /** The value written into the dead letter. */
  public String label() {
    return label;
  }
}
