package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The reused-buffer snappy codec writes the bytes Avro's snappy codec writes. */
class ReusingSnappyCodecTest {

  private static final Schema SCHEMA =
      SchemaBuilder.record("R").fields().requiredLong("id").requiredString("text").endRecord();

  @Test
  void filesOfManyBlocksAreByteIdenticalToAvrosSnappyCodec() throws IOException {
    List<GenericRecord> records = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      GenericRecord record = new GenericData.Record(SCHEMA);
      record.put("id", random.nextLong());
      // Blocks of different sizes and compressibility, so that the buffer grows and is reused.
      record.put("text", "x".repeat(random.nextInt(i % 7 == 0 ? 400 : 20)) + random.nextInt());
      records.add(record);
    }

    byte[] avros = write(records, CodecFactory.snappyCodec());
    byte[] ours = write(records, ReusingSnappyCodec.factory());

    assertArrayEquals(avros, ours);
    List<GenericRecord> read = new ArrayList<>();
    try (DataFileReader<GenericRecord> reader =
        new DataFileReader<>(new SeekableByteArrayInput(ours), new GenericDatumReader<>())) {
      assertEquals("snappy", reader.getMetaString("avro.codec"));
      reader.forEach(read::add);
    }
    assertEquals(records, read);
  }

  @Test
  void decompressesWhatItCompressed() throws IOException {
    ReusingSnappyCodec codec = new ReusingSnappyCodec();
    byte[] block = "abcabcabc-0123456789-abcabcabc".repeat(50).getBytes();

    ByteBuffer compressed = codec.compress(ByteBuffer.wrap(block));
    byte[] copy = new byte[compressed.remaining()];
    compressed.get(copy);
    ByteBuffer restored = codec.decompress(ByteBuffer.wrap(copy));

    assertTrue(copy.length < block.length);
    byte[] out = new byte[restored.remaining()];
    restored.get(out);
    assertArrayEquals(block, out);
  }

  private static byte[] write(List<GenericRecord> records, CodecFactory codec) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<GenericRecord>(new GenericDatumWriter<>(SCHEMA))
            .setCodec(codec)
            .setSyncInterval(2_000)) {
      writer.create(SCHEMA, bytes, new byte[16]);
      for (GenericRecord record : records) {
        writer.append(record);
      }
    }
    return bytes.toByteArray();
  }
}
