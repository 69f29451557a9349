package org.flowimpute.pipelines.values;

import java.util.Arrays;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * One input record as read, with where it came from and, when the input was text, the exact text it
 * was decoded from. Dead letters need both to let a user find and fix the record.
 *
 * @param source file path and record number (or another origin), e.g. {@code people.csv:12}
 * @param record the decoded record
 * @param payload the raw bytes the record was decoded from, or {@code null} when the record itself
 *     is the original (Avro and Parquet inputs)
 * @param payloadFormat how to read {@code payload}: {@code csv}, or the format of the record
 */
public record SourcedRecord(
    String source, GenericRecord record, byte[] payload, PayloadFormat payloadFormat) {

  /** Checks that the source, record and format are present. */
  public SourcedRecord {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(payloadFormat, "payloadFormat");
  }

  /** A record read from a self-describing file (Avro, Parquet): the record is its own payload. */
  public static SourcedRecord of(String source, GenericRecord record, PayloadFormat format) {
    return new SourcedRecord(source, record, null, format);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SourcedRecord that
        && source.equals(that.source)
        && record.equals(that.record)
        && Arrays.equals(payload, that.payload)
        && payloadFormat == that.payloadFormat;
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, record, Arrays.hashCode(payload), payloadFormat);
  }

  @Override
  public String toString() {
    return "SourcedRecord[" + source + ", " + record + "]";
  }
}
