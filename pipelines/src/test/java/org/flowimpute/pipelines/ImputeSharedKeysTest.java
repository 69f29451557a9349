package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.FakeModelProvider;
import org.flowimpute.pipelines.testing.HouseholdFakeModel;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.transforms.ModelProvider;
import org.flowimpute.pipelines.transforms.OutputSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch imputation with --key-field: records whose key other records share (they would get the same
 * noise) are all dead letters, reason duplicate_key; the other records are imputed exactly as
 * without the duplicates; counts balance; the same on the DirectRunner and on Flink.
 */
class ImputeSharedKeysTest {

  @TempDir Path dir;

  private final ModelProvider model = new FakeModelProvider(TestData.MODEL);

  /**
   * Avro input (the per-block path): p3 appears twice in one file and once in the other, p7 twice;
   * all five are dead letters naming the others, the 58 other records are imputed as a run on the
   * input without them imputes them.
   */
  @Test
  void avroRecordsSharingAKeyAreAllDeadLettersWhateverTheRunner() {
    List<GenericRecord> people = TestData.people(60);
    List<GenericRecord> first = new ArrayList<>(people.subList(0, 30));
    first.add(TestData.person("p3", 50.0, "east", 2.0));
    List<GenericRecord> second = new ArrayList<>(people.subList(30, 60));
    second.add(TestData.person("p3", 51.0, "north", 1.0));
    second.add(TestData.person("p7", 52.0, "south", 1.0));
    AvroFiles.write(dir.resolve("in-1.avro"), TestData.PERSON, first);
    AvroFiles.write(dir.resolve("in-2.avro"), TestData.PERSON, second);
    List<GenericRecord> unique = new ArrayList<>();
    for (GenericRecord person : people) {
      String id = person.get("id").toString();
      if (!id.equals("p3") && !id.equals("p7")) {
        unique.add(person);
      }
    }
    AvroFiles.write(dir.resolve("unique.avro"), TestData.PERSON, unique);

    run(options("unique.avro", "reference", 512));
    Map<String, String> reference = byKey(dir.resolve("reference"));
    assertEquals(58, reference.size());

    ImputeOptions direct = options("in-*.avro", "direct", 512);
    PipelineResult result = run(direct);
    assertEquals(reference, byKey(dir.resolve("direct")));
    List<GenericRecord> letters =
        AvroFiles.readShards(dir.resolve("direct"), "imputed-dead-letters");
    assertSharedKeyLetters(letters, Map.of("p3", 3, "p7", 2));
    JobCounts counts = JobCounts.of(result);
    assertEquals(63, counts.read());
    assertEquals(58, counts.imputed());
    assertEquals(5, counts.deadLetters());

    ImputeOptions flink = options("in-*.avro", "flink", 7);
    flink.setRunner(FlinkRunner.class);
    flink.as(FlinkPipelineOptions.class).setFlinkMaster("[local]");
    flink.as(FlinkPipelineOptions.class).setParallelism(2);
    ImputePipeline.run(flink, model).waitUntilFinish();
    assertEquals(reference, byKey(dir.resolve("flink")));
    assertSharedKeyLetters(
        AvroFiles.readShards(dir.resolve("flink"), "imputed-dead-letters"),
        Map.of("p3", 3, "p7", 2));
  }

  /**
   * A later Avro file without the key field: imputation reads its records with the first file's
   * default key "unknown", so they share it and are dead letters. The check read each file's own
   * schema, found no key there, and let them through with identical noise.
   */
  @Test
  void keysFilledInByTheSchemaDefaultAreCheckedAsImputationReadsThem() {
    Schema withDefault =
        TestData.personSchema(
            "Person",
            List.of(
                new Schema.Field(
                    "id", Schema.create(Schema.Type.STRING), null, (Object) "unknown")),
            List.of());
    Schema withoutKey = TestData.personSchema("Person", List.of(), List.of());
    List<GenericRecord> first = new ArrayList<>();
    for (GenericRecord person : TestData.people(20)) {
      GenericData.Record record = new GenericData.Record(withDefault);
      withDefault.getFields().forEach(f -> record.put(f.name(), person.get(f.name())));
      first.add(record);
    }
    List<GenericRecord> second = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      GenericData.Record record = new GenericData.Record(withoutKey);
      record.put("age", 40.0 + i);
      record.put("region", "north");
      record.put("weight", 1.0);
      second.add(record);
    }
    AvroFiles.write(dir.resolve("a.avro"), withDefault, first);
    AvroFiles.write(dir.resolve("b.avro"), withoutKey, second);

