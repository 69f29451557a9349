package org.flowimpute.pipelines.io.kafka;

import java.io.Serializable;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.joda.time.Instant;

/**
 * Reads the event time of a raw Kafka message: its Kafka timestamp, or the policy's event-time
 * field, decoded on its own (an Avro projection of the value onto that one field) so that the
 * timestamp policy need not decode whole records.
 */
final class KafkaEventTimes implements Serializable {

  private static final long serialVersionUID = 1L;

  private final EventTimePolicy policy;
  private final PayloadDecoder projection;

  private KafkaEventTimes(EventTimePolicy policy, PayloadDecoder projection) {
    this.policy = policy;
    this.projection = projection;
  }

  /** Event times from the Kafka message timestamp. */
  static KafkaEventTimes fromKafkaTimestamps(EventTimePolicy policy) {
    return new KafkaEventTimes(policy, null);
  }

  /**
   * Event times from the policy's field of values of {@code schema} in {@code format}.
   *
   * @throws IllegalArgumentException if the schema has no such field
   */
  static KafkaEventTimes fromField(EventTimePolicy policy, Schema schema, PayloadFormat format) {
    Schema.Field field = schema.getField(policy.field());
    if (field == null) {
      throw new IllegalArgumentException(
          "event-time field '"
              + policy.field()
              + "' is not in the record schema "
              + schema.getFullName()
              + "; name another (--event-time-field) or use the Kafka timestamp"
              + " (--kafkaTimestamps)");
    }
    Schema projection =
        SchemaBuilder.record(schema.getName())
            .namespace(schema.getNamespace())
            .fields()
            .name(field.name())
            .type(field.schema())
            .noDefault()
            .endRecord();
    return new KafkaEventTimes(policy, PayloadDecoder.resolving(schema, projection, format));
  }

  /** The windows, lag and lateness rule event times are judged by. */
  EventTimePolicy policy() {
    return policy;
  }

  /** Whether event times come from the Kafka timestamp rather than a field. */
  boolean kafkaTimestamps() {
    return projection == null;
  }

  /**
   * The message's event time, or {@code null} when its value, event-time field or timestamp is
   * unusable (the decoding step makes it a dead letter).
   */
  Instant read(KafkaRecord<byte[], byte[]> message) {
    try {
      if (projection == null) {
        return policy.kafkaTimestamp(message.getTimestamp());
      }
      return policy.eventTime(projection.decode(message.getKV().getValue()));
    } catch (MalformedPayloadException | EventTimePolicy.EventTimeException e) {
      return null;
    }
  }
}
