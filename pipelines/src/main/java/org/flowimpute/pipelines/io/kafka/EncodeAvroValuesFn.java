package org.flowimpute.pipelines.io.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;

/**
 * Turns each record into a Kafka message: key from the record ({@code keyOf}), value the record's
 * Avro binary encoding with its own schema (generated classes such as dead letters are written with
 * their logical-type conversions).
 */
final class EncodeAvroValuesFn<T extends GenericRecord> extends DoFn<T, KV<String, byte[]>> {

  private final SerializableFunction<T, String> keyOf;
  private transient GenericDatumWriter<GenericRecord> writer;
  private transient Schema writerSchema;
  private transient BinaryEncoder encoder;

  EncodeAvroValuesFn(SerializableFunction<T, String> keyOf) {
    this.keyOf = keyOf;
  }

  @ProcessElement
  public void processElement(@Element T record, OutputReceiver<KV<String, byte[]>> out)
      throws IOException {
    if (writer == null || !record.getSchema().equals(writerSchema)) {
      GenericData model =
          record instanceof org.apache.avro.specific.SpecificRecord
              ? SpecificData.getForClass(record.getClass())
              : GenericData.get();
      writerSchema = record.getSchema();
      writer = new GenericDatumWriter<>(writerSchema, model);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
    writer.write(record, encoder);
    encoder.flush();
    out.output(KV.of(keyOf.apply(record), bytes.toByteArray()));
  }
}
