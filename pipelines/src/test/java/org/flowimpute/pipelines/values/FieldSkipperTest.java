package org.flowimpute.pipelines.values;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class FieldSkipperTest {

  /** Every kind of field the skipper steps over itself, then one it leaves to Avro's reader. */
  private static final Schema SCHEMA =
      SchemaBuilder.record("Kinds")
          .namespace("org.flowimpute.test")
          .fields()
          .requiredString("text")
          .requiredInt("small")
          .requiredLong("large")
          .requiredBoolean("flag")
          .requiredFloat("single")
          .requiredDouble("amount")
          .requiredBytes("raw")
          .name("code")
          .type()
          .fixed("Code")
          .size(3)
          .noDefault()
          .name("colour")
          .type()
          .enumeration("Colour")
          .symbols("red", "green", "blue")
          .noDefault()
          .optionalString("note")
          .name("either")
          .type()
          .unionOf()
          .nullType()
          .and()
          .intType()
          .and()
          .stringType()
          .endUnion()
          .noDefault()
          .name("list")
          .type()
          .array()
          .items()
          .intType()
          .noDefault()
          .requiredString("last")
          .endRecord();

  /**
   * The bytes copied for the first {@code n} fields, for every {@code n}, are the ones Avro's
   * reader skips over, with one skipper reused across records of varied lengths (multi-byte lengths
   * and integers, negative numbers, every union branch) and field counts.
   */
  @Test
  void copiesTheBytesAvrosReaderSkipsOver() throws IOException {
    Random random = new Random(7);
    FieldSkipper skipper = new FieldSkipper();
    for (int r = 0; r < 200; r++) {
      byte[] bytes = encode(record(random));
      EncodedRecord encoded = new EncodedRecord(SCHEMA);
      encoded.setEncoding(bytes, 0, bytes.length);
      for (int fields = 0; fields <= SCHEMA.getFields().size(); fields++) {
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(copied, null);
        assertTrue(encoded.writeLeadingFields(fields, out, skipper));
        out.flush();

        assertArrayEquals(
            Arrays.copyOf(bytes, skippedByAvro(bytes, fields)),
            copied.toByteArray(),
            "record " + r + ", " + fields + " fields");
      }
    }
  }

  private static GenericData.Record record(Random random) {
    GenericData.Record record = new GenericData.Record(SCHEMA);
    record.put("text", text(random));
    record.put("small", random.nextInt());
    record.put("large", random.nextBoolean() ? random.nextLong() : random.nextInt(100) - 50L);
    record.put("flag", random.nextBoolean());
    record.put("single", random.nextFloat());
    record.put("amount", random.nextGaussian());
    record.put("raw", ByteBuffer.wrap(text(random).getBytes()));
    record.put(
        "code",
        new GenericData.Fixed(
            SCHEMA.getField("code").schema(), new byte[] {1, 2, (byte) random.nextInt(256)}));
    Schema colour = SCHEMA.getField("colour").schema();
    record.put(
        "colour",
        new GenericData.EnumSymbol(colour, colour.getEnumSymbols().get(random.nextInt(3))));
    record.put("note", random.nextBoolean() ? null : text(random));
    int branch = random.nextInt(3);
    record.put("either", branch == 0 ? null : branch == 1 ? random.nextInt() : text(random));
    record.put("list", List.of(random.nextInt(), random.nextInt()));
    record.put("last", text(random));
    return record;
  }

  /** Text of 0 to 300 characters, some beyond one byte in UTF-8. */
  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(4) == 0 ? random.nextInt(300) : random.nextInt(20);
    for (int i = 0; i < length; i++) {
      text.append(random.nextInt(10) == 0 ? '\u00e9' : (char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }

  private static byte[] encode(GenericData.Record record) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
    new GenericDatumWriter<GenericData.Record>(SCHEMA).write(record, encoder);
    encoder.flush();
    return bytes.toByteArray();
  }

  private static int skippedByAvro(byte[] bytes, int fields) throws IOException {
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
    for (int f = 0; f < fields; f++) {
      GenericDatumReader.skip(SCHEMA.getFields().get(f).schema(), decoder);
    }
    return bytes.length - decoder.inputStream().available();
  }
}
