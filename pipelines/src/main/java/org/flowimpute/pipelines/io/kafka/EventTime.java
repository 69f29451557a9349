package org.flowimpute.pipelines.io.kafka;

import java.io.Serializable;
import java.time.format.DateTimeParseException;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.joda.time.Instant;

/**
 * Where a Kafka record's event time comes from: the Kafka message timestamp (create or log-append
 * time, as the topic is configured), or a field of the record.
 *
 * <p>A field may be a {@code long} (epoch milliseconds; also {@code timestamp-millis}), a {@code
 * long} with logical type {@code timestamp-micros}, or a string holding an ISO-8601 instant ({@code
 * 2026-03-01T12:00:00Z}); it may be nullable, but a record whose field is null or unreadable is a
 * dead letter.
 */
public final class EventTime implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String field;

  private EventTime(String field) {
    this.field = field;
  }

  /** The Kafka message timestamp. */
  public static EventTime kafkaTimestamp() {
    return new EventTime(null);
  }

  /** The value of {@code field}. */
  public static EventTime field(String field) {
    if (field == null || field.isBlank()) {
      throw new IllegalArgumentException("the event-time field name must not be blank");
    }
    return new EventTime(field);
  }

  /** The field event times are read from, or {@code null} for the Kafka timestamp. */
  public String fieldName() {
    return field;
  }

  /** Checks that {@code schema} has the field, with a type event times can be read from. */
  void check(Schema schema) {
    if (field == null) {
      return;
    }
    Schema.Field schemaField = schema.getField(field);
    if (schemaField == null) {
      throw new IllegalArgumentException(
          "event-time field '" + field + "' is not in the schema " + schema.getFullName());
    }
    Schema type = nonNull(schemaField.schema());
    if (type.getType() != Schema.Type.LONG && type.getType() != Schema.Type.STRING) {
      throw new IllegalArgumentException(
          "event-time field '"
              + field
              + "' must be a long (epoch millis, timestamp-millis, timestamp-micros) or an"
              + " ISO-8601 string, got "
              + type);
    }
  }

  /**
   * A reader schema holding only the event-time field of {@code schema}, for reading event times
   * without decoding whole records.
   */
  Schema projection(Schema schema) {
    Schema.Field schemaField = schema.getField(field);
    return SchemaBuilder.record(schema.getName())
        .namespace(schema.getNamespace())
        .fields()
        .name(field)
        .type(schemaField.schema())
        .noDefault()
        .endRecord();
  }

  /** The event time of a Kafka record whose value decoded to {@code record}. */
  Instant of(KafkaRecord<?, ?> kafka, GenericRecord record) throws MalformedPayloadException {
    if (field == null) {
      return new Instant(kafka.getTimestamp());
    }
    Object value = record.get(field);
    Schema type = nonNull(record.getSchema().getField(field).schema());
    if (value instanceof Long number) {
      LogicalType logical = type.getLogicalType();
      return new Instant(
          logical instanceof LogicalTypes.TimestampMicros ? Math.floorDiv(number, 1000L) : number);
    }
    if (value instanceof CharSequence text) {
      try {
        return new Instant(java.time.Instant.parse(text).toEpochMilli());
      } catch (DateTimeParseException e) {
        throw new MalformedPayloadException(
            field, "field '" + field + "': expected an ISO-8601 instant, got '" + text + "'", e);
      }
    }
    throw new MalformedPayloadException(
        field, "field '" + field + "': expected an event time, got " + value, null);
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    return schema.getTypes().stream()
        .filter(s -> s.getType() != Schema.Type.NULL)
        .findFirst()
        .orElse(schema);
  }

  @Override
  public String toString() {
    return field == null ? "kafka timestamp" : "field " + field;
  }
}
