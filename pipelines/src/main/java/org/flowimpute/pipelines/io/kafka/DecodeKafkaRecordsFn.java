package org.flowimpute.pipelines.io.kafka;

import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Decodes each Kafka message value into a record of the topic's schema, tagged with {@code
 * topic/partition/offset} and keeping the original bytes (for dead letters of later stages). A
 * value that is not one record of the schema, or whose event-time field cannot be read, becomes a
 * {@code decode} / {@code malformed} dead letter holding the original bytes. Records keep the
 * timestamp the read's timestamp policy gave them (their event time).
 */
final class DecodeKafkaRecordsFn extends DoFn<KafkaRecord<byte[], byte[]>, SourcedRecord> {

  /** Decoded records. */
  static final TupleTag<SourcedRecord> RECORDS = new TupleTag<>() {};

  /** Values that could not be decoded. */
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private static final byte[] EMPTY = new byte[0];

  private final PayloadDecoder decoder;
  private final EventTime eventTime;
  private final Counter read = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_read");

  DecodeKafkaRecordsFn(PayloadDecoder decoder, EventTime eventTime) {
    this.decoder = decoder;
    this.eventTime = eventTime;
  }

  @ProcessElement
  public void processElement(
      @Element KafkaRecord<byte[], byte[]> message, MultiOutputReceiver out) {
    read.inc();
    String source = message.getTopic() + "/" + message.getPartition() + "/" + message.getOffset();
    byte[] payload = message.getKV().getValue();
    try {
      GenericRecord record = decoder.decode(payload);
      eventTime.of(message, record);
      out.get(RECORDS).output(new SourcedRecord(source, record, payload, decoder.format()));
    } catch (MalformedPayloadException e) {
      out.get(FAILED)
          .output(
              DeadLetters.undecodable(
                  source,
                  payload == null ? EMPTY : payload,
                  decoder.format(),
                  e.field(),
                  e.getMessage()));
    }
  }
}
