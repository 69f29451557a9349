package org.flowimpute.pipelines.io.kafka;

import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.transforms.Reason;
import org.flowimpute.pipelines.transforms.Stage;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.joda.time.Instant;

/**
 * Decodes each Kafka message value into a record of the topic's schema, tagged with {@code
 * topic/partition/offset} and keeping the original bytes (for dead letters of later stages), and
 * sorts out what cannot go on, as dead letters holding the original bytes:
 *
 * <ul>
 *   <li>a value that is not one record of the schema: stage {@code decode}, reason {@code
 *       malformed}, with the field it is wrong in when one is to blame;
 *   <li>an event-time field that is missing or null ({@code missing_field}) or unparsable ({@code
 *       malformed}): stage {@code decode}, also when the value lacks an event-time field its schema
 *       requires (so that it cannot be decoded at all);
 *   <li>a late record: stage {@code window}, reason {@code late}. The read's timestamp policy
 *       ({@link PartitionEventTimePolicy}) decided it: a record's timestamp differs from its event
 *       time exactly when it was late.
 * </ul>
 *
 * Records keep the timestamp the policy gave them (their event time).
 */
final class DecodeKafkaRecordsFn extends DoFn<KafkaRecord<byte[], byte[]>, SourcedRecord> {

  /** Decoded records. */
  static final TupleTag<SourcedRecord> RECORDS = new TupleTag<>() {};

  /** Values that could not be decoded, or came too late. */
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private static final byte[] EMPTY = new byte[0];

  private final PayloadDecoder decoder;
  private final KafkaEventTimes eventTimes;
  private final Counter read = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_read");

  DecodeKafkaRecordsFn(PayloadDecoder decoder, KafkaEventTimes eventTimes) {
    this.decoder = decoder;
    this.eventTimes = eventTimes;
  }

  @ProcessElement
  public void processElement(
      @Element KafkaRecord<byte[], byte[]> message,
      @Timestamp Instant timestamp,
      MultiOutputReceiver out) {
    read.inc();
    String source = message.getTopic() + "/" + message.getPartition() + "/" + message.getOffset();
    byte[] payload = message.getKV().getValue();
    GenericRecord record;
    try {
      record = decoder.decode(payload);
    } catch (MalformedPayloadException e) {
      byte[] original = payload == null ? EMPTY : payload;
      out.get(FAILED)
          .output(
              missingEventTime(e)
                  ? DeadLetters.missingField(
                      source, original, decoder.format(), e.field(), e.getMessage())
                  : DeadLetters.undecodable(
                      source, original, decoder.format(), e.field(), e.getMessage()));
      return;
    }
    SourcedRecord sourced = new SourcedRecord(source, record, payload, decoder.format());
    EventTimePolicy policy = eventTimes.policy();
    Instant eventTime;
    try {
      eventTime =
          eventTimes.kafkaTimestamps()
              ? policy.kafkaTimestamp(message.getTimestamp())
              : policy.eventTime(record);
    } catch (EventTimePolicy.EventTimeException e) {
      Reason reason = e.missing() ? Reason.MISSING_FIELD : Reason.MALFORMED;
      out.get(FAILED)
          .output(
              DeadLetters.reject(
                  sourced,
                  Stage.DECODE,
                  reason,
                  eventTimes.kafkaTimestamps() ? null : policy.field(),
                  null,
                  e.getMessage()));
      return;
    }
    if (!eventTime.equals(timestamp)) {
      out.get(FAILED)
          .output(
              DeadLetters.reject(
                  sourced,
                  Stage.WINDOW,
                  Reason.LATE,
                  eventTimes.kafkaTimestamps() ? null : policy.field(),
                  null,
                  "event time "
                      + eventTime
                      + " belongs to a window ending "
                      + policy.windows().firstWindowEnd(eventTime)
                      + ", already closed when the record was read (partition watermark "
                      + "passed it; the record is dated "
                      + timestamp
                      + ")"));
      return;
    }
    out.get(RECORDS).output(sourced);
  }

  /** Whether the value lacks the event-time field (which is neither nullable nor defaulted). */
  private boolean missingEventTime(MalformedPayloadException e) {
    return e.missing()
        && !eventTimes.kafkaTimestamps()
        && eventTimes.policy().field().equals(e.field());
  }
}
