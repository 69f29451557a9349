package org.flowimpute.pipelines.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;

/** People records with an event-time field, encoded as Kafka message values. */
public final class KafkaMessages {

  /** id, age, region, weight (as {@link TestData#PERSON}) and event_time (timestamp-millis). */
  public static final Schema TIMED_PERSON =
      SchemaBuilder.record("TimedPerson")
          .namespace("org.flowimpute.test")
          .fields()
          .requiredString("id")
          .name("age")
          .type()
          .nullable()
          .doubleType()
          .noDefault()
          .name("region")
          .type()
          .nullable()
          .stringType()
          .noDefault()
          .requiredDouble("weight")
          .name("event_time")
          .type()
          .unionOf()
          .nullType()
          .and()
          .type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
          .endUnion()
          .noDefault()
          .endRecord();

  private KafkaMessages() {}

  /** One timed person; {@code eventTime} in epoch millis, or null. */
  public static GenericRecord person(
      String id, Double age, String region, double weight, Long eventTime) {
    GenericData.Record record = new GenericData.Record(TIMED_PERSON);
    record.put("id", id);
    record.put("age", age);
    record.put("region", region);
    record.put("weight", weight);
    record.put("event_time", eventTime);
    return record;
  }

  /** The record's Avro binary encoding. */
  public static byte[] avroBinary(GenericRecord record) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
      new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
      encoder.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The record's Avro JSON encoding, as UTF-8 bytes. */
  public static byte[] avroJson(GenericRecord record) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(record.getSchema(), bytes);
      new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
      encoder.flush();
      return bytes.toString(StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes an Avro binary value written with {@code schema}. */
  public static GenericRecord decode(byte[] value, Schema schema) {
    try {
      return new GenericDatumReader<GenericRecord>(schema)
          .read(null, DecoderFactory.get().binaryDecoder(value, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Text bytes (e.g. a JSON value). */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
