package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.FakeModelProvider;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.transforms.ModelProvider;
import org.flowimpute.pipelines.transforms.OutputSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImputePipelineTest {

  private static final int PEOPLE = 300;

  @TempDir Path dir;

  private final ModelProvider model = new FakeModelProvider(TestData.MODEL);

  @BeforeEach
  void writeInput() {
    List<GenericRecord> first = new ArrayList<>(TestData.people(PEOPLE / 2));
    first.add(TestData.person("bad-null", null, "north", 1.0));
    first.add(TestData.person("bad-unknown", 30.0, "west", 1.0));
    List<GenericRecord> second = new ArrayList<>();
    for (GenericRecord person : TestData.people(PEOPLE)) {
      if (Integer.parseInt(person.get("id").toString().substring(1)) >= PEOPLE / 2) {
        second.add(person);
      }
    }
    second.add(TestData.person("bad-nan", Double.NaN, "east", 1.0));
    AvroFiles.write(dir.resolve("in-1.avro"), TestData.PERSON, first);
    AvroFiles.write(dir.resolve("in-2.avro"), TestData.PERSON, second);
    try {
      Files.writeString(dir.resolve("in-3.avro"), "not an Avro file", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void householdFieldIsRefusedForAPersonLevelModel() {
    ImputeOptions options = PipelineOptionsFactory.create().as(ImputeOptions.class);
    options.setHouseholdField("hid");

    IllegalArgumentException error =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> ImputePipeline.householdContext(options, model));

    assertTrue(error.getMessage().contains("--householdField=hid"), error.getMessage());
    assertTrue(error.getMessage().contains("household context"), error.getMessage());
  }

  /**
   * A misspelt key field would make every record a missing_field dead letter. The error names the
   * file the schema was read from (until 2026-12-04 it did not, unlike the condition and weight
   * field errors).
   */
  @Test
  void aKeyFieldTheInputRecordsLackIsRefusedBeforeTheJobStarts() {
    ImputeOptions options = options("direct", 512);
    options.setKeyField("person_id");

    IllegalArgumentException error =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> ImputePipeline.build(Pipeline.create(options), options, model));

    assertEquals(
        "key field 'person_id' (--keyField) is not a field of the input records, whose schema is"
            + " that of "
            + dir.resolve("in-1.avro")
            + " (the first file in name order that holds records); they have [id, age, region,"
            + " weight]",
        error.getMessage());
  }

  @Test
  void directRunnerWritesImputedFilesWithTheDerivedSchemaAndDeadLetters() {
    ImputeOptions options = options("direct", 512);

    Pipeline pipeline = Pipeline.create(options);
    Schema schema = ImputePipeline.build(pipeline, options, model);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    List<GenericRecord> imputed = AvroFiles.readShards(dir.resolve("direct"), "imputed-0");
    List<GenericRecord> deadLetters =
        AvroFiles.readShards(dir.resolve("direct"), "imputed-dead-letters");
    assertEquals(PEOPLE, imputed.size());
    assertEquals(4, deadLetters.size());
    JobCounts counts = JobCounts.of(result);
    assertEquals(PEOPLE + 4, counts.read());
    assertEquals(PEOPLE, counts.imputed());
    assertEquals(4, counts.deadLetters());
    assertEquals(schema, AvroFiles.shardSchema(dir.resolve("direct"), "imputed-0"));
    assertEquals("test-model-1", schema.getProp(OutputSchema.MODEL_ID_PROPERTY));
    assertEquals(
        List.of(
            "id",
            "age",
            "region",
            "income",
            "income_gate",
            "owner",
            "owner_gate",
            "weight",
            "model_id",
            "record_key"),
        schema.getFields().stream().map(Schema.Field::name).toList());
    assertTrue(
        deadLetters.stream().allMatch(d -> d.get("source").toString().contains("in-")),
        deadLetters.toString());
  }

  /**
   * Parallelism 16 too: the embedded cluster's default network memory (2,048 buffers) lasted only
   * to about 12, so on a 16-core machine, whose default parallelism is 16, every job failed.
   */
  @Test
  void flinkGivesTheSameRecordsAsTheDirectRunnerWhateverBatchSizeAndParallelism() {
    ImputeOptions direct = options("direct", 512);
    ImputePipeline.run(direct, model).waitUntilFinish();
    Map<String, String> fromDirect = byKey(dir.resolve("direct"));
    assertEquals(PEOPLE, fromDirect.size());

    for (int parallelism : new int[] {2, 16}) {
      String output = "flink-" + parallelism;
      ImputeOptions flink = options(output, parallelism == 2 ? 7 : 64);
      flink.setRunner(FlinkRunner.class);
      flink.as(FlinkPipelineOptions.class).setFlinkMaster("[local]");
      flink.as(FlinkPipelineOptions.class).setParallelism(parallelism);

      ImputePipeline.run(flink, model).waitUntilFinish();

      assertEquals(fromDirect, byKey(dir.resolve(output)), "parallelism " + parallelism);
      assertEquals(4, AvroFiles.readShards(dir.resolve(output), "imputed-dead-letters").size());
    }
  }

  private ImputeOptions options(String outputDirectory, int batchSize) {
    ImputeOptions options = PipelineOptionsFactory.create().as(ImputeOptions.class);
    options.setModel("unused-by-the-fake-model");
    options.setInput(dir.resolve("in-*.avro").toString());
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
