package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class OptionalFieldWriterTest {

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
      GenericRecord record = new GenericData.Record(SCHEMA);
      for (int i = 0; i < row.length; i++) {
        record.put(i, row[i]);
      }

      assertArrayEquals(
          bytes(new GenericDatumWriter<>(SCHEMA), record),
          bytes(OptionalFieldWriter.factory().apply(SCHEMA), record));
    }
  }

  @Test
  void aValueOfTheWrongTypeStillFailsTheWrite() {
    GenericRecord record = new GenericData.Record(SCHEMA);
    record.put("nullFirst", 42);
    record.put("plain", "x");

    assertThrows(
        ClassCastException.class, () -> bytes(OptionalFieldWriter.factory().apply(SCHEMA), record));
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
