package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.flowimpute.avro.DeadLetter;
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
          RecordKeys.create()
              .hash(new GenericData.Record((GenericData.Record) record, true), "people.avro:1"),
          RecordKeys.create().hash(record, "people.avro:1"),
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

  /**
   * A file whose writer schema allows a null where the input schema requires a value: each record
   * holding that null is a decode dead letter naming the field and keeping the record (Avro JSON of
   * the file's schema) and the key of the job's key field, and every other record (before and after
   * it, in the same and later blocks) is decoded in order.
   */
  @Test
  void aRecordTheInputSchemaCannotHoldIsADeadLetterAndTheRestOfItsFileIsRead() throws IOException {
    Schema required =
        SchemaBuilder.record("Person")
            .namespace("org.flowimpute.test")
            .fields()
            .requiredString("id")
            .requiredDouble("age")
            .endRecord();
    Schema optional =
        SchemaBuilder.record("Person")
            .namespace("org.flowimpute.test")
            .fields()
            .requiredString("id")
            .optionalDouble("age")
            .endRecord();
    List<GenericRecord> written = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      GenericData.Record record = new GenericData.Record(optional);
      record.put("id", "p" + i);
      record.put("age", i % 7 == 3 ? null : 20.0 + i);
      written.add(record);
    }
    List<AvroBlock> blocks = blocks(optional, written);
    assertTrue(blocks.size() > 2, "the file should hold several blocks, got " + blocks.size());
    List<DeadLetter> deadLetters = new ArrayList<>();

    List<SourcedRecord> records = decode(required, blocks, deadLetters, "id");

    List<String> expectedRecords = new ArrayList<>();
    List<String> expectedDeadLetters = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      (i % 7 == 3 ? expectedDeadLetters : expectedRecords).add("people.avro:" + (i + 1));
    }
    assertEquals(expectedRecords, records.stream().map(SourcedRecord::source).toList());
    for (SourcedRecord record : records) {
      int i = Integer.parseInt(record.source().substring("people.avro:".length())) - 1;
      assertEquals("p" + i, record.record().get("id").toString());
      assertEquals(20.0 + i, record.record().get("age"));
    }
    assertEquals(expectedDeadLetters, deadLetters.stream().map(DeadLetter::getSource).toList());
    DeadLetter first = deadLetters.get(0);
    assertEquals("decode", first.getStage());
    assertEquals("age", first.getField());
    assertEquals("p3", first.getRecordKey());
    assertEquals(
        "people.avro:4: field 'age' is null, but the job's record schema requires" + " double",
        first.getMessage());
    assertEquals("json", first.getPayloadFormat());
    assertEquals(
        "{\"id\":\"p3\",\"age\":null}",
        StandardCharsets.UTF_8.decode(first.getOriginalPayload()).toString());
  }

  /**
   * A file lacking a field the input schema requires (without a default) dead-letters each record.
   */
  @Test
  void everyRecordOfAFileLackingARequiredFieldIsADeadLetterNamingIt() throws IOException {
    Schema idOnly =
        SchemaBuilder.record("Person")
            .namespace("org.flowimpute.test")
            .fields()
            .requiredString("id")
            .endRecord();
    List<GenericRecord> written = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      GenericData.Record record = new GenericData.Record(idOnly);
      record.put("id", "q" + i);
      written.add(record);
    }
    List<DeadLetter> deadLetters = new ArrayList<>();

    List<SourcedRecord> records =
        decode(TestData.PERSON, blocks(idOnly, written), deadLetters, null);

    assertEquals(List.of(), records);
    assertEquals(
        List.of("people.avro:1", "people.avro:2", "people.avro:3"),
        deadLetters.stream().map(DeadLetter::getSource).toList());
    assertEquals("age", deadLetters.get(0).getField());
    assertEquals(
        "people.avro:1: field 'age' is missing from the file's schema and the job's record"
            + " schema gives it no default",
        deadLetters.get(0).getMessage());
  }

  /**
   * A record whose bytes cannot be decoded ends its block with one dead letter (the bytes after it
   * cannot be told apart); the records before it are decoded, and the count covers both.
   */
  @Test
  void aRecordThatCannotBeDecodedEndsItsBlockWithOneDeadLetter() throws IOException {
    AvroBlock whole = blocks(TestData.PERSON, TestData.people(2)).get(0);
    byte[] data = Arrays.copyOf(whole.data(), whole.data().length + 3);
    data[whole.data().length] = 0x7F;
    AvroBlock damaged = new AvroBlock("people.avro", 1, 4, whole.writerSchema(), data);
    List<SourcedRecord> records = new ArrayList<>();
    List<DeadLetter> deadLetters = new ArrayList<>();

    int outcomes =
        new AvroBlockDecoder(TestData.PERSON, null, null, null)
            .decode(damaged, records::add, deadLetters::add);

    assertEquals(3, outcomes);
    assertEquals(TestData.people(2), records.stream().map(SourcedRecord::record).toList());
    assertEquals(1, deadLetters.size());
    assertEquals("people.avro:3", deadLetters.get(0).getSource());
    assertEquals(
        "people.avro:3: cannot decode the record: Malformed data. Length is negative: -64 (this"
            + " record and the 1 after it in its block)",
        deadLetters.get(0).getMessage());
  }

  private static List<SourcedRecord> decode(Schema input, List<AvroBlock> blocks)
      throws IOException {
    List<DeadLetter> deadLetters = new ArrayList<>();
    List<SourcedRecord> records = decode(input, blocks, deadLetters, null);
    assertEquals(List.of(), deadLetters);
    return records;
  }

  private static List<SourcedRecord> decode(
      Schema input, List<AvroBlock> blocks, List<DeadLetter> deadLetters, String keyField)
      throws IOException {
    AvroBlockDecoder decoder = new AvroBlockDecoder(input, keyField, null, null);
    List<SourcedRecord> records = new ArrayList<>();
    for (AvroBlock block : blocks) {
      decoder.decode(block, records::add, deadLetters::add);
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
