package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.flowimpute.pipelines.values.EncodedRecord;
import org.flowimpute.pipelines.values.ImputedRecord;
import org.junit.jupiter.api.Test;

class FastDatumWriterTest {

  private static final Schema SCHEMA =
      SchemaBuilder.record("Person")
          .fields()
          .optionalString("nullFirst")
          .name("nullLast")
          .type()
          .unionOf()
          .doubleType()
          .and()
          .nullType()
          .endUnion()
          .noDefault()
          .name("threeWay")
          .type()
          .unionOf()
          .nullType()
          .and()
          .longType()
          .and()
          .stringType()
          .endUnion()
          .noDefault()
          .requiredString("plain")
          .endRecord();

  @Test
  void writesTheSameBytesAsAvrosWriterForNullAndNonNullValues() throws IOException {
    Object[][] rows = {
      {"a", 1.5, 7L, "x"}, {null, null, null, "y"}, {"b", null, "text", "z"}, {null, -2.0, 3L, ""}
    };
    for (Object[] row : rows) {
      assertSameBytesAsAvro(SCHEMA, record(SCHEMA, row));
    }
  }

  @Test
  void aValueOfTheWrongTypeStillFailsTheWrite() {
    GenericRecord record = new GenericData.Record(SCHEMA);
    record.put("nullFirst", 42);
    record.put("plain", "x");

    assertThrows(
        ClassCastException.class, () -> bytes(FastDatumWriter.factory().apply(SCHEMA), record));
  }

  /** Every primitive type, required and optional, plus fields left to Avro, bytes as Avro's. */
  @Test
  void writesEveryPrimitiveAndOptionalTypeAsAvroDoes() throws IOException {
    Schema schema =
        SchemaBuilder.record("Mixed")
            .fields()
            .requiredInt("i")
            .requiredLong("l")
            .requiredFloat("f")
            .requiredDouble("d")
            .requiredBoolean("b")
            .requiredString("s")
            .optionalInt("oi")
            .optionalLong("ol")
            .optionalFloat("of")
            .optionalDouble("od")
            .optionalBoolean("ob")
            .name("e")
            .type()
            .enumeration("Color")
            .symbols("RED", "GREEN")
            .noDefault()
            .name("tags")
            .type()
            .array()
            .items()
            .stringType()
            .noDefault()
            .endRecord();
    Object[][] rows = {
      {-7, Long.MIN_VALUE, 1.25f, Double.NaN, true, "\u00e9t\u00e9", 3, 4L, -0.5f, 1e300, false},
      {0, 0L, 0f, -0.0, false, "", null, null, null, null, null}
    };
    for (Object[] row : rows) {
      GenericRecord record = record(schema, row);
      record.put("e", new GenericData.EnumSymbol(schema.getField("e").schema(), "GREEN"));
      record.put("tags", List.of("a", "bc"));

      assertSameBytesAsAvro(schema, record);
    }
  }

  /** A null in a required field fails with Avro's message naming the field. */
  @Test
  void aNullInARequiredFieldNamesTheField() {
    GenericRecord record = new GenericData.Record(SCHEMA);
    record.put("nullFirst", "a");
    record.put("nullLast", 1.0);
    record.put("threeWay", 1L);

    NullPointerException error =
        assertThrows(
            NullPointerException.class,
            () -> bytes(FastDatumWriter.factory().apply(SCHEMA), record));
    assertTrue(error.getMessage().contains("plain"), error.getMessage());
  }

  /**
   * An imputed record whose input keeps its bytes is written with those bytes for the copied
   * leading fields: the file bytes equal Avro's encoding of the values, whether the copied fields
   * are all of the input's or only its first ones, and after a copied field changes.
   */
  @Test
  void copiedLeadingFieldsAreWrittenAsTheInputsBytes() throws IOException {
    Schema output =
        Schema.createRecord(
            "PersonImputed",
            null,
            null,
            false,
            List.of(
                new Schema.Field(
                    SCHEMA.getField("nullFirst"), SCHEMA.getField("nullFirst").schema()),
                new Schema.Field(SCHEMA.getField("nullLast"), SCHEMA.getField("nullLast").schema()),
                new Schema.Field("income", Schema.create(Schema.Type.DOUBLE)),
                new Schema.Field("record_key", Schema.create(Schema.Type.STRING))));
    Object[][] rows = {{"caf\u00e9 \u4e2d", 1.5}, {null, null}, {"", -0.0}};
    for (Object[] row : rows) {
      for (int copied : new int[] {1, 2}) {
        GenericRecord input = new GenericData.Record(SCHEMA);
        input.put("nullFirst", row[0]);
        input.put("nullLast", row[1]);
        input.put("threeWay", 9L);
        input.put("plain", "dropped");
        EncodedRecord encoded = encoded(input);

        ImputedRecord imputed = new ImputedRecord(output, encoded, copied);
        imputed.copy(0, encoded.get(0));
        imputed.copy(1, encoded.get(1));
        imputed.put(2, 1234.5);
        imputed.put(3, "key");
        assertArrayEquals(
            bytes(new GenericDatumWriter<>(output), imputed),
            bytes(FastDatumWriter.factory().apply(output), imputed));

        imputed.put(0, "changed");
        assertArrayEquals(
            bytes(new GenericDatumWriter<>(output), imputed),
            bytes(FastDatumWriter.factory().apply(output), imputed));
      }
    }
  }

  /** A change to a record read with its bytes makes it forget them. */
  @Test
  void aChangedRecordForgetsItsBytes() throws IOException {
    GenericRecord input = new GenericData.Record(SCHEMA);
    input.put("plain", "x");
    EncodedRecord encoded = encoded(input);
    assertTrue(encoded.hasEncoding());

    encoded.put("plain", "y");

    assertFalse(encoded.hasEncoding());
  }

  /** A record of {@code schema} whose first fields hold {@code values}. */
  private static GenericRecord record(Schema schema, Object[] values) {
    GenericRecord record = new GenericData.Record(schema);
    for (int i = 0; i < values.length; i++) {
      record.put(i, values[i]);
    }
    return record;
  }

  private static void assertSameBytesAsAvro(Schema schema, GenericRecord record)
      throws IOException {
    assertArrayEquals(
        bytes(new GenericDatumWriter<>(schema), record),
        bytes(FastDatumWriter.factory().apply(schema), record));
  }

  /** {@code record} as read from a block holding another record before it, with its bytes. */
  private static EncodedRecord encoded(GenericRecord record) throws IOException {
    GenericRecord before = new GenericData.Record(SCHEMA);
    before.put("nullFirst", "a record before this one in the block");
    before.put("plain", "");
    byte[] first = bytes(new GenericDatumWriter<>(SCHEMA), before);
    byte[] own = bytes(new GenericDatumWriter<>(SCHEMA), record);
    byte[] block = new byte[first.length + own.length + 5];
    System.arraycopy(first, 0, block, 0, first.length);
    System.arraycopy(own, 0, block, first.length, own.length);
    EncodedRecord encoded = new EncodedRecord(SCHEMA);
    for (Schema.Field field : SCHEMA.getFields()) {
      encoded.put(field.pos(), record.get(field.pos()));
    }
    encoded.setEncoding(block, first.length, own.length);
    return encoded;
  }

  private static byte[] bytes(DatumWriter<GenericRecord> writer, GenericRecord record)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    writer.write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
