package org.flowimpute.pipelines.values;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;
import org.apache.avro.generic.GenericRecord;
import org.joda.time.Instant;

/**
 * One input record as read, with where it came from and, when the input was text, the exact text it
 * was decoded from. Dead letters need both to let a user find and fix the record.
 *
 * <p>A record of a run of input that names its records by position (an Avro data block: {@code
 * path:number}) builds its source text only when it is asked for, which only dead letters and
 * coders do: one such string per imputed record was 3 % of the imputation threads' allocation.
 *
 * <p>A record a step re-stamps with another event time (a streamed household's members all take
 * their release's time) keeps its own in {@link #eventTime}, for its dead letters ({@link #at}).
 */
public final class SourcedRecord {

  private final GenericRecord record;
  private final byte[] payload;
  private final PayloadFormat payloadFormat;
  private final IntFunction<String> names;
  private final int index;
  private final Instant eventTime;
  private String source;

  /**
   * @param source file path and record number (or another origin), e.g. {@code people.csv:12}
   * @param record the decoded record
   * @param payload the raw bytes the record was decoded from, or {@code null} when the record
   *     itself is the original (Avro and Parquet inputs)
   * @param payloadFormat how to read {@code payload}: {@code csv}, or the format of the record
   */
  public SourcedRecord(
      String source, GenericRecord record, byte[] payload, PayloadFormat payloadFormat) {
    this(source, record, payload, payloadFormat, null);
  }

  /** A record as its coder decodes it, with its own event time ({@link #at}; null: none kept). */
  SourcedRecord(
      String source,
      GenericRecord record,
      byte[] payload,
      PayloadFormat payloadFormat,
      Instant eventTime) {
    this(
        Objects.requireNonNull(source, "source"),
        null,
        0,
        record,
        payload,
        payloadFormat,
        eventTime);
  }

  private SourcedRecord(
      String source,
      IntFunction<String> names,
      int index,
      GenericRecord record,
      byte[] payload,
      PayloadFormat payloadFormat,
      Instant eventTime) {
    this.source = source;
    this.names = names;
    this.index = index;
    this.record = Objects.requireNonNull(record, "record");
    this.payload = payload;
    this.payloadFormat = Objects.requireNonNull(payloadFormat, "payloadFormat");
    this.eventTime = eventTime;
  }

  /** A record read from a self-describing file (Avro, Parquet): the record is its own payload. */
  public static SourcedRecord of(String source, GenericRecord record, PayloadFormat format) {
    return new SourcedRecord(source, record, null, format);
  }

  /**
   * Record {@code index} of a run of input whose records {@code names} names by position, read from
   * a self-describing file; its source is {@code names.apply(index)}, built when first asked for.
   */
  public static SourcedRecord of(
      IntFunction<String> names, int index, GenericRecord record, PayloadFormat format) {
    return new SourcedRecord(
        null, Objects.requireNonNull(names, "names"), index, record, null, format, null);
  }

  /**
   * The record this one became (its imputed record), from the same origin: the source travels with
   * it (built when first asked for, as this one's), and its payload is the record itself in JSON,
   * as a dead letter of a later stage shows it.
   */
  public SourcedRecord becoming(GenericRecord next) {
    return new SourcedRecord(source, names, index, next, null, PayloadFormat.JSON, eventTime);
  }

  /**
   * {@code next} in place of this record (the same record with fields added, such as a household's
   * flags or features), with this one's source, payload and event time: a dead letter of {@code
   * next} shows the input as it was read.
   */
  public SourcedRecord withRecord(GenericRecord next) {
    return new SourcedRecord(source, names, index, next, payload, payloadFormat, eventTime);
  }

  /**
   * This record, keeping {@code time} as its own event time (null: none kept), before a step gives
   * it another timestamp.
   */
  public SourcedRecord at(Instant time) {
    return new SourcedRecord(source, names, index, record, payload, payloadFormat, time);
  }

  /**
   * The record's own event time when a step re-stamped it ({@link #at}), else {@code null}: its
   * Beam timestamp is then its event time.
   */
  public Instant eventTime() {
    return eventTime;
  }

  /** File path and record number (or another origin), e.g. {@code people.csv:12}. */
  public String source() {
    if (source == null) {
      source = Objects.requireNonNull(names.apply(index), "source");
    }
    return source;
  }

  /**
   * The record's place in its input, without where the input is stored: for a file source ({@code
   * path:number}) the file's name and the record number ({@code people.csv:12} for {@code
   * gs://bucket/in/people.csv:12} and {@code /data/in/people.csv:12} alike), otherwise the whole
   * source (a Kafka record's {@code topic/partition/offset}). Part of the default record key.
   */
  public String position() {
    String text = source();
    int colon = text.lastIndexOf(':');
    if (colon < 0 || colon == text.length() - 1) {
      return text;
    }
    for (int i = colon + 1; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return text;
      }
    }
    int separator = Math.max(text.lastIndexOf('/', colon), text.lastIndexOf('\\', colon));
    return separator < 0 ? text : text.substring(separator + 1);
  }

  /** The decoded record. */
  public GenericRecord record() {
    return record;
  }

  /**
   * The raw bytes the record was decoded from, or {@code null} when the record itself is the
   * original (Avro and Parquet inputs).
   */
  public byte[] payload() {
    return payload;
  }

  /** How to read {@link #payload}: {@code csv}, or the format of the record. */
  public PayloadFormat payloadFormat() {
    return payloadFormat;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SourcedRecord that
        && source().equals(that.source())
        && record.equals(that.record)
        && Arrays.equals(payload, that.payload)
        && payloadFormat == that.payloadFormat
        && Objects.equals(eventTime, that.eventTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source(), record, Arrays.hashCode(payload), payloadFormat, eventTime);
  }

  @Override
  public String toString() {
    return "SourcedRecord["
        + source()
        + ", "
        + record
        + (eventTime == null ? "" : ", event time " + eventTime)
        + "]";
  }
}
