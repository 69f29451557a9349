package org.flowimpute.pipelines.transforms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Metrics;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Builds the failure envelope every fallible transform emits on its failure tag: the record's
 * original payload, where it came from, the stage and reason, and a message naming the field and
 * what was expected. Each envelope also bumps the metric {@code dead_letters_<stage>_<reason>}.
 */
public final class DeadLetters {

  /** Beam metrics namespace of every flowimpute pipeline metric. */
  public static final String METRICS_NAMESPACE = "flowimpute";

  /**
   * The metric counting dead letters that stand for rows not read ({@link #unreadRest}); not {@code
   * dead_letters_…}: they are counted there too, by stage and reason.
   */
  public static final String UNREAD_RESTS = "unread_rests";

  private DeadLetters() {}

  /** The coder of dead letters (Avro, generated schema). */
  public static AvroCoder<DeadLetter> coder() {
    return AvroCoder.of(DeadLetter.class);
  }

  /** The metric name counting dead letters of one stage and reason. */
  public static String metricName(Stage stage, Reason reason) {
    return "dead_letters_" + stage.label() + "_" + reason.code();
  }

  /**
   * A rejection that is not an exception (validation): {@code error_class} holds the reason code.
   * The message ends with the record's own event time when it carries one ({@link
   * SourcedRecord#eventTime}: a streamed household's member, whose timestamp is its release's).
   */
  public static DeadLetter reject(
      SourcedRecord record, Stage stage, Reason reason, String field, String key, String message) {
    count(stage, reason);
    return envelope(record.source(), payloadOf(record), formatOf(record), stage)
        .setErrorClass(reason.code())
        .setField(field)
        .setRecordKey(key)
        .setMessage(record.source() + ": " + message + eventTimeOf(record, stage))
        .build();
  }

  /**
   * A record whose stage threw {@code error}: an encoder's {@link EncodingException} is a rejection
   * ({@code error_class} the reason code of its {@linkplain EncodingException#kind kind}, {@code
   * field} the field it names); any other error's {@code error_class} is its exception class.
   */
  public static DeadLetter failure(
      SourcedRecord record, Stage stage, String key, RuntimeException error) {
    if (error instanceof EncodingException encoding) {
      return reject(
          record,
          stage,
          Reason.of(encoding.kind()),
          encoding.field(),
          key,
          "field '" + encoding.field() + "': " + encoding.problem());
    }
    count(stage, Reason.ERROR);
    return envelope(record.source(), payloadOf(record), formatOf(record), stage)
        .setErrorClass(error.getClass().getName())
        .setRecordKey(key)
        .setMessage(record.source() + ": " + describe(error) + eventTimeOf(record, stage))
        .build();
  }

  /**
   * {@code " (imputed record of event time T)"} ({@code calibrate}; {@code record} before) when
   * {@code record} carries its own event time T, else nothing.
   */
  private static String eventTimeOf(SourcedRecord record, Stage stage) {
    if (record.eventTime() == null) {
      return "";
    }
    return (stage == Stage.CALIBRATE ? " (imputed record" : " (record")
        + " of event time "
        + record.eventTime()
        + ")";
  }

  /** Raw bytes that could not even be decoded into a record (e.g. a malformed CSV row). */
  public static DeadLetter undecodable(
      String source, byte[] payload, PayloadFormat format, String field, String message) {
    return undecodable(source, payload, format, field, null, message);
  }

  /**
   * {@link #undecodable(String, byte[], PayloadFormat, String, String)} whose record key is known
   * ({@code key}, null if not): e.g. a CSV row whose key cell reads though another cell does not.
   */
  public static DeadLetter undecodable(
      String source,
      byte[] payload,
      PayloadFormat format,
      String field,
      String key,
      String message) {
    return decodeFailure(Reason.MALFORMED, source, payload, format, field, key, message);
  }

  /**
   * Raw bytes that could not be decoded into a record because they lack a field the record must
   * have (e.g. a Kafka JSON value without its event-time field): stage {@code decode}, reason
   * {@code missing_field}.
   */
  public static DeadLetter missingField(
      String source, byte[] payload, PayloadFormat format, String field, String message) {
    return missingField(source, payload, format, field, null, message);
  }

  /**
   * {@link #missingField(String, byte[], PayloadFormat, String, String)} whose record key is known
   * ({@code key}, null if not): e.g. a CSV row of a file whose header lacks a condition column.
   */
  public static DeadLetter missingField(
      String source,
      byte[] payload,
      PayloadFormat format,
      String field,
      String key,
      String message) {
    return decodeFailure(Reason.MISSING_FIELD, source, payload, format, field, key, message);
  }

  /** A {@code decode} dead letter of {@code reason}, counted, its message led by the source. */
  private static DeadLetter decodeFailure(
      Reason reason,
      String source,
      byte[] payload,
      PayloadFormat format,
      String field,
      String key,
      String message) {
    count(Stage.DECODE, reason);
    return envelope(source, payload, format, Stage.DECODE)
        .setErrorClass(reason.code())
        .setField(field)
        .setRecordKey(key)
        .setMessage(source + ": " + message)
        .build();
  }

  /**
   * An {@link #undecodable} dead letter that stands for the rows from {@code source} on that were
   * not read (the rest of a file that cannot be read, or of an Avro block), so that a job's summary
   * can say that its count of dead letters is not a count of rows; bumps {@link #UNREAD_RESTS}.
   */
  public static DeadLetter unreadRest(String source, PayloadFormat format, String message) {
    countUnreadRest();
    return undecodable(source, new byte[0], format, null, message);
  }

  private static DeadLetter.Builder envelope(
      String source, byte[] payload, PayloadFormat format, Stage stage) {
    return DeadLetter.newBuilder()
        .setOriginalPayload(ByteBuffer.wrap(payload))
        .setPayloadFormat(format.label())
        .setSource(source)
        .setStage(stage.label())
        .setTimestamp(Instant.ofEpochMilli(System.currentTimeMillis()));
  }

  /**
   * Bumps the metric of a dead letter built where metrics are not kept (a source's reader, see
   * {@code DirectoryReader}), by its stage and reason code.
   */
  public static void count(DeadLetter letter) {
    Metrics.counter(
            METRICS_NAMESPACE, "dead_letters_" + letter.getStage() + "_" + letter.getErrorClass())
        .inc();
  }

  /**
   * Bumps {@link #UNREAD_RESTS} for an {@link #unreadRest} dead letter built where metrics are not
   * kept (a source's reader), as {@link #count(DeadLetter)} does its stage and reason.
   */
  public static void countUnreadRest() {
    Metrics.counter(METRICS_NAMESPACE, UNREAD_RESTS).inc();
  }

  private static void count(Stage stage, Reason reason) {
    Metrics.counter(METRICS_NAMESPACE, metricName(stage, reason)).inc();
  }

  private static String describe(RuntimeException error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
  }

  private static PayloadFormat formatOf(SourcedRecord record) {
    return record.payload() != null ? record.payloadFormat() : PayloadFormat.JSON;
  }

  /** The CSV line as read, or the record in Avro's JSON encoding (decodable with its schema). */
  private static byte[] payloadOf(SourcedRecord record) {
    if (record.payload() != null) {
      return record.payload();
    }
    GenericRecord value = record.record();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(value.getSchema(), out);
      new GenericDatumWriter<GenericRecord>(value.getSchema()).write(value, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the payload of " + record.source(), e);
    }
  }
}
