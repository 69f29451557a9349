package org.flowimpute.pipelines.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.flowimpute.infer.ImputedAmounts;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.pipelines.io.FastDatumWriter;
import org.flowimpute.pipelines.testing.FakeModelProvider;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.values.ConditionField;
import org.flowimpute.pipelines.values.EncodedRecord;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.TargetField;
import org.junit.jupiter.api.Test;

/**
 * An output written as bytes must be exactly the Avro encoding of the output record, whether the
 * input's bytes are copied and the added fields encoded straight from the batch, or the record is
 * built and written: the imputed files of the block path and of the record path are the same.
 */
class OutputRecordsTest {

  private static final Schema PERSON = TestData.PERSON;

  private static final ModelFields MODEL =
      new ModelFields(
          "model-7",
          List.of(ConditionField.numeric("age")),
          List.of(
              TargetField.continuous("income"),
              TargetField.categorical("benefit", List.of("0", "1")),
              TargetField.categorical("tenure", List.of("rent", "own", "other"))),
          "weight");

  /** A person with a target already in it: the output replaces it by the imputed one. */
  private static final Schema PERSON_WITH_INCOME =
      SchemaBuilder.record("Person")
          .fields()
          .requiredString("id")
          .requiredDouble("income")
          .requiredDouble("weight")
          .endRecord();

  /** One record: income 1234.5 (positive), benefit "1", tenure "other". */
  private static final ImputedBatch BATCH =
      new ImputedBatch(
          1,
          3,
          3,
          0,
          new float[] {1234.5f, 1f, 2f},
          new long[] {2, 1, 2},
          new float[0],
          ImputedAmounts.none());

  @Test
  void writesTheRecordsEncodingFromTheInputsBytes() throws IOException {
    GenericRecord input = encoded(PERSON, TestData.person("p1", 41.0, "north", 2.5));

    assertWritesItsRecord(PERSON, input);
  }

  @Test
  void writesTheRecordsEncodingWhenTheInputHoldsATarget() throws IOException {
    GenericData.Record person = new GenericData.Record(PERSON_WITH_INCOME);
    person.put("id", "p2");
    person.put("income", -5.0);
    person.put("weight", 3.0);

    assertWritesItsRecord(PERSON_WITH_INCOME, encoded(PERSON_WITH_INCOME, person));
  }

  @Test
  void writesTheRecordsEncodingWhenTheInputsBytesAreUnknown() throws IOException {
    assertWritesItsRecord(PERSON, TestData.person("p3", null, null, 1.0));
  }

  /**
   * A 0/1 column trains as a continuous target with a point mass at 1: its gate state 3 ("=1.0") is
   * written with its label and amount, built or encoded straight from the batch (the pipelines knew
   * only the three sign states and refused it as a state outside the manifest).
   */
  @Test
  void writesAPointMassStateOfAContinuousTarget() throws IOException {
    ModelFields model =
        new ModelFields(
            "model-8",
            List.of(ConditionField.numeric("age")),
            List.of(
                TargetField.continuous("pension", List.of("negative", "zero", "positive", "=1.0"))),
            "weight");
    ImputedBatch atOne =
        new ImputedBatch(
            1, 1, 1, 4, new float[] {1f}, new long[] {3}, new float[0], ImputedAmounts.none());
    Schema outputSchema = OutputSchema.derive(PERSON, model);
    GenericRecord input = encoded(PERSON, TestData.person("p5", 41.0, "north", 2.5));

    OutputRecords.Output output =
        OutputRecords.of(outputSchema, model, new FakeModelProvider(model).open())
            .output(input, "key-5", atOne, 0);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(written, null);
    output.write(encoder, FastDatumWriter.of(outputSchema));
    encoder.flush();

    assertEquals(1.0, (Double) output.record().get("pension"));
    assertEquals("=1.0", output.record().get("pension_gate").toString());
    assertArrayEquals(avroEncoding(outputSchema, output.record()), written.toByteArray());
  }

  @Test
  void rejectsAGateStateOutsideTheManifest() {
    ImputedBatch badState =
        new ImputedBatch(
            1,
            3,
            3,
            0,
            new float[] {1f, 1f, 1f},
            new long[] {2, 1, 3},
            new float[0],
            ImputedAmounts.none());
    OutputRecords outputs = outputs(PERSON);
    GenericRecord input = TestData.person("p4", 30.0, "east", 1.0);

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> outputs.output(input, "p4", badState, 0));
    assertTrue(error.getMessage().contains("tenure"), error.getMessage());
  }

  private static void assertWritesItsRecord(Schema inputSchema, GenericRecord input)
      throws IOException {
    Schema outputSchema = OutputSchema.derive(inputSchema, MODEL);
    OutputRecords.Output output = outputs(inputSchema).output(input, "key-1", BATCH, 0);
    GenericRecord record = output.record();

    ByteArrayOutputStream written = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(written, null);
    output.write(encoder, FastDatumWriter.of(outputSchema));
    encoder.flush();

    assertArrayEquals(avroEncoding(outputSchema, record), written.toByteArray());
    assertEquals(1234.5, (Double) record.get("income"));
    assertEquals("1", record.get("benefit").toString());
    assertEquals("other", record.get("tenure").toString());
    assertEquals("positive", record.get("income_gate").toString());
    assertEquals(input.get("weight"), record.get("weight"));
    assertEquals("model-7", record.get("model_id").toString());
    assertEquals("key-1", record.get("record_key").toString());
  }

  private static OutputRecords outputs(Schema inputSchema) {
    return OutputRecords.of(
        OutputSchema.derive(inputSchema, MODEL), MODEL, new FakeModelProvider(MODEL).open());
  }

  /** {@code record} as the Avro block decoder gives it: decoded, with its bytes known. */
  private static EncodedRecord encoded(Schema schema, GenericRecord record) throws IOException {
    byte[] bytes = avroEncoding(schema, record);
    EncodedRecord decoded =
        (EncodedRecord)
            new GenericDatumReader<GenericRecord>(schema)
                .read(new EncodedRecord(schema), DecoderFactory.get().binaryDecoder(bytes, null));
    decoded.setEncoding(bytes, 0, bytes.length);
    return decoded;
  }

  private static byte[] avroEncoding(Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return bytes.toByteArray();
  }
}
