package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.transforms.RecordKeys;
import org.flowimpute.pipelines.values.EncodedRecord;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.junit.jupiter.api.Test;

class AvroBlockDecoderTest {

  /**
   * Records of a file written with the input schema keep exactly the bytes they were read from
   * (their hash from those bytes equals the hash of their values encoded again), across several
   * compressed blocks and non-ASCII text, and decode to the written values.
   */
  @Test
  void recordsWrittenWithTheInputSchemaKeepTheBytesTheyWereReadFrom() throws IOException {
    List<GenericRecord> people = new ArrayList<>(TestData.people(150));
    people.set(7, TestData.person("p7-\u00e9t\u00e9-\u4e2d", null, null, 2.5));
    List<AvroBlock> blocks = blocks(TestData.PERSON, people);
    assertTrue(blocks.size() > 3, "the file should hold several blocks, got " + blocks.size());

    List<SourcedRecord> records = decode(TestData.PERSON, blocks);

    assertEquals(people.size(), records.size());
    for (int i = 0; i < people.size(); i++) {
      GenericRecord record = records.get(i).record();
      assertEquals("people.avro:" + (i + 1), records.get(i).source());
      assertEquals(people.get(i), record);
      assertTrue(record instanceof EncodedRecord encoded && encoded.hasEncoding(), "record " + i);
      assertEquals(
          RecordKeys.contentHash(new GenericData.Record((GenericData.Record) record, true)),
          RecordKeys.contentHash(record),
          "record " + i);
    }
  }

  /** Records resolved from another writer schema have no bytes of the input schema to keep. */
  @Test
  void recordsResolvedFromAnotherWriterSchemaKeepNoBytes() throws IOException {
    Schema wider =
        SchemaBuilder.record("Person")
            .namespace("org.flowimpute.test")
            .fields()
            .requiredString("id")
            .requiredString("extra")
            .endRecord();
    GenericData.Record written = new GenericData.Record(wider);
    written.put("id", "p1");
    written.put("extra", "dropped");
    Schema input =
        SchemaBuilder.record("Person")
            .namespace("org.flowimpute.test")
            .fields()
            .requiredString("id")
            .endRecord();

    List<SourcedRecord> records = decode(input, blocks(wider, List.of(written)));

    GenericRecord record = records.get(0).record();
    assertEquals("p1", record.get("id").toString());
    assertFalse(record instanceof EncodedRecord encoded && encoded.hasEncoding());
  }

  /** A map is decoded into hash order, so records of a schema with a map keep no bytes. */
  @Test
  void recordsOfASchemaWithAMapKeepNoBytes() throws IOException {
    Schema withMap =
        SchemaBuilder.record("Tagged")
            .fields()
            .name("tags")
            .type()
            .map()
            .values()
            .intType()
            .noDefault()
            .endRecord();
    GenericData.Record written = new GenericData.Record(withMap);
    written.put("tags", Map.of("b", 2, "a", 1, "c", 3));

    GenericRecord record = decode(withMap, blocks(withMap, List.of(written))).get(0).record();

    assertFalse(record instanceof EncodedRecord encoded && encoded.hasEncoding());
  }

  private static List<SourcedRecord> decode(Schema input, List<AvroBlock> blocks)
      throws IOException {
    AvroBlockDecoder decoder = new AvroBlockDecoder(input);
    List<SourcedRecord> records = new ArrayList<>();
    for (AvroBlock block : blocks) {
      decoder.decode(block, records::add);
    }
    return records;
  }

  /** The blocks of a deflate-compressed file of {@code records}, as {@code ReadAvroBlocksFn}. */
  private static List<AvroBlock> blocks(Schema schema, List<? extends GenericRecord> records)
      throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
      writer.setCodec(CodecFactory.deflateCodec(6)).setSyncInterval(64);
      writer.create(schema, file);
      for (GenericRecord record : records) {
        writer.append(record);
      }
    }
    List<AvroBlock> blocks = new ArrayList<>();
    try (DataFileStream<GenericRecord> stream =
        new DataFileStream<>(
            new ByteArrayInputStream(file.toByteArray()), new GenericDatumReader<>())) {
      long first = 1;
      while (stream.hasNext()) {
        int count = Math.toIntExact(stream.getBlockCount());
        ByteBuffer block = stream.nextBlock();
        byte[] data = new byte[block.remaining()];
        block.duplicate().get(data);
        blocks.add(new AvroBlock("people.avro", first, count, schema.toString(), data));
        first += count;
      }
    }
    return blocks;
  }
}