    PipelineResult result = run(options("*.avro", "defaults", 512));

    assertSharedKeyLetters(
        AvroFiles.readShards(dir.resolve("defaults"), "imputed-dead-letters"),
        Map.of("unknown", 3));
    assertEquals(20, JobCounts.of(result).imputed());
    assertTrue(JobCounts.of(result).balanced(), JobCounts.of(result).toString());
  }

  /** CSV input (the per-record path): the key read as text, "7" and "7.0" are one key. */
  @Test
  void csvRecordsSharingAKeyAreAllDeadLetters() throws IOException {
    Files.writeString(
        dir.resolve("in.csv"),
        "id,age,region,weight\n"
            + "7,30,north,1\n"
            + "8,40,south,1\n"
            + "7.0,50,east,1\n"
            + "9,60,east,1\n");

    PipelineResult result = run(options("in.csv", "csv", 512));

    Set<String> imputed = new TreeSet<>();
    AvroFiles.readShards(dir.resolve("csv"), "imputed-0")
        .forEach(r -> imputed.add(r.get("id").toString()));
    assertEquals(Set.of("8", "9"), imputed);
    List<GenericRecord> letters = AvroFiles.readShards(dir.resolve("csv"), "imputed-dead-letters");
    assertSharedKeyLetters(letters, Map.of("7", 2));
    assertTrue(JobCounts.of(result).balanced(), JobCounts.of(result).toString());
  }

  /**
   * Every key repeated, each in a second file (the DirectRunner's worst case: its counts hold a key
   * per two records): every record of the Avro and of the CSV input is a dead letter.
   */
  @Test
  void everyRecordWhoseKeyIsInAnotherFileTooIsADeadLetter() throws IOException {
    List<GenericRecord> people = TestData.people(300);
    AvroFiles.write(dir.resolve("twin-1.avro"), TestData.PERSON, people);
    AvroFiles.write(dir.resolve("twin-2.avro"), TestData.PERSON, people);
    StringBuilder csv = new StringBuilder("id,age,region,weight\n");
    people.forEach(
        p -> csv.append(p.get("id")).append(',').append(p.get("age")).append(",east,1\n"));
    Files.writeString(dir.resolve("twin-1.csv"), csv);
    Files.writeString(dir.resolve("twin-2.csv"), csv);
    Map<String, Integer> twice = new TreeMap<>();
    people.forEach(p -> twice.put(p.get("id").toString(), 2));

    for (String format : List.of("avro", "csv")) {
      PipelineResult result = run(options("twin-*." + format, format + "-twins", 64));

      assertSharedKeyLetters(
          AvroFiles.readShards(dir.resolve(format + "-twins"), "imputed-dead-letters"), twice);
      JobCounts counts = JobCounts.of(result);
      assertEquals(600, counts.read(), format);
      assertEquals(0, counts.imputed(), format);
      assertTrue(counts.balanced(), counts.toString());
    }
  }

  /**
   * No record has a key: the check has nothing to count, and validation dead-letters every record
   * (that the DirectRunner's counts are written even then is {@code RepeatedKeysTest}'s).
   */
  @Test
  void recordsWithoutAKeyAreValidationsDeadLetters() throws IOException {
    Files.writeString(
        dir.resolve("keyless.csv"), "id,age,region,weight\n,30,north,1\n,40,south,1\n");

    PipelineResult result = run(options("keyless.csv", "keyless", 512));

    List<GenericRecord> letters =
        AvroFiles.readShards(dir.resolve("keyless"), "imputed-dead-letters");
    assertEquals(2, letters.size(), letters.toString());
    assertTrue(
        letters.stream().noneMatch(l -> l.get("error_class").toString().equals("duplicate_key")),
        letters.toString());
    assertTrue(JobCounts.of(result).balanced(), JobCounts.of(result).toString());
  }

  /** --checkKeys=false skips the check: the records that share a key are imputed (same noise). */
  @Test
  void checkKeysFalseImputesEveryRecord() throws IOException {
    Files.writeString(
        dir.resolve("in.csv"), "id,age,region,weight\n7,30,north,1\n8,40,south,1\n7,50,east,1\n");
    ImputeOptions options = options("in.csv", "unchecked", 512);
    options.setCheckKeys(false);

    PipelineResult result = run(options);

    assertEquals(3, AvroFiles.readShards(dir.resolve("unchecked"), "imputed-0").size());
    assertEquals(0, JobCounts.of(result).deadLetters());
  }

  /**
   * A household job: a person id shared by members of two households takes both households to the
   * dead letters (a household is imputed whole or not at all); the third household is imputed.
   */
  @Test
  void aSharedKeyInAHouseholdJobDeadLettersTheHouseholdsOfItsRecords() throws IOException {
    Files.writeString(
        dir.resolve("people.csv"),
        "household_id,person_id,age,weight\n"
            + "h1,p1,40,1\n"
            + "h1,p2,12,1\n"
            + "h2,p3,35,1\n"
            + "h2,p1,33,1\n"
            + "h3,p5,70,2\n");
    ImputeOptions options = options("people.csv", "households", 512);
    options.setKeyField("person_id");
    Pipeline pipeline = Pipeline.create(options);
    ImputePipeline.build(pipeline, options, new HouseholdFakeModel());
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    Set<String> imputed = new TreeSet<>();
    AvroFiles.readShards(dir.resolve("households"), "imputed-0")
        .forEach(r -> imputed.add(r.get("person_id").toString()));
    assertEquals(Set.of("p5"), imputed);
    List<GenericRecord> letters =
        AvroFiles.readShards(dir.resolve("households"), "imputed-dead-letters");
    assertEquals(4, letters.size(), letters.toString());
    assertEquals(
        2,
        letters.stream()
            .filter(l -> l.get("error_class").toString().equals("duplicate_key"))
            .count(),
        letters.toString());
    assertTrue(
        letters.stream()
            .filter(l -> l.get("error_class").toString().equals("error"))
            .allMatch(
                l -> l.get("message").toString().contains("record key that other records share")),
        letters.toString());
    assertTrue(JobCounts.of(result).balanced(), JobCounts.of(result).toString());
  }

  private static void assertSharedKeyLetters(
      List<GenericRecord> letters, Map<String, Integer> keys) {
    assertEquals(keys.values().stream().mapToInt(Integer::intValue).sum(), letters.size());
    Map<String, Integer> counted = new TreeMap<>();
    for (GenericRecord letter : letters) {
      assertEquals("validate", letter.get("stage").toString(), letter.toString());
      assertEquals("duplicate_key", letter.get("error_class").toString(), letter.toString());
      assertEquals("id", letter.get("field").toString());
      String message = letter.get("message").toString();
      assertTrue(
          message.contains("is shared by " + keys.get(letter.get("record_key").toString())),
          message);
      counted.merge(letter.get("record_key").toString(), 1, Integer::sum);
    }
    assertEquals(new TreeMap<>(keys), counted);
  }

  private PipelineResult run(ImputeOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    ImputePipeline.build(pipeline, options, model);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return result;
  }

  private ImputeOptions options(String input, String outputDirectory, int batchSize) {
    ImputeOptions options = PipelineOptionsFactory.create().as(ImputeOptions.class);
    options.setModel("unused-by-the-fake-model");
    options.setInput(dir.resolve(input).toString());
    options.setOutput(dir.resolve(outputDirectory).resolve("imputed").toString());
    options.setBatchSize(batchSize);
    options.setKeyField("id");
    return options;
  }

  private static Map<String, String> byKey(Path directory) {
    Map<String, String> records = new TreeMap<>();
    for (GenericRecord record : AvroFiles.readShards(directory, "imputed-0")) {
      records.put(record.get(OutputSchema.RECORD_KEY).toString(), record.toString());
    }
    return records;
  }
}
