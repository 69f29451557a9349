package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.values.ModelFields;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryReaderTest {

  private static final long BASE = Instant.parse("2026-03-01T00:00:00Z").getMillis();

  /** One-hour windows: none of these records is late. */
  private static final EventTimePolicy POLICY = TestData.eventTimes(Duration.standardHours(1));

  @TempDir Path dir;

  /**
   * A watched file written with a schema whose weight is optional: its records with a null weight
   * cannot be held by the stream's schema (required weight) and are decode dead letters naming the
   * field, the others are read, and the stream goes on to the next file.
   */
  @Test
  void aRecordTheStreamSchemaCannotHoldIsADeadLetterAndTheStreamReadsOn() throws IOException {
    Schema optionalWeight = withOptionalWeight(TestData.TIMED_PERSON);
    List<GenericRecord> first = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      GenericData.Record record = new GenericData.Record(optionalWeight);
      record.put("id", "a" + i);
      record.put("age", 30.0 + i);
      record.put("region", "north");
      record.put("weight", i == 2 ? null : 1.0 + i);
      record.put("event_time", BASE + i);
      first.add(record);
    }
    AvroFiles.write(dir.resolve("a.avro"), optionalWeight, first);
    AvroFiles.write(
        dir.resolve("b.avro"),
        TestData.TIMED_PERSON,
        List.of(TestData.timedPerson("b0", 50.0, "south", 2.0, BASE + 10)));

    List<String> outcomes = readAll(source(), null);

    assertEquals(
        List.of(
            "a0 1.0",
            "a1 2.0",
            "decode weight "
                + dir.resolve("a.avro")
                + ":3: field 'weight' is null, but the job's record schema requires double",
            "a3 4.0",
            "a4 5.0",
            "b0 2.0"),
        outcomes);
  }

  /**
   * A watched CSV file whose header has the weight column the stream's schema (the first file's)
   * lacks has each row set aside saying so, as in the batch job, and so has a file whose header
   * lacks the schema's weight column: its weight would be dropped (the record weighing 1) or
   * absent.
   */
  @Test
  void csvRowsOfAFileThatDisagreesWithTheSchemaAboutTheWeightColumnAreDeadLetters()
      throws IOException {
    String unweighed = "id,age,region,event_time\na0,30,north," + BASE + "\n";
    String weighed = "id,age,region,weight,event_time\nb0,40,south,2.5," + BASE + "\n";
    Files.writeString(dir.resolve("a.csv"), unweighed, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("b.csv"), weighed, StandardCharsets.UTF_8);

    List<String> dropped = readAll(watching().fileSource(), null);

    assertEquals(2, dropped.size(), dropped.toString());
    assertTrue(dropped.get(0).startsWith("a0 "), dropped.toString());
    assertWeightLetter(
        dropped.get(1), "b.csv", "a.csv", "the header has column 'weight'", "has no such field");

    Files.writeString(dir.resolve("a.csv"), weighed, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("b.csv"), unweighed, StandardCharsets.UTF_8);

    List<String> absent = readAll(watching().fileSource(), null);

    assertEquals(2, absent.size(), absent.toString());
    assertEquals("b0 2.5", absent.get(0));
    assertWeightLetter(
        absent.get(1), "b.csv", "a.csv", "the header has no column 'weight'", "expected a weight");
  }

  /**
   * A stream of a model that keeps present targets ({@code --missing-targets}) reads a watched CSV
   * row whose continuous target holds {@code NA} as one whose cell is empty, as the batch job does:
   * it was a {@code decode} dead letter. {@code NA} in a numeric condition still is one.
   */
  @Test
  void aMarkerInAnObservedTargetOfAWatchedCsvIsAnEmptyCell() throws IOException {
    ModelFields keeping =
        new ModelFields(
            TestData.MODEL.modelId(),
            TestData.MODEL.conditions(),
            TestData.MODEL.targets(),
            TestData.MODEL.weightField(),
            true);
    Files.writeString(
        dir.resolve("a.csv"),
        "id,age,region,income,weight,event_time\n"
            + ("a0,30,north,NA,1.5," + BASE + "\n")
            + ("a1,NA,north,5,2," + BASE + "\n"),
        StandardCharsets.UTF_8);

    List<String> outcomes = readAll(watching().withModel(keeping).fileSource(), null);

    assertEquals(
        List.of(
            "a0 1.5",
            "decode age " + dir.resolve("a.csv") + ":2: column 'age': expected a number, got 'NA'"),
        outcomes);
  }

  /**
   * A watched Avro file whose schema has the weight field the stream's schema (the first file's)
   * lacks has each record set aside saying so: Avro's resolution dropped it, each record weighing
   * 1.
   */
  @Test
  void avroRecordsOfAFileWhoseWeightFieldTheSchemaLacksAreDeadLetters() throws IOException {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : TestData.TIMED_PERSON.getFields()) {
      if (!field.name().equals("weight")) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    Schema unweighed =
        Schema.createRecord("Unweighed", null, TestData.TIMED_PERSON.getNamespace(), false, fields);
    GenericData.Record a0 = new GenericData.Record(unweighed);
    a0.put("id", "a0");
    a0.put("age", 30.0);
    a0.put("region", "north");
    a0.put("event_time", BASE);
    AvroFiles.write(dir.resolve("a.avro"), unweighed, List.of(a0));
    AvroFiles.write(
        dir.resolve("b.avro"),
        TestData.TIMED_PERSON,
        List.of(TestData.timedPerson("b0", 40.0, "south", 2.5, BASE)));

    List<String> outcomes = readAll(watching().fileSource(), null);

    assertEquals(2, outcomes.size(), outcomes.toString());
    assertTrue(outcomes.get(0).startsWith("a0 "), outcomes.toString());
    assertWeightLetter(
        outcomes.get(1),
        "b.avro",
        "a.avro",
        "the file's schema has field 'weight'",
        "has no such field");
  }

  /**
   * A watched CSV or Avro file with a column or field the stream's schema (the first file's) lacks
   * has each record set aside naming it, as in the batch job: its values were dropped without a
   * word ({@code calibrated_weight}, which the stream writes itself, is not counted). With a given
   * schema ({@code --recordSchema}) the same files are read as its fields.
   */
  @Test
  void recordsOfAFileWithAFieldTheFirstFilesSchemaLacksAreDeadLetters() throws IOException {
    Files.writeString(
        dir.resolve("a.csv"),
        "id,age,region,weight,event_time\na0,30,north,1," + BASE + "\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("b.csv"),
        "id,age,region,weight,event_time,calibrated_weight,note\nb0,40,south,2.5,"
            + BASE
            + ",3,x\n",
        StandardCharsets.UTF_8);

    List<String> csv = readAll(watching().fileSource(), null);
    List<String> given =
        readAll(
            watching()
                .withSchema(
                    CsvSchemas.forHeader(
                        List.of("id", "age", "region", "weight", "event_time"), TestData.MODEL))
                .withSchemaOrigin("that of --recordSchema s.avsc")
                .fileSource(),
            null);

    String origin =
        "that of "
            + dir.resolve("a.csv")
            + " (the first file of the watched directory that holds records)";
    assertEquals(
        List.of(
            "a0 1.0",
            "decode note "
                + dir.resolve("b.csv")
                + ":1: the header of this file has column 'note' that the job's record schema, "
                + origin
                + ", lacks: its values would be dropped; give all files one header, or give"
                + " --recordSchema a schema with that field to keep it (one without it drops it"
                + " knowingly)"),
        csv);
    assertEquals(List.of("a0 1.0", "b0 2.5"), given);

    Files.delete(dir.resolve("a.csv"));
    Files.delete(dir.resolve("b.csv"));
    Schema noted =
        SchemaBuilder.record("Noted")
            .fields()
            .requiredString("id")
            .optionalDouble("age")
            .optionalString("region")
            .requiredDouble("weight")
            .optionalLong("event_time")
            .optionalString("note")
            .endRecord();
    GenericData.Record b0 = new GenericData.Record(noted);
    b0.put("id", "b0");
    b0.put("age", 40.0);
    b0.put("region", "south");
    b0.put("weight", 2.5);
    b0.put("event_time", BASE);
    b0.put("note", "x");
    AvroFiles.write(
        dir.resolve("a.avro"),
        TestData.TIMED_PERSON,
        List.of(TestData.timedPerson("a0", 30.0, "north", 1.0, BASE)));
    AvroFiles.write(dir.resolve("b.avro"), noted, List.of(b0));

    List<String> avro = readAll(watching().fileSource(), null);

    assertEquals(2, avro.size(), avro.toString());
    assertEquals("a0 1.0", avro.get(0));
    assertTrue(
        avro.get(1)
            .startsWith(
                "decode note "
                    + dir.resolve("b.avro")
                    + ":1: the file's schema has field 'note' that the job's record schema, that of "
                    + dir.resolve("a.avro")
                    + " (the first file of the watched directory that holds records), lacks"),
        avro.get(1));
  }

  /** A decode dead letter of the first record of {@code file} about the weight field. */
  private void assertWeightLetter(
      String outcome, String file, String first, String says, String alsoSays) {
    assertTrue(outcome.startsWith("decode weight " + dir.resolve(file) + ":1: " + says), outcome);
    assertTrue(
        outcome.contains(
            "that of "
                + dir.resolve(first)
                + " (the first file of the watched directory that holds records)"),
        outcome);
    assertTrue(outcome.contains(alsoSays), outcome);
  }

  /** The directory watched as the stream job watches it, the schema from its first file. */
  private DirectoryWatchSource watching() {
    return DirectoryWatchSource.watching(dir.toString())
        .withModel(TestData.MODEL)
        .withPolicy(POLICY)
        .withPollInterval(Duration.millis(1));
  }

  /**
   * A watched CSV file with a quote that is never closed: its rows before the quote are read, the
   * rest is one dead letter, and the stream reads the next file. A reader restored from a
   * checkpoint taken after the dead letter passes over it and does not fail on the file again.
   */
  @Test
  void aCsvFileThatStopsBeingCsvEndsWithOneDeadLetterAndTheStreamReadsOn() throws IOException {
    String header = "id,age,region,weight,event_time\n";
    Files.writeString(
        dir.resolve("a.csv"),
        header + "a0,30,north,1," + BASE + "\na1,\"31,north,1," + BASE + "\na2,32,north,1,0\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("b.csv"),
        header + "b0,40,south,2," + (BASE + 5) + "\n",
        StandardCharsets.UTF_8);
    DirectoryFileSource source = source();

    List<String> outcomes = readAll(source, null);

    assertEquals(
        List.of(
            "a0 1.0",
            "decode null "
                + dir.resolve("a.csv")
                + ":2: malformed CSV: Missing closing quote for value (noticed at line 5); this row"
                + " and the rest of the file cannot be read (a quote that is never closed takes the"
                + " rows after it into one cell)",
            "b0 2.0"),
        outcomes);
    DirectoryCheckpoint afterTheDeadLetter =
        new DirectoryCheckpoint(
            Set.of(), dir.resolve("a.csv").toString(), 2, new Instant(BASE), new Instant(0));
    assertEquals(List.of("b0 2.0"), readAll(source, afterTheDeadLetter));
  }

  /**
   * A watched Latin-1 CSV file: its dead letter says that the file is not UTF-8 and how to convert
   * it, not the hint about a quote that is never closed, which fits malformed CSV only.
   */
  @Test
  void aLatin1CsvFileEndsWithADeadLetterSayingItIsNotUtf8() throws IOException {
    Files.writeString(
        dir.resolve("a.csv"),
        "id,age,region,weight,event_time\na0,30,north,1,"
            + BASE
            + "\nJ\u00fcrgen,31,north,1,"
            + BASE
            + "\n",
        StandardCharsets.ISO_8859_1);

    List<String> outcomes = readAll(source(), null);

    assertEquals(2, outcomes.size(), outcomes.toString());
    assertEquals("a0 1.0", outcomes.get(0));
    String letter = outcomes.get(1);
    assertTrue(
        letter.startsWith(
            "decode null "
                + dir.resolve("a.csv")
                + ":2: the file is not UTF-8 text (Invalid UTF-8 start byte 0xfc"),
        letter);
    assertTrue(
        letter.endsWith(
            "; this row and the rest of the file cannot be read; its bytes fit"
                + " Latin-1/Windows-1252, as Excel's plain \"CSV\" export writes on Windows:"
                + " convert it to UTF-8, e.g. iconv -f windows-1252 -t utf-8 in.csv > in-utf8.csv"),
        letter);
  }

  /**
   * A watched Avro file named .csv: its dead letter says it is Avro and to name it so (until
   * 2026-12-04 "the file is not UTF-8 text … convert it to UTF-8, e.g. iconv -f windows-1252").
   */
  @Test
  void anAvroFileNamedCsvEndsWithADeadLetterSayingItIsAvro() throws IOException {
    AvroFiles.write(
        dir.resolve("a.csv"),
        TestData.TIMED_PERSON,
        List.of(TestData.timedPerson("a0", 30.0, "north", 1.0, BASE)));

    assertEquals(
        List.of(
            "decode null "
                + dir.resolve("a.csv")
                + ":1: not CSV text: it is an Avro data file (it starts with Avro's magic bytes):"
                + " read it as Avro (.avro); the file cannot be read"),
        readAll(source(), null));
  }

  /**
   * Watched CSV files read with a record schema that has required text, an enum, a boolean and a
   * required weight: a row that leaves a required field empty, holds a symbol the enum lacks or
   * text that is not a boolean, a file whose header lacks a required column, and a header that
   * names a column twice are decode dead letters naming the column, and the stream reads on (each
   * made the whole job fail: a null or a string the record's encoder refused).
   */
  @Test
  void csvRowsThatDoNotFitTheRecordSchemaAreDeadLettersAndTheStreamReadsOn() throws IOException {
    Schema schema =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Typed\",\"fields\":["
                    + "{\"name\":\"id\",\"type\":\"string\"},"
                    + "{\"name\":\"age\",\"type\":\"double\"},"
                    + "{\"name\":\"region\",\"type\":{\"type\":\"enum\",\"name\":\"Region\","
                    + "\"symbols\":[\"north\",\"south\"]}},"
                    + "{\"name\":\"employed\",\"type\":\"boolean\"},"
                    + "{\"name\":\"weight\",\"type\":\"double\"},"
                    + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null},"
                    + "{\"name\":\"event_time\",\"type\":\"long\"}]}");
    String header = "id,age,region,employed,weight,event_time\n";
    Files.writeString(
        dir.resolve("a.csv"),
        header
            + String.join(
                "",
                "a0,30,north,true,1," + BASE + "\n",
                "a1,31,,true,1," + BASE + "\n",
                "a2,32,west,true,1," + BASE + "\n",
                "a3,33,south,yes,1," + BASE + "\n",
                "a4,34,south,FALSE,2," + BASE + "\n"),
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("b.csv"),
        "id,age,region,employed,event_time\nb0,40,south,true," + BASE + "\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("c.csv"),
        "id,age,age,region,employed,weight,event_time\nc0,40,41,south,true,1," + BASE + "\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("d.csv"),
        header + "d0,50,south,false,3," + BASE + "\n",
        StandardCharsets.UTF_8);
    DirectoryFileSource source =
        new DirectoryFileSource(
            dir.resolve("*").toString(), schema, POLICY, Duration.millis(1), 0, 1, null, null);

    List<String> outcomes = readAll(source, null);

    String requires = ", but the record schema requires a value (not nullable, no default)";
    assertEquals(
        List.of(
            "a0 1.0",
            "decode region " + dir.resolve("a.csv") + ":2: column 'region' is empty" + requires,
            "decode region "
                + dir.resolve("a.csv")
                + ":3: column 'region': expected one of [north, south] (enum Region), got 'west'",
            "decode employed "
                + dir.resolve("a.csv")
                + ":4: column 'employed': expected true or false, got 'yes'",
            "a4 2.0",
            "decode weight "
                + dir.resolve("b.csv")
                + ":1: the header has no column 'weight'"
                + requires,
            "decode null "
                + dir.resolve("c.csv")
                + ":1: the header names column 'age' twice, so the file's rows cannot be matched"
                + " to fields",
            "d0 3.0"),
        outcomes);
  }

  /**
   * A watched Avro file cut inside a block, and an empty one: each ends with one dead letter (the
   * cut one naming its first lost record, the empty one saying so: until 2026-12-04 "cannot read as
   * Avro: Not an Avro data file.") and the stream reads on; a reader restored after the first dead
   * letter passes over it.
   */
  @Test
  void aCutOrEmptyAvroFileEndsWithOneDeadLetterAndTheStreamReadsOn() throws IOException {
    List<GenericRecord> people = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      people.add(TestData.timedPerson("a" + i, 30.0, "north", 1.0, BASE + i));
    }
    AvroFiles.writeCut(dir.resolve("a.avro"), TestData.TIMED_PERSON, people, 10, 1);
    Files.write(dir.resolve("b.avro"), new byte[0]);
    AvroFiles.write(
        dir.resolve("c.avro"),
        TestData.TIMED_PERSON,
        List.of(TestData.timedPerson("c0", 50.0, "south", 2.0, BASE + 30)));
    DirectoryFileSource source = source();

    List<String> outcomes = readAll(source, null);

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.add("a" + i + " 1.0");
    }
    expected.add(
        "decode null "
            + dir.resolve("a.avro")
            + ":11: the file ends inside a data block (cut short, or still being written): the"
            + " records from here on cannot be read");
    expected.add("decode null " + dir.resolve("b.avro") + ":1: not an Avro data file: it is empty");
    expected.add("c0 2.0");
    assertEquals(expected, outcomes);
    DirectoryCheckpoint afterTheCut =
        new DirectoryCheckpoint(
            Set.of(), dir.resolve("a.avro").toString(), 11, new Instant(BASE), new Instant(0));
    assertEquals(expected.subList(11, 13), readAll(source, afterTheCut));
  }

  /**
   * Hidden files in the watched directory are not read: a command writing into it keeps its
   * half-written table as {@code .NAME.partial-PID}, and editors and macOS leave {@code .#x.csv}
   * and {@code ._x.avro}; each was read (here: dead letters, or a record read twice once renamed).
   */
  @Test
  void hiddenFilesInTheWatchedDirectoryAreNotRead() throws IOException {
    AvroFiles.write(
        dir.resolve("a.avro"),
        TestData.TIMED_PERSON,
        List.of(TestData.timedPerson("a0", 30.0, "north", 1.0, BASE)));
    AvroFiles.write(
        dir.resolve(".b.avro"),
        TestData.TIMED_PERSON,
        List.of(TestData.timedPerson("b0", 50.0, "south", 2.0, BASE + 1)));
    Files.writeString(dir.resolve("._a.avro"), "macOS metadata");
    Files.writeString(dir.resolve(".#c.csv"), "id,age\nlock,");

    assertEquals(List.of("a0 1.0"), readAll(source(), null));
  }

  /**
   * A watched Avro file cut inside its header is one dead letter saying so (it said "cannot read as
   * Avro: null") and the stream reads on.
   */
  @Test
  void anAvroFileCutInsideItsHeaderIsOneDeadLetterSayingSo() throws IOException {
    Path cut = dir.resolve("a.avro");
    AvroFiles.write(
        cut, TestData.TIMED_PERSON, List.of(TestData.timedPerson("a0", 30.0, "north", 1.0, BASE)));
    Files.write(cut, Arrays.copyOf(Files.readAllBytes(cut), 10));
    AvroFiles.write(
        dir.resolve("b.avro"),
        TestData.TIMED_PERSON,
        List.of(TestData.timedPerson("b0", 50.0, "south", 2.0, BASE + 30)));

    List<String> outcomes = readAll(source(), null);

    assertEquals(
        List.of(
            "decode null "
                + cut
                + ":1: not a complete Avro file: the header ends after 10 bytes (cut short while"
                + " being written or copied?): write or copy the file again",
            "b0 2.0"),
        outcomes);
  }

  /**
   * A watched Avro file whose second block does not decompress: its first block is read, then one
   * dead letter names the block (it said "cannot read the file from record 11 on:
   * java.io.IOException: FAILED_TO_UNCOMPRESS(5)") and the stream reads on.
   */
  @Test
  void aDamagedAvroBlockIsOneDeadLetterNamingTheBlock() throws IOException {
    List<GenericRecord> people = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      people.add(TestData.timedPerson("a" + i, 30.0, "north", 1.0, BASE + i));
    }
    AvroFiles.writeDamagingBlock(dir.resolve("a.avro"), TestData.TIMED_PERSON, people, 10, 2);
    AvroFiles.write(
        dir.resolve("b.avro"),
        TestData.TIMED_PERSON,
        List.of(TestData.timedPerson("b0", 50.0, "south", 2.0, BASE + 30)));

    List<String> outcomes = readAll(source(), null);

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.add("a" + i + " 1.0");
    }
    expected.add(
        "decode null "
            + dir.resolve("a.avro")
            + ":11: data block 2 (snappy-compressed) is damaged: FAILED_TO_UNCOMPRESS(5); the"
            + " records from here on cannot be read (write or copy the file again)");
    expected.add("b0 2.0");
    assertEquals(expected, outcomes);
  }

  /**
   * A CSV file read part way, checkpointed, then removed: the restored reader makes its rest one
   * dead letter and reads on (it failed every restore with FileNotFoundException, so the job
   * restarted for ever).
   */
  @Test
  void aCsvFileGoneSinceTheCheckpointIsOneDeadLetterAndTheStreamReadsOn() throws IOException {
    Files.writeString(
        dir.resolve("b.csv"),
        "id,age,region,weight,event_time\nb0,40,south,2," + (BASE + 5) + "\n",
        StandardCharsets.UTF_8);
    String gone = dir.resolve("a.csv").toString();
    DirectoryCheckpoint partWay =
        new DirectoryCheckpoint(Set.of(), gone, 512, new Instant(BASE), new Instant(0));

    List<String> outcomes = readAll(source(), partWay);

    assertEquals(2, outcomes.size(), outcomes.toString());
    assertTrue(
        outcomes.get(0).startsWith("decode null " + gone + ":513: cannot open: "), outcomes.get(0));
    assertTrue(outcomes.get(0).endsWith("; rows from 513 on were not read"), outcomes.get(0));
    assertEquals("b0 2.0", outcomes.get(1));
  }

  /**
   * The set of files read, which every checkpoint holds, keeps only files that are still listed: it
   * grew by one name per file for as long as the job ran (3,000 files: 321 kB per checkpoint), even
   * after the files were deleted.
   */
  @Test
  void checkpointsForgetFilesThatAreNoLongerThere() throws IOException {
    for (String name : List.of("a", "b", "c")) {
      AvroFiles.write(
          dir.resolve(name + ".avro"),
          TestData.TIMED_PERSON,
          List.of(TestData.timedPerson(name + "0", 40.0, "north", 1.0, BASE)));
    }
    sleepPastThePollInterval();
    try (DirectoryReader reader = source().createReader(PipelineOptionsFactory.create(), null)) {
      for (boolean more = reader.start(); more; more = reader.advance()) {
        reader.getCurrent();
      }
      assertEquals(3, reader.getCheckpointMark().doneFiles().size());
      Files.delete(dir.resolve("a.avro"));
      Files.delete(dir.resolve("b.avro"));
      sleepPastThePollInterval();

      boolean more = reader.advance();

      assertEquals(false, more);
      assertEquals(
          Set.of(dir.resolve("c.avro").toString()),
          Set.copyOf(reader.getCheckpointMark().doneFiles()));
    }
  }

  /**
   * A source restored from a checkpoint (as Flink restores it, with the settings of the run that
   * wrote the checkpoint: 1 h idle timeout, 1 h poll interval) reads with the settings of the job
   * that runs it, which its expansion recorded in the options: the new file is listed at once and
   * the watermark follows the wall clock after the new 1 ms idle timeout. The restored settings
   * were used: `stream --resume --idle-timeout 5s` after a run with 1h never wrote its last window.
   */
  @Test
  void aRestoredSourceReadsWithTheSettingsOfTheJobThatRunsIt() throws IOException {
    String glob = dir.resolve("*").toString();
    EventTimePolicy hourIdle =
        new EventTimePolicy(
            "event_time",
            Duration.standardSeconds(10),
            Duration.ZERO,
            Duration.standardHours(1),
            POLICY.windows());
    DirectoryFileSource restored =
        new DirectoryFileSource(
            glob, TestData.TIMED_PERSON, hourIdle, Duration.standardHours(1), 0, 1, null, null);
    EventTimePolicy quickIdle =
        new EventTimePolicy(
            "event_time",
            Duration.standardSeconds(10),
            Duration.ZERO,
            Duration.millis(1),
            POLICY.windows());
    DirectoryFileSource current =
        new DirectoryFileSource(
            glob, TestData.TIMED_PERSON, quickIdle, Duration.millis(1), 0, 1, null, null);
    PipelineOptions options = PipelineOptionsFactory.create();
    current.register(options);
    Instant checkpointed = new Instant(BASE).minus(Duration.standardSeconds(10));
    DirectoryCheckpoint checkpoint =
        new DirectoryCheckpoint(Set.of(), null, 0, new Instant(BASE), checkpointed);

    try (DirectoryReader reader = restored.createReader(options, checkpoint)) {
      assertEquals(false, reader.start());
      AvroFiles.write(
          dir.resolve("a.avro"),
          TestData.TIMED_PERSON,
          List.of(TestData.timedPerson("a0", 40.0, "north", 1.0, BASE + 1000)));
      sleepPastThePollInterval();

      assertEquals(true, reader.advance(), "the new file is listed after the new poll interval");
      assertEquals(
          "a0",
          reader.getCurrent().outcomes().get(0).outcome().record().record().get("id").toString());
      assertEquals(false, reader.advance());
      sleepPastThePollInterval();
      Instant watermark = reader.getWatermark();

      assertTrue(
          watermark.isAfter(Instant.now().minus(Duration.standardMinutes(1))),
          "idle for longer than the new 1 ms timeout, the watermark follows the wall clock: "
              + watermark);
      assertEquals(Duration.millis(1), reader.getCurrentSource().pollInterval());
    }
  }

  /**
   * A restored source of another directory than the job's only one (the command names another
   * {@code --source}) reads the command's directory, not the checkpoint's.
   */
  @Test
  void aRestoredSourceOfAnotherDirectoryReadsTheDirectoryOfTheJob() {
    DirectoryFileSource restored =
        new DirectoryFileSource(
            dir.resolve("old").resolve("*").toString(),
            TestData.TIMED_PERSON,
            POLICY,
            Duration.standardHours(1),
            0,
            1,
            null,
            null);
    PipelineOptions options = PipelineOptionsFactory.create();
    source().register(options);

    DirectoryFileSource current = restored.current(options);

    assertEquals(dir.resolve("*").toString(), current.glob());
    assertEquals(Duration.millis(1), current.pollInterval());
  }

  /** Options of a job not built by a directory source leave a source's own settings. */
  @Test
  void withoutARecordedSourceASourceReadsWithItsOwnSettings() {
    DirectoryFileSource own = source();

    assertEquals(own, own.current(PipelineOptionsFactory.create()));
  }

  /**
   * A file still being written is not read until it stops changing: read at once, a CSV file
   * written in place lost the rows written after the read, and a row cut in its last cell was read
   * with part of the value (1234.5 as 12).
   */
  @Test
  void aFileStillBeingWrittenIsReadWhenItHasStoppedChanging() throws Exception {
    Path file = dir.resolve("a.csv");
    Files.writeString(
        file,
        "id,age,region,event_time,weight\na0,30,north," + BASE + ",1\na1,31,north," + BASE + ",12",
        StandardCharsets.UTF_8);
    Duration poll = Duration.millis(1500);
    DirectoryFileSource source =
        new DirectoryFileSource(
            dir.resolve("*").toString(), TestData.TIMED_PERSON, POLICY, poll, 0, 1, null, null);

    try (DirectoryReader reader = source.createReader(PipelineOptionsFactory.create(), null)) {
      assertEquals(false, reader.start(), "a file modified within the poll interval waits");
      Files.writeString(
          file,
          "34.5\na2,32,south," + BASE + ",2\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      Thread.sleep(poll.getMillis() + 100);

      List<String> read = new ArrayList<>();
      for (boolean more = reader.advance(); more; more = reader.advance()) {
        for (ReadChunk.Timed timed : reader.getCurrent().outcomes()) {
          GenericRecord record = timed.outcome().record().record();
          read.add(record.get("id") + " " + record.get("weight"));
        }
      }

      assertEquals(List.of("a0 1.0", "a1 1234.5", "a2 2.0"), read);
    }
  }

  /**
   * A watched CSV row that cannot be decoded carries the key its key cell gives, as in batch: its
   * dead letter had no record_key, so it could not be joined back to the record it came from.
   */
  @Test
  void anUndecodableCsvRowCarriesTheKeyOfItsKeyCell() throws IOException {
    Files.writeString(
        dir.resolve("a.csv"),
        "id,age,region,event_time,weight\n"
            + ("a0,thirty,north," + BASE + ",1\n")
            + ("a1,31,north," + BASE + ",1\n"),
        StandardCharsets.UTF_8);
    DirectoryFileSource source =
        new DirectoryFileSource(
            dir.resolve("*").toString(),
            TestData.TIMED_PERSON,
            POLICY,
            Duration.millis(1),
            0,
            1,
            "id",
            null);

    List<String> keys = new ArrayList<>();
    sleepPastThePollInterval();
    try (DirectoryReader reader = source.createReader(PipelineOptionsFactory.create(), null)) {
      for (boolean more = reader.start(); more; more = reader.advance()) {
        for (ReadChunk.Timed timed : reader.getCurrent().outcomes()) {
          DeadLetter deadLetter = timed.outcome().deadLetter();
          keys.add(
              deadLetter == null
                  ? "record " + timed.outcome().record().record().get("id")
                  : "dead letter " + deadLetter.getField() + " " + deadLetter.getRecordKey());
        }
      }
    }

    assertEquals(List.of("dead letter age a0", "record a1"), keys);
  }

  /**
   * A record read whole but late for its window, or dated too far ahead, is a dead letter with the
   * key of its key field: a late record's record_key was null although its payload held the key.
   */
  @Test
  void aLateOrMisdatedRecordCarriesTheKeyOfItsKeyField() throws IOException {
    long farAhead = System.currentTimeMillis() + Duration.standardDays(2).getMillis();
    AvroFiles.write(
        dir.resolve("a.avro"),
        TestData.TIMED_PERSON,
        List.of(
            TestData.timedPerson("a0", 30.0, "north", 1.0, BASE + 7_200_000L),
            TestData.timedPerson("a1", 31.0, "north", 1.0, BASE),
            TestData.timedPerson("a2", 32.0, "north", 1.0, farAhead)));
    DirectoryFileSource source =
        new DirectoryFileSource(
            dir.resolve("*").toString(),
            TestData.TIMED_PERSON,
            POLICY,
            Duration.millis(1),
            0,
            1,
            "id",
            null);

    List<String> outcomes = new ArrayList<>();
    sleepPastThePollInterval();
    try (DirectoryReader reader = source.createReader(PipelineOptionsFactory.create(), null)) {
      for (boolean more = reader.start(); more; more = reader.advance()) {
        for (ReadChunk.Timed timed : reader.getCurrent().outcomes()) {
          DeadLetter deadLetter = timed.outcome().deadLetter();
          outcomes.add(
              deadLetter == null
                  ? "record " + timed.outcome().record().record().get("id")
                  : deadLetter.getStage()
                      + "/"
                      + deadLetter.getErrorClass()
                      + " "
                      + deadLetter.getRecordKey());
        }
      }
    }

    assertEquals(List.of("record a0", "window/late a1", "decode/malformed a2"), outcomes);
  }

  private static void sleepPastThePollInterval() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The directory's files, read as {@link TestData#TIMED_PERSON}s. */
  private DirectoryFileSource source() {
    return new DirectoryFileSource(
        dir.resolve("*").toString(),
        TestData.TIMED_PERSON,
        POLICY,
        Duration.millis(1),
        0,
        1,
        null,
        null);
  }

  /**
   * Everything a reader emits until it has nothing more to read: records as "id weight", dead
   * letters as "stage field message". Waits past the poll interval first: a file written less than
   * that before the listing is still changing and is not read yet (the reader then had nothing,
   * once in a run of the module's tests).
   */
  private static List<String> readAll(DirectoryFileSource source, DirectoryCheckpoint checkpoint)
      throws IOException {
    sleepPastThePollInterval();
    List<String> outcomes = new ArrayList<>();
    try (DirectoryReader reader =
        source.createReader(PipelineOptionsFactory.create(), checkpoint)) {
      for (boolean more = reader.start(); more; more = reader.advance()) {
        for (ReadChunk.Timed timed : reader.getCurrent().outcomes()) {
          ReadOutcome outcome = timed.outcome();
          if (outcome.record() != null) {
            GenericRecord record = outcome.record().record();
            outcomes.add(
                record.get("id")
                    + " "
                    + (record.getSchema().getField("weight") == null ? "-" : record.get("weight")));
          } else {
            DeadLetter deadLetter = outcome.deadLetter();
            outcomes.add(
                deadLetter.getStage()
                    + " "
                    + deadLetter.getField()
                    + " "
                    + deadLetter.getMessage());
          }
        }
      }
    }
    return outcomes;
  }

  private static Schema withOptionalWeight(Schema schema) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      Schema type =
          field.name().equals("weight")
              ? Schema.createUnion(Schema.create(Schema.Type.NULL), field.schema())
              : field.schema();
      fields.add(new Schema.Field(field.name(), type, null, (Object) null));
    }
    return Schema.createRecord(schema.getName(), null, schema.getNamespace(), false, fields);
  }
}
