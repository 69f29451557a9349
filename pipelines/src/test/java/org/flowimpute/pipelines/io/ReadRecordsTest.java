package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.JobCounts;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class ReadRecordsTest {

  @TempDir Path dir;

  @Test
  void csvColumnsAreTypedByTheModelAndBadRowsBecomeDecodeDeadLetters(TestPipeline pipeline)
      throws IOException {
    Path csv = dir.resolve("people.csv");
    // A UTF-8 byte-order mark (Excel's "CSV UTF-8") and blank lines change nothing; spaces around
    // a number are ignored, as generate and core's FieldValues ignore them.
    Files.writeString(
        csv,
        "\uFEFF"
            + String.join(
                "\n",
                "id,age,region,weight,note",
                "a,30,north,1.5,\"hello, world\"",
                "b,,south,2,",
                "",
                "c,NaN,east,1,x",
                "d,thirty,east,1,x",
                "f,12f,east,1,x",
                "e,40,east",
                "g, 51 ,west, 2 ,y",
                "",
                ""),
        StandardCharsets.UTF_8);
    ReadRecords read = ReadRecords.from(dir.resolve("*.csv").toString()).withModel(TestData.MODEL);

    Schema schema = read.schema();
    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result = pipeline.apply(read);

    assertEquals(
        List.of("id", "age", "region", "weight", "note"),
        schema.getFields().stream().map(Schema.Field::name).toList());
    assertEquals(Schema.Type.DOUBLE, schema.getField("age").schema().getTypes().get(1).getType());
    assertEquals(
        Schema.Type.DOUBLE, schema.getField("weight").schema().getTypes().get(1).getType());
    assertEquals(Schema.Type.STRING, schema.getField("note").schema().getTypes().get(1).getType());
    PAssert.that(result.output().apply("Describe", describe()))
        .containsInAnyOrder(
            csv + ":1 a 30.0 north 1.5 hello, world | a,30,north,1.5,\"hello, world\"",
            csv + ":2 b null south 2.0 null | b,,south,2,",
            csv + ":3 c NaN east 1.0 x | c,NaN,east,1,x",
            csv + ":7 g 51.0 west 2.0 y | g,\" 51 \",west,\" 2 \",y");
    PAssert.that(
            result
                .failures()
                .apply(
                    "DescribeFailures",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            d ->
                                d.getStage()
                                    + " "
                                    + d.getErrorClass()
                                    + " "
                                    + d.getField()
                                    + " "
                                    + d.getPayloadFormat()
                                    + " "
                                    + StandardCharsets.UTF_8.decode(
                                        d.getOriginalPayload().duplicate()))))
        .containsInAnyOrder(
            "decode malformed age csv d,thirty,east,1,x",
            "decode malformed age csv f,12f,east,1,x",
            "decode malformed null csv e,40,east");
    pipeline.run().waitUntilFinish();
  }

  /**
   * A later CSV file with a column the first file's header lacks has each row set aside as a {@code
   * decode/malformed} dead letter naming the column: read as the first file's schema, its values
   * were dropped without a word. Every row is counted read and dead-lettered. With a given schema
   * the same files are read as that schema's fields, the column ignored (a projection).
   */
  @Test
  void aLaterCsvFileWithAColumnTheFirstFileLacksHasEachRowDeadLettered(TestPipeline pipeline)
      throws IOException {
    writeCsv("a.csv", "id,age,region,weight\na1,30,south,1\n");
    writeCsv(
        "b.csv", "id,age,region,weight,income_reported\nb1,40,north,2,52000\nb2,41,east,1,7\n");
    ReadRecords fromFiles =
        ReadRecords.from(dir.resolve("*.csv").toString())
            .withModel(TestData.MODEL)
            .withKeyField("id")
            .withoutRedistribution();
    Schema first = fromFiles.schema();
    ReadRecords given = fromFiles.withSchema(first);

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result =
        pipeline.apply("FromFiles", fromFiles);
    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> projected =
        pipeline.apply("Given", given);

    PAssert.that(result.output().apply("Sources", sources()))
        .containsInAnyOrder(dir.resolve("a.csv") + ":1 a1");
    String says =
        ": the header of this file has column 'income_reported' that the job's record schema,"
            + " that of "
            + dir.resolve("a.csv")
            + ", lacks: its values would be dropped; give all files one header, or give"
            + " --recordSchema a schema with that field to keep it (one without it drops it"
            + " knowingly)";
    PAssert.that(result.failures().apply("Reasons", reasons()))
        .containsInAnyOrder(
            "decode income_reported " + dir.resolve("b.csv") + ":1" + says,
            "decode income_reported " + dir.resolve("b.csv") + ":2" + says);
    PAssert.that(projected.output().apply("ProjectedSources", sources()))
        .containsInAnyOrder(
            dir.resolve("a.csv") + ":1 a1",
            dir.resolve("b.csv") + ":1 b1",
            dir.resolve("b.csv") + ":2 b2");
    PAssert.that(projected.failures()).empty();
    PipelineResult run = pipeline.run();
    run.waitUntilFinish();
    JobCounts counts = JobCounts.of(run);
    assertEquals(6, counts.read());
    assertEquals(2, counts.deadLetters());
  }

  /**
   * A later Avro or Parquet file whose schema has a field the first file's lacks has each record
   * set aside naming the field (Avro's resolution dropped it); a given schema reads its own fields,
   * the extra field ignored.
   */
  @Test
  void aLaterAvroOrParquetFileWithAFieldTheFirstFileLacksHasEachRecordDeadLettered(
      TestPipeline pipeline) throws IOException {
    Schema noted =
        SchemaBuilder.record("Noted")
            .namespace("org.flowimpute.test")
            .fields()
            .requiredString("id")
            .optionalDouble("age")
            .optionalString("region")
            .requiredDouble("weight")
            .optionalString("note")
            .endRecord();
    List<GenericRecord> later = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      GenericData.Record record = new GenericData.Record(noted);
      record.put("id", "b" + i);
      record.put("age", 40.0 + i);
      record.put("region", "north");
      record.put("weight", 1.0);
      record.put("note", "n" + i);
      later.add(record);
    }
    AvroFiles.write(dir.resolve("a.avro"), TestData.PERSON, TestData.people(1));
    AvroFiles.write(dir.resolve("b.avro"), noted, later);
    writeParquet(dir.resolve("a.parquet"), TestData.PERSON, TestData.people(1));
    writeParquet(dir.resolve("b.parquet"), noted, later);

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> avro =
        pipeline.apply("Avro", reading("*.avro"));
    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> parquet =
        pipeline.apply("Parquet", reading("*.parquet"));
    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> given =
        pipeline.apply("Given", reading("*.avro").withSchema(TestData.PERSON));

    for (String format : List.of("avro", "parquet")) {
      WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> read =
          format.equals("avro") ? avro : parquet;
      Path first = dir.resolve("a." + format);
      Path second = dir.resolve("b." + format);
      String says =
          ": the file's schema has field 'note' that the job's record schema, that of "
              + first
              + ", lacks: its values would be dropped; write all files with one schema, or give"
              + " --recordSchema a schema with that field to keep it (one without it drops it"
              + " knowingly)";
      PAssert.that(read.output().apply(format + "Sources", sources()))
          .containsInAnyOrder(first + ":1 " + TestData.people(1).get(0).get("id"));
      PAssert.that(read.failures().apply(format + "Reasons", reasons()))
          .containsInAnyOrder(
              "decode note " + second + ":1" + says, "decode note " + second + ":2" + says);
      PAssert.that(read.failures().apply(format + "Payloads", payloads()))
          .satisfies(
              payloads -> {
                List<String> all = new ArrayList<>();
                payloads.forEach(all::add);
                assertEquals(2, all.size(), all.toString());
                for (String payload : all) {
                  assertTrue(payload.contains("\"note\""), payload);
                  assertTrue(payload.contains("\"n0\"") || payload.contains("\"n1\""), payload);
                }
                return null;
              });
    }
    PAssert.that(given.output().apply("GivenSources", sources()))
        .containsInAnyOrder(
            dir.resolve("a.avro") + ":1 " + TestData.people(1).get(0).get("id"),
            dir.resolve("b.avro") + ":1 b0",
            dir.resolve("b.avro") + ":2 b1");
    PAssert.that(given.failures()).empty();
    pipeline.run().waitUntilFinish();
  }

  private ReadRecords reading(String glob) {
    return ReadRecords.from(dir.resolve(glob).toString())
        .withModel(TestData.MODEL)
        .withoutRedistribution();
  }

  private void writeCsv(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  /**
   * A CSV cell beyond the range of its field's double ({@code 1e400}, a passed-through column typed
   * double by --record-schema) is a decode dead letter naming the row and the column: it was read
   * as Infinity and written to the output as such.
   */
  @Test
  void aCsvNumberBeyondTheDoubleRangeIsADecodeDeadLetterNamingRowAndColumn(TestPipeline pipeline)
      throws IOException {
    Path csv = dir.resolve("people.csv");
    Files.writeString(
        csv,
        "id,age,region,weight,amount\na,30,north,1,1.5\nb,31,south,1,1e400\nc,32,east,1,Infinity\n",
        StandardCharsets.UTF_8);
    Schema schema =
        SchemaBuilder.record("People")
            .fields()
            .optionalString("id")
            .optionalDouble("age")
            .optionalString("region")
            .optionalDouble("weight")
            .optionalDouble("amount")
            .endRecord();

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result =
        pipeline.apply(
            ReadRecords.from(dir.resolve("*.csv").toString())
                .withModel(TestData.MODEL)
                .withSchema(schema)
                .withoutRedistribution());

    PAssert.that(result.output().apply("Sources", sources()))
        .containsInAnyOrder(csv + ":1 a", csv + ":3 c");
    PAssert.that(result.failures().apply("Reasons", reasons()))
        .containsInAnyOrder(
            "decode amount "
                + csv
                + ":2: column 'amount': expected a number within the range of a double, got"
                + " '1e400' (out of the double range: it would be read as infinity)");
    pipeline.run().waitUntilFinish();
  }

  /**
   * A quote that is never closed ends its file with one dead letter for that row and the rest of
   * the file, counted as one that stands for an unread rest; the rows before it and the other files
   * are read.
   */
  @Test
  void aCsvFileThatStopsBeingCsvEndsWithOneDeadLetterAndOtherFilesAreRead(TestPipeline pipeline)
      throws IOException {
    Files.writeString(
        dir.resolve("a.csv"),
        "id,age,region,weight\na,30,north,1.5\nb,\"31,south,2\nc,32,east,1\nd,33,east,1\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("b.csv"), "id,age,region,weight\ne,40,north,1\n", StandardCharsets.UTF_8);

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result =
        pipeline.apply(
            ReadRecords.from(dir.resolve("*.csv").toString())
                .withModel(TestData.MODEL)
                .withoutRedistribution());

    PAssert.that(result.output().apply("Sources", sources()))
        .containsInAnyOrder(dir.resolve("a.csv") + ":1 a", dir.resolve("b.csv") + ":1 e");
    PAssert.that(result.failures().apply("Reasons", reasons()))
        .containsInAnyOrder(
            "decode null "
                + dir.resolve("a.csv")
                + ":2: malformed CSV: Missing closing quote for value (noticed at line 6); this row"
                + " and the rest of the file cannot be read (a quote that is never closed takes the"
                + " rows after it into one cell)");
    PipelineResult run = pipeline.run();
    run.waitUntilFinish();
    assertEquals(1, JobCounts.of(run).unreadRests());
  }

  /**
   * An Avro file whose block claims more bytes than any heap holds is one dead letter, not a failed
   * job: the other files are read.
   */
  /**
   * Read as records (the step household jobs decode Avro blocks with), an Avro file whose schema
   * has the model's weight field the first file's lacks has each record set aside naming the field
   * and the first file: Avro's resolution dropped the weight, each record weighing 1.
   */
  @Test
  void avroRecordsOfAFileWhoseWeightFieldTheFirstFileLacksAreDeadLetters(TestPipeline pipeline) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : TestData.PERSON.getFields()) {
      if (!field.name().equals("weight")) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    Schema unweighed =
        Schema.createRecord("Unweighed", null, TestData.PERSON.getNamespace(), false, fields);
    GenericData.Record a0 = new GenericData.Record(unweighed);
    a0.put("id", "a0");
    a0.put("age", 30.0);
    a0.put("region", "north");
    AvroFiles.write(dir.resolve("a.avro"), unweighed, List.of(a0));
    AvroFiles.write(dir.resolve("b.avro"), TestData.PERSON, TestData.people(2));

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result =
        pipeline.apply(
            ReadRecords.from(dir.resolve("*.avro").toString())
                .withModel(TestData.MODEL)
                .withoutRedistribution());

    PAssert.that(result.output().apply("Sources", sources()))
        .containsInAnyOrder(dir.resolve("a.avro") + ":1 a0");
    String says =
        ": the file's schema has field 'weight', the weight field (--weightField), but the job's"
            + " record schema, that of "
            + dir.resolve("a.avro")
            + ", has no such field";
    String source = "decode weight " + dir.resolve("b.avro") + ":";
    PAssert.that(result.failures().apply("Reasons", reasons()))
        .satisfies(
            reasons -> {
              List<String> all = new ArrayList<>();
              reasons.forEach(all::add);
              assertEquals(2, all.size(), all.toString());
              for (String reason : all) {
                assertTrue(reason.startsWith(source), reason);
                assertTrue(reason.contains(says), reason);
              }
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void anAvroBlockTooLargeToHoldIsADeadLetter(TestPipeline pipeline) {
    AvroFiles.writeClaimingHugeBlock(dir.resolve("a.avro"), TestData.PERSON, TestData.people(3));
    AvroFiles.write(dir.resolve("b.avro"), TestData.PERSON, TestData.people(2));

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result =
        pipeline.apply(ReadRecords.from(dir.resolve("*.avro").toString()).withoutRedistribution());

    PAssert.that(result.output().apply("Sources", sources()))
        .containsInAnyOrder(dir.resolve("b.avro") + ":1 p0", dir.resolve("b.avro") + ":2 p1");
    String expected =
        "decode null "
            + dir.resolve("a.avro")
            + ":1: cannot read as Avro: a data block is larger than this process can hold";
    PAssert.that(result.failures().apply("Reasons", reasons()))
        .satisfies(
            reasons -> {
              List<String> all = new ArrayList<>();
              reasons.forEach(all::add);
              assertEquals(1, all.size(), all.toString());
              assertTrue(all.get(0).startsWith(expected), all.get(0));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /**
   * An Avro file cut inside a block loses that block's records: they are one dead letter naming the
   * first record lost (Avro's own reader takes the cut for the file's end and says nothing). A file
   * that is not Avro at all is one dead letter saying what it holds (until 2026-12-04 "cannot read
   * as Avro: Not an Avro data file."). Both count as standing for an unread rest. The other files
   * are read.
   */
  @Test
  void aCutOrNonAvroFileEndsWithOneDeadLetterAndOtherFilesAreRead(TestPipeline pipeline)
      throws IOException {
    AvroFiles.writeCut(dir.resolve("a.avro"), TestData.PERSON, TestData.people(35), 10, 2);
    Files.writeString(dir.resolve("b.avro"), "id,age\n1,2\n", StandardCharsets.UTF_8);
    AvroFiles.write(dir.resolve("c.avro"), TestData.PERSON, TestData.people(1));

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result =
        pipeline.apply(ReadRecords.from(dir.resolve("*.avro").toString()).withoutRedistribution());

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      expected.add(dir.resolve("a.avro") + ":" + (i + 1) + " p" + i);
    }
    expected.add(dir.resolve("c.avro") + ":1 p0");
    PAssert.that(result.output().apply("Sources", sources())).containsInAnyOrder(expected);
    PAssert.that(result.failures().apply("Reasons", reasons()))
        .containsInAnyOrder(
            "decode null "
                + dir.resolve("a.avro")
                + ":21: the file ends inside a data block (cut short, or still being written): the"
                + " records from here on cannot be read",
            "decode null "
                + dir.resolve("b.avro")
                + ":1: not an Avro data file: it holds text starting with 'id,age': if it is CSV,"
                + " read it as CSV (.csv)");
    PipelineResult run = pipeline.run();
    run.waitUntilFinish();
    assertEquals(2, JobCounts.of(run).unreadRests());
  }

  /**
   * A file cut inside its header and a file with a damaged snappy block are one dead letter each,
   * saying what is wrong and where (they said "cannot read as Avro: null" and "cannot read as Avro:
   * java.io.IOException: FAILED_TO_UNCOMPRESS(5)"). The damaged file's blocks before the damage are
   * read.
   */
  @Test
  void aHeaderCutShortAndADamagedBlockAreDeadLettersSayingSo(TestPipeline pipeline)
      throws IOException {
    AvroFiles.writeDamagingBlock(
        dir.resolve("a.avro"), TestData.PERSON, TestData.people(30), 10, 2);
    Path cut = dir.resolve("b.avro");
    AvroFiles.write(cut, TestData.PERSON, TestData.people(3));
    Files.write(cut, Arrays.copyOf(Files.readAllBytes(cut), 10));
    AvroFiles.write(dir.resolve("c.avro"), TestData.PERSON, TestData.people(1));

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result =
        pipeline.apply(ReadRecords.from(dir.resolve("*.avro").toString()).withoutRedistribution());

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.add(dir.resolve("a.avro") + ":" + (i + 1) + " p" + i);
    }
    expected.add(dir.resolve("c.avro") + ":1 p0");
    PAssert.that(result.output().apply("Sources", sources())).containsInAnyOrder(expected);
    PAssert.that(result.failures().apply("Reasons", reasons()))
        .containsInAnyOrder(
            "decode null "
                + dir.resolve("a.avro")
                + ":11: data block 2 (snappy-compressed) is damaged: FAILED_TO_UNCOMPRESS(5); the"
                + " records from here on cannot be read (write or copy the file again)",
            "decode null "
                + cut
                + ":1: not a complete Avro file: the header ends after 10 bytes (cut short while"
                + " being written or copied?): write or copy the file again");
    PipelineResult run = pipeline.run();
    run.waitUntilFinish();
    assertEquals(2, JobCounts.of(run).unreadRests());
  }

  /** The only file cut inside its header: the job cannot start, and the error says why. */
  @Test
  void aFirstFileCutInsideItsHeaderSaysSo() throws IOException {
    Path cut = dir.resolve("a.avro");
    AvroFiles.write(cut, TestData.PERSON, TestData.people(3));
    Files.write(cut, Arrays.copyOf(Files.readAllBytes(cut), 10));

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReadRecords.from(dir.resolve("*.avro").toString()).schema());

    assertEquals(
        "no file matching "
            + dir.resolve("*.avro")
            + " gives the records' schema; the first: "
            + cut
            + ": not a complete Avro file: the header ends after 10 bytes (cut short while being"
            + " written or copied?): write or copy the file again",
        error.getMessage());
  }

  @Test
  void avroFilesOfAnySchemaAreReadWithTheirSourcePositions(TestPipeline pipeline) {
    AvroFiles.write(dir.resolve("a.avro"), TestData.PERSON, TestData.people(3));
    AvroFiles.write(dir.resolve("b.avro"), TestData.PERSON, TestData.people(2));
    ReadRecords read = ReadRecords.from(dir.resolve("*.avro").toString()).withoutRedistribution();

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result = pipeline.apply(read);

    assertEquals(TestData.PERSON, read.schema());
    PAssert.that(result.output().apply("Sources", sources()))
        .containsInAnyOrder(
            dir.resolve("a.avro") + ":1 p0",
            dir.resolve("a.avro") + ":2 p1",
            dir.resolve("a.avro") + ":3 p2",
            dir.resolve("b.avro") + ":1 p0",
            dir.resolve("b.avro") + ":2 p1");
    PAssert.that(result.failures()).empty();
    pipeline.run().waitUntilFinish();
  }

  /**
   * Avro files travel as data blocks: numbering continues across blocks, compressed blocks and
   * another writer schema (fields reordered, one extra) decode to the same records, redistributed.
   */
  @Test
  void avroRecordsKeepTheirNumbersAcrossBlocksCodecsAndWriterSchemas(TestPipeline pipeline)
      throws IOException {
    List<GenericRecord> people = TestData.people(300);
    AvroFiles.write(dir.resolve("a.avro"), TestData.PERSON, people.subList(0, 200));
    Schema reordered =
        SchemaBuilder.record("Person")
            .namespace("org.flowimpute.test")
            .fields()
            .requiredDouble("weight")
            .requiredString("extra")
            .name("region")
            .type()
            .nullable()
            .stringType()
            .noDefault()
            .requiredString("id")
            .name("age")
            .type()
            .nullable()
            .doubleType()
            .noDefault()
            .endRecord();
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(reordered))) {
      writer.setCodec(CodecFactory.deflateCodec(6)).setSyncInterval(64);
      writer.create(reordered, dir.resolve("b.avro").toFile());
      for (GenericRecord person : people.subList(200, 300)) {
        GenericData.Record record = new GenericData.Record(reordered);
        for (Schema.Field field : TestData.PERSON.getFields()) {
          record.put(field.name(), person.get(field.name()));
        }
        record.put("extra", "ignored");
        writer.append(record);
      }
    }
    ReadRecords read = ReadRecords.from(dir.resolve("*.avro").toString());

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result = pipeline.apply(read);

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String file = i < 200 ? "a.avro:" + (i + 1) : "b.avro:" + (i - 199);
      expected.add(dir.resolve(file) + " " + people.get(i));
    }
    PAssert.that(result.output().apply("Records", records())).containsInAnyOrder(expected);
    PAssert.that(result.failures()).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void aRecordThatDoesNotResolveToTheInputSchemaIsADecodeDeadLetterNamingTheField(
      TestPipeline pipeline) {
    AvroFiles.write(dir.resolve("a.avro"), TestData.PERSON, TestData.people(5));
    Schema noWeight =
        SchemaBuilder.record("Person")
            .namespace("org.flowimpute.test")
            .fields()
            .requiredString("id")
            .requiredDouble("age")
            .optionalString("region")
            .endRecord();
    GenericData.Record record = new GenericData.Record(noWeight);
    record.put("id", "q0");
    record.put("age", 40.0);
    AvroFiles.write(dir.resolve("b.avro"), noWeight, List.of(record));

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result =
        pipeline.apply(ReadRecords.from(dir.resolve("*.avro").toString()).withoutRedistribution());

    PAssert.that(result.output().apply("Sources", sources()))
        .containsInAnyOrder(
            IntStream.range(0, 5)
                .mapToObj(i -> dir.resolve("a.avro") + ":" + (i + 1) + " p" + i)
                .toList());
    PAssert.that(result.failures().apply("Reasons", reasons()))
        .containsInAnyOrder(
            "decode weight "
                + dir.resolve("b.avro")
                + ":1: field 'weight' is missing from the file's schema and the job's record"
                + " schema gives it no default");
    pipeline.run().waitUntilFinish();
  }

  /**
   * A later Avro or Parquet file with the same field as timestamp-micros where the first file (the
   * job's schema) has timestamp-millis: Avro resolves both as long, so the micros were copied as
   * millis (year 55,800) without a dead letter. Each such record is now a decode dead letter naming
   * the field and both types; a null value is read.
   */
  @Test
  void aLaterFileWithAnotherTimestampUnitIsDeadLettered(TestPipeline pipeline) throws IOException {
    Schema millis = timed(LogicalTypes.timestampMillis());
    Schema micros = timed(LogicalTypes.timestampMicros());
    AvroFiles.write(dir.resolve("a.avro"), millis, List.of(timedRecord(millis, "a0", 1_700L)));
    AvroFiles.write(
        dir.resolve("b.avro"),
        micros,
        List.of(timedRecord(micros, "b0", 1_700_000L), timedRecord(micros, "b1", null)));
    writeParquet(dir.resolve("a.parquet"), millis, List.of(timedRecord(millis, "c0", 1_700L)));
    writeParquet(dir.resolve("b.parquet"), micros, List.of(timedRecord(micros, "d0", 1_700_000L)));

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> avro =
        pipeline.apply(
            "Avro", ReadRecords.from(dir.resolve("*.avro").toString()).withoutRedistribution());
    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> parquet =
        pipeline.apply(
            "Parquet",
            ReadRecords.from(dir.resolve("*.parquet").toString()).withoutRedistribution());

    PAssert.that(avro.output().apply("AvroIds", sources()))
        .containsInAnyOrder(dir.resolve("a.avro") + ":1 a0", dir.resolve("b.avro") + ":2 b1");
    String why =
        ": field 'ts' is timestamp-micros in the file's schema, but timestamp-millis in the job's"
            + " record schema: copied unchanged, its value would mean something else; write the"
            + " file with the job's type";
    PAssert.that(avro.failures().apply("AvroReasons", reasons()))
        .containsInAnyOrder("decode ts " + dir.resolve("b.avro") + ":1" + why);
    PAssert.that(parquet.output().apply("ParquetIds", sources()))
        .containsInAnyOrder(dir.resolve("a.parquet") + ":1 c0");
    PAssert.that(parquet.failures().apply("ParquetReasons", reasons()))
        .containsInAnyOrder("decode ts " + dir.resolve("b.parquet") + ":1" + why);
    pipeline.run().waitUntilFinish();
  }

  private static Schema timed(LogicalType unit) {
    return SchemaBuilder.record("Timed")
        .fields()
        .requiredString("id")
        .name("ts")
        .type()
        .unionOf()
        .nullType()
        .and()
        .type(unit.addToSchema(Schema.create(Schema.Type.LONG)))
        .endUnion()
        .nullDefault()
        .endRecord();
  }

  private static GenericRecord timedRecord(Schema schema, String id, Long ts) {
    GenericData.Record record = new GenericData.Record(schema);
    record.put("id", id);
    record.put("ts", ts);
    return record;
  }

  @Test
  void parquetFilesAreReadThroughBeamFileSystems(TestPipeline pipeline) throws IOException {
    Path file = dir.resolve("people.parquet");
    writeParquet(file, TestData.PERSON, TestData.people(4));
    ReadRecords read = ReadRecords.from(file.toString());

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result = pipeline.apply(read);

    assertEquals(
        List.of("id", "age", "region", "weight"),
        read.schema().getFields().stream().map(Schema.Field::name).toList());
    PAssert.that(result.output().apply("Sources", sources()))
        .containsInAnyOrder(file + ":1 p0", file + ":2 p1", file + ":3 p2", file + ":4 p3");
    pipeline.run().waitUntilFinish();
  }

  /**
   * A glob leaves out hidden files, as the local commands' globs do: a command writing into the
   * directory keeps its half-written table there as {@code .NAME.partial-PID}, and editors and
   * macOS leave {@code .#x} and {@code ._x} files, which were read as part of the input (here each
   * would be a dead letter: they are not Avro or Parquet). A glob starting with '.' reads them.
   */
  @Test
  void aGlobSkipsHiddenAvroAndParquetFiles(TestPipeline pipeline) throws IOException {
    AvroFiles.write(dir.resolve("a.avro"), TestData.PERSON, TestData.people(2));
    writeParquet(dir.resolve("b.parquet"), TestData.PERSON, TestData.people(1));
    Files.writeString(dir.resolve("._a.avro"), "macOS metadata");
    Files.writeString(dir.resolve(".#b.parquet"), "an editor's lock");
    AvroFiles.write(dir.resolve(".c.avro"), TestData.PERSON, TestData.people(1));

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> avro =
        pipeline.apply("Avro", ReadRecords.from(dir.resolve("*.avro").toString()));
    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> parquet =
        pipeline.apply("Parquet", ReadRecords.from(dir.resolve("*.parquet").toString()));
    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> named =
        pipeline.apply("Hidden", ReadRecords.from(dir.resolve(".c*.avro").toString()));

    PAssert.that(avro.output().apply("AvroSources", sources()))
        .containsInAnyOrder(dir.resolve("a.avro") + ":1 p0", dir.resolve("a.avro") + ":2 p1");
    PAssert.that(avro.failures()).empty();
    PAssert.that(parquet.output().apply("ParquetSources", sources()))
        .containsInAnyOrder(dir.resolve("b.parquet") + ":1 p0");
    PAssert.that(parquet.failures()).empty();
    PAssert.that(named.output().apply("HiddenSources", sources()))
        .containsInAnyOrder(dir.resolve(".c.avro") + ":1 p0");
    pipeline.run().waitUntilFinish();
  }

  /** A glob matching hidden files only is refused as one matching nothing, saying so. */
  @Test
  void aGlobMatchingOnlyHiddenFilesSaysTheyWereSkipped() throws IOException {
    AvroFiles.write(dir.resolve(".a.avro"), TestData.PERSON, TestData.people(1));
    String glob = dir.resolve("*.avro").toString();

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, ReadRecords.from(glob)::schema);

    assertEquals(
        "no file matches "
            + glob
            + " (skipped 1 hidden file, .a.avro: a name starting with '.' is matched only by a"
            + " glob starting with '.')",
        error.getMessage());
  }

  /**
   * A later Parquet file in other types (float age, optional weight, one more column) is resolved
   * to the first file's schema record by record: the record whose weight is null is a decode dead
   * letter naming the field, the others are read with their values promoted.
   */
  @Test
  void aLaterParquetFileIsResolvedRecordByRecord(TestPipeline pipeline) throws IOException {
    writeParquet(dir.resolve("a.parquet"), TestData.PERSON, TestData.people(2));
    Schema other =
        SchemaBuilder.record("Other")
            .fields()
            .optionalString("note")
            .optionalDouble("weight")
            .requiredFloat("age")
            .requiredString("id")
            .optionalString("region")
            .endRecord();
    List<GenericRecord> written = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      GenericData.Record record = new GenericData.Record(other);
      record.put("note", "n" + i);
      record.put("weight", i == 1 ? null : 2.5 + i);
      record.put("age", 40.5f + i);
      record.put("id", "q" + i);
      record.put("region", "north");
      written.add(record);
    }
    writeParquet(dir.resolve("b.parquet"), other, written);

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result =
        pipeline.apply(
            ReadRecords.from(dir.resolve("*.parquet").toString()).withoutRedistribution());

    PAssert.that(result.output().apply("Records", records()))
        .containsInAnyOrder(
            dir.resolve("a.parquet") + ":1 " + TestData.people(2).get(0),
            dir.resolve("a.parquet") + ":2 " + TestData.people(2).get(1),
            dir.resolve("b.parquet") + ":1 " + TestData.person("q0", 40.5, "north", 2.5),
            dir.resolve("b.parquet") + ":3 " + TestData.person("q2", 42.5, "north", 4.5));
    PAssert.that(result.failures().apply("Reasons", reasons()))
        .containsInAnyOrder(
            "decode weight "
                + dir.resolve("b.parquet")
                + ":2: field 'weight' is null, but the job's record schema requires double");
    pipeline.run().waitUntilFinish();
  }

  /**
   * Decimals Spark writes as INT32/INT64 (no Avro schema in the footer) are read as their values,
   * as the job's schema (first file) and resolved from a later file: 31.5, not the unscaled 315.
   */
  @Test
  void parquetIntegerDecimalsAreReadAsTheirValues(TestPipeline pipeline) throws IOException {
    MessageType spark =
        MessageTypeParser.parseMessageType(
            "message spark_schema { required binary id (STRING); optional int32 age (DECIMAL(5,1));"
                + " optional binary region (STRING); required int64 weight (DECIMAL(18,4)); }");
    SimpleGroupFactory groups = new SimpleGroupFactory(spark);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(dir.resolve("a.parquet")))
            .withType(spark)
            .withConf(new PlainParquetConfiguration())
            .build()) {
      writer.write(
          groups
              .newGroup()
              .append("id", "s0")
              .append("age", 315)
              .append("region", "north")
              .append("weight", 25_000L));
      writer.write(groups.newGroup().append("id", "s1").append("weight", -12_345L));
    }
    writeParquet(dir.resolve("b.parquet"), TestData.PERSON, TestData.people(1));
    ReadRecords read =
        ReadRecords.from(dir.resolve("*.parquet").toString()).withoutRedistribution();

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result = pipeline.apply(read);

    assertEquals(
        SchemaBuilder.unionOf().nullType().and().doubleType().endUnion(),
        read.schema().getField("age").schema());
    PAssert.that(result.output().apply("Records", records()))
        .containsInAnyOrder(
            dir.resolve("a.parquet") + ":1 " + TestData.person("s0", 31.5, "north", 2.5),
            dir.resolve("a.parquet") + ":2 " + TestData.person("s1", null, null, -1.2345),
            dir.resolve("b.parquet") + ":1 " + TestData.people(1).get(0));
    pipeline.run().waitUntilFinish();
  }

  /**
   * What Spark and pyarrow write (no Avro schema in the footer): a standard 3-level LIST, a UUID
   * FIXED(16) and an INT96 timestamp are read in the file's own types and passed through, the list
   * as its elements; a later file with one more column is read too. (Converting the file's Avro
   * view back to Parquet types for the projection gave a 2-level list and a string, and every row
   * was lost; INT96 refused the file.)
   */
  @Test
  void sparkListsUuidsAndInt96TimestampsAreReadAsTheFileHasThem(TestPipeline pipeline)
      throws IOException {
    String columns =
        "required binary id (STRING); optional double age; optional binary region (STRING);"
            + " required double weight; optional group tags (LIST) { repeated group list {"
            + " optional binary element (STRING); } } optional fixed_len_byte_array(16) uid"
            + " (UUID); optional int96 ts;";
    writeSpark(dir.resolve("a.parquet"), "message spark_schema { " + columns + " }", "s");
    writeSpark(
        dir.resolve("b.parquet"),
        "message spark_schema { " + columns + " optional binary note (STRING); }",
        "t");
    ReadRecords read =
        ReadRecords.from(dir.resolve("*.parquet").toString()).withoutRedistribution();

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result = pipeline.apply(read);

    assertEquals(
        Schema.Type.FIXED, read.schema().getField("ts").schema().getTypes().get(1).getType());
    PAssert.that(
            result
                .output()
                .apply(
                    "Values",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            r ->
                                r.source()
                                    + " "
                                    + r.record().get("id")
                                    + " "
                                    + r.record().get("tags")
                                    + " "
                                    + r.record().get("uid")
                                    + " "
                                    + Arrays.toString(
                                        ((GenericData.Fixed) r.record().get("ts")).bytes()))))
        .containsInAnyOrder(
            dir.resolve("a.parquet")
                + ":1 s0 [t0, u0] 00000000-0000-0000-0000-000000000001"
                + " [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]",
            dir.resolve("b.parquet")
                + ":1 t0 [t0, u0] 00000000-0000-0000-0000-000000000001"
                + " [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]");
    PAssert.that(result.failures()).empty();
    pipeline.run().waitUntilFinish();
  }

  private static void writeSpark(Path file, String messageType, String idPrefix)
      throws IOException {
    MessageType spark = MessageTypeParser.parseMessageType(messageType);
    SimpleGroupFactory groups = new SimpleGroupFactory(spark);
    byte[] uuid = new byte[16];
    uuid[15] = 1;
    byte[] int96 = new byte[12];
    int96[8] = 1;
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withType(spark)
            .withConf(new PlainParquetConfiguration())
            .build()) {
      Group row =
          groups
              .newGroup()
              .append("id", idPrefix + "0")
              .append("age", 30.0)
              .append("region", "north")
              .append("weight", 1.0)
              .append("uid", Binary.fromConstantByteArray(uuid))
              .append("ts", Binary.fromConstantByteArray(int96));
      Group tags = row.addGroup("tags");
      tags.addGroup("list").append("element", "t0");
      tags.addGroup("list").append("element", "u0");
      if (spark.containsField("note")) {
        row.append("note", "n");
      }
      writer.write(row);
    }
  }

  /** A Parquet file that cannot be read is one dead letter; the other files are read. */
  @Test
  void aParquetFileThatCannotBeReadIsOneDeadLetter(TestPipeline pipeline) throws IOException {
    writeParquet(dir.resolve("a.parquet"), TestData.PERSON, TestData.people(2));
    Path cut = dir.resolve("b.parquet");
    writeParquet(cut, TestData.PERSON, TestData.people(3));
    Files.write(cut, Arrays.copyOf(Files.readAllBytes(cut), (int) Files.size(cut) / 2));
    String cutName = cut.toString();

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result =
        pipeline.apply(
            ReadRecords.from(dir.resolve("*.parquet").toString()).withoutRedistribution());

    PAssert.that(result.output().apply("Sources", sources()))
        .containsInAnyOrder(dir.resolve("a.parquet") + ":1 p0", dir.resolve("a.parquet") + ":2 p1");
    PAssert.that(
            result
                .failures()
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            d ->
                                d.getSource()
                                    + " "
                                    + d.getMessage()
                                        .startsWith(
                                            d.getSource()
                                                + ": cannot read as Parquet from this row on: "
                                                + cutName
                                                + ": not a complete Parquet file: its footer,"
                                                + " which Parquet writes last, is missing"))))
        .containsInAnyOrder(cut + ":1 true");
    pipeline.run().waitUntilFinish();
  }

  /**
   * The records' schema comes from the first file in name order that holds records: an empty file
   * sorting first (a Spark {@code _SUCCESS} marker) made the job fail, and a first Avro file
   * without records, written with an older schema, made every record of the others a dead letter.
   * Without any record, the first readable file's schema; with no readable file, an error naming
   * the first one's problem.
   */
  @Test
  void theSchemaComesFromTheFirstFileThatHoldsRecords() throws IOException {
    Schema older = SchemaBuilder.record("Older").fields().requiredString("id").endRecord();
    Files.write(dir.resolve("_SUCCESS"), new byte[0]);
    AvroFiles.write(dir.resolve("a.avro"), older, List.of());
    AvroFiles.write(
        dir.resolve("b.avro"), TestData.PERSON, List.of(TestData.person("p", 30.0, "north", 1)));
    ReadRecords all = ReadRecords.from(dir.resolve("*").toString()).withFormat(InputFormat.AVRO);
    ReadRecords noRecords =
        ReadRecords.from(dir.resolve("[_a]*").toString()).withFormat(InputFormat.AVRO);
    ReadRecords nothing =
        ReadRecords.from(dir.resolve("_*").toString()).withFormat(InputFormat.AVRO);

    assertEquals(dir.resolve("b.avro").toString(), all.schemaSource().file());
    assertEquals(TestData.PERSON, all.schema());
    assertEquals(older, noRecords.schema());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, nothing::schema);
    assertEquals(
        "no file matching "
            + dir.resolve("_*")
            + " gives the records' schema; the first: "
            + dir.resolve("_SUCCESS")
            + ": empty file",
        none.getMessage());
  }

  /**
   * A Parquet file named .avro among Avro files is one dead letter saying it is Parquet (until
   * 2026-12-04 "cannot read as Avro: Not an Avro data file."); the Avro files are read.
   */
  @Test
  void aParquetFileNamedAvroIsOneDeadLetterSayingItIsParquet(TestPipeline pipeline)
      throws IOException {
    AvroFiles.write(dir.resolve("a.avro"), TestData.PERSON, TestData.people(2));
    writeParquet(dir.resolve("b.avro"), TestData.PERSON, TestData.people(2));

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result =
        pipeline.apply(ReadRecords.from(dir.resolve("*.avro").toString()).withoutRedistribution());

    PAssert.that(result.output().apply("Sources", sources()))
        .containsInAnyOrder(dir.resolve("a.avro") + ":1 p0", dir.resolve("a.avro") + ":2 p1");
    PAssert.that(result.failures().apply("Reasons", reasons()))
        .containsInAnyOrder(
            "decode null "
                + dir.resolve("b.avro")
                + ":1: not an Avro data file: it is a Parquet file (it starts with PAR1): read it as"
                + " Parquet (.parquet)");
    pipeline.run().waitUntilFinish();
  }

  /**
   * A first file that is cut short is named by its path (was: {@code ChannelInputFile@2c35e847 is
   * not a Parquet file}, as an unexplained RuntimeException) and said to lack its footer (until
   * 2026-12-04: "cannot read its schema as parquet (is --inputFormat right?): … is not a Parquet
   * file. Expected magic number at tail …").
   */
  @Test
  void aFirstFileThatIsNotParquetIsNamedByItsPath() throws IOException {
    Path cut = dir.resolve("a.parquet");
    writeParquet(cut, TestData.PERSON, TestData.people(3));
    Files.write(cut, Arrays.copyOf(Files.readAllBytes(cut), 10));

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReadRecords.from(dir.resolve("*.parquet").toString()).schema());

    assertEquals(
        "no file matching "
            + dir.resolve("*.parquet")
            + " gives the records' schema; the first: "
            + cut
            + ": not a complete Parquet file: its footer, which Parquet writes last, is missing"
            + " (the file ends after 10 bytes: cut short while being written or copied?): write or"
            + " copy the file again",
        error.getMessage());
  }

  /**
   * A Parquet file with a column name Avro does not allow (pandas' "home region") is named with the
   * column and the rule, without asking about the format option (was: "cannot read its schema as
   * parquet (is --inputFormat right?): Illegal character in: home region").
   */
  @Test
  void aColumnNameThatIsNotAnAvroNameIsNamedWithTheRule() throws IOException {
    Path pandas = dir.resolve("a.parquet");
    MessageType type =
        new MessageType("schema", Types.optional(PrimitiveTypeName.DOUBLE).named("home region"));
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(pandas))
            .withType(type)
            .withConf(new PlainParquetConfiguration())
            .build()) {
      writer.write(new SimpleGroupFactory(type).newGroup().append("home region", 1.0));
    }

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReadRecords.from(dir.resolve("*.parquet").toString()).schema());

    assertEquals(
        "no file matching "
            + dir.resolve("*.parquet")
            + " gives the records' schema; the first: "
            + pandas
            + ": column name 'home region' is not a valid Avro name (letters, digits and _, not"
            + " starting with a digit): Parquet columns are read as Avro fields, kept under their"
            + " names in the output; rename the column where the file is written (pandas:"
            + " df.rename(columns=...), Spark: withColumnRenamed)",
        error.getMessage());
  }

  /**
   * A Parquet file read as CSV says which format it was read as, asks about the format option and
   * says that the file is Parquet (until 2026-12-04 Jackson's "Invalid UTF-8 middle byte", and
   * before that with its internal reference chain "through reference chain:
   * java.lang.Object[][0]").
   */
  @Test
  void aFileReadInTheWrongFormatSaysWhichFormatItWasReadAs() throws IOException {
    Path parquet = dir.resolve("people.parquet");
    writeParquet(parquet, TestData.PERSON, TestData.people(3));

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReadRecords.from(parquet.toString())
                    .withFormat(InputFormat.CSV)
                    .withModel(TestData.MODEL)
                    .schema());

    assertTrue(
        error
            .getMessage()
            .endsWith(
                parquet
                    + ": cannot read its schema as csv (is --inputFormat right?): not CSV text: it"
                    + " is a Parquet file (it starts with PAR1): read it as Parquet (.parquet)"),
        error.getMessage());
  }

  /** A Parquet read error says why: parquet-hadoop's own message only says where. */
  @Test
  void aParquetReadErrorNamesItsCauses() {
    RuntimeException error =
        new RuntimeException(
            "Can not read value at 0 in block -1 in file a.parquet",
            new IllegalStateException(
                "incompatible types", new IllegalArgumentException("incompatible types")));

    assertEquals(
        "Can not read value at 0 in block -1 in file a.parquet: incompatible types",
        ReadParquetFilesFn.causes(error));
  }

  @Test
  void anUnknownExtensionNeedsAnExplicitFormat() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> ReadRecords.from("in/*.txt").format());

    assertEquals(
        "cannot tell the format of 'in/*.txt' from its extension (.avro, .csv, .parquet); give the"
            + " format with --input-format avro|csv|parquet",
        error.getMessage());
    assertEquals(
        InputFormat.CSV, ReadRecords.from("in/*.txt").withFormat(InputFormat.CSV).format());
  }

  /** Records as "source record". */
  private static MapElements<SourcedRecord, String> records() {
    return MapElements.into(TypeDescriptors.strings()).via(r -> r.source() + " " + r.record());
  }

  /** Dead letters as "stage field message". */
  private static MapElements<DeadLetter, String> reasons() {
    return MapElements.into(TypeDescriptors.strings())
        .via(d -> d.getStage() + " " + d.getField() + " " + d.getMessage());
  }

  /** A dead letter's payload as text (JSON for a record of an Avro or Parquet file). */
  private static MapElements<DeadLetter, String> payloads() {
    return MapElements.into(TypeDescriptors.strings())
        .via(d -> StandardCharsets.UTF_8.decode(d.getOriginalPayload().duplicate()).toString());
  }

  private static MapElements<SourcedRecord, String> sources() {
    return MapElements.into(TypeDescriptors.strings())
        .via(r -> r.source() + " " + r.record().get("id"));
  }

  private static MapElements<SourcedRecord, String> describe() {
    return MapElements.into(TypeDescriptors.strings())
        .via(
            r -> {
              GenericRecord g = r.record();
              return r.source()
                  + " "
                  + g.get("id")
                  + " "
                  + g.get("age")
                  + " "
                  + g.get("region")
                  + " "
                  + g.get("weight")
                  + " "
                  + g.get("note")
                  + " | "
                  + new String(r.payload(), StandardCharsets.UTF_8);
            });
  }

  private static void writeParquet(Path file, Schema schema, List<GenericRecord> records)
      throws IOException {
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
            .withSchema(schema)
            .build()) {
      for (GenericRecord record : records) {
        writer.write(record);
      }
    }
  }
}
