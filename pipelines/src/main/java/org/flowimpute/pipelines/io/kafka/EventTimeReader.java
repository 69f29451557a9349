package org.flowimpute.pipelines.io.kafka;

import java.io.Serializable;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.joda.time.Instant;

/**
 * Reads the event time of a raw Kafka record for the timestamp policy, before the value is decoded
 * in full: from the Kafka timestamp, or by decoding only the event-time field (an Avro projection).
 */
final class EventTimeReader implements Serializable {

  private static final long serialVersionUID = 1L;

  private final EventTime eventTime;
  private final PayloadDecoder projection;

  private EventTimeReader(EventTime eventTime, PayloadDecoder projection) {
    this.eventTime = eventTime;
    this.projection = projection;
  }

  /** Reads {@code eventTime} from values of {@code schema} in {@code format}. */
  static EventTimeReader of(EventTime eventTime, Schema schema, PayloadFormat format) {
    eventTime.check(schema);
    PayloadDecoder projection =
        eventTime.fieldName() == null
            ? null
            : PayloadDecoder.resolving(schema, eventTime.projection(schema), format);
    return new EventTimeReader(eventTime, projection);
  }

  /** The record's event time, or {@code null} when its value cannot be read. */
  Instant read(KafkaRecord<byte[], byte[]> record) {
    if (projection == null) {
      return new Instant(record.getTimestamp());
    }
    try {
      return eventTime.of(record, projection.decode(record.getKV().getValue()));
    } catch (MalformedPayloadException e) {
      return null;
    }
  }
}
