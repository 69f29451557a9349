package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.noise.NoiseKey;
import org.flowimpute.noise.RecordNoise;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.TestBundles;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.transforms.OutputSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job with a real ONNX Runtime session (the contract test graph of {@link TestBundles}): the
 * DirectRunner and embedded Flink write identical records whatever the batch size and parallelism,
 * and each record's gates come from its own noise (seed, model id, record key).
 */
class OnnxDeterminismTest {

  private static final int PEOPLE = 400;
  private static final long SEED = 20261124L;

  @TempDir Path dir;

  @BeforeEach
  void writeBundleAndInput() {
    TestBundles.writePeopleBundle(dir.resolve("bundle"));
    List<GenericRecord> people = TestData.people(PEOPLE);
    AvroFiles.write(dir.resolve("in-1.avro"), TestData.PERSON, people.subList(0, PEOPLE / 2));
    AvroFiles.write(dir.resolve("in-2.avro"), TestData.PERSON, people.subList(PEOPLE / 2, PEOPLE));
  }

  @Test
  void directAndFlinkWriteIdenticalRecordsWhateverBatchSizeAndParallelism() {
    ImputeOptions direct512 = options("direct-512", 512);
    ImputeOptions direct1 = options("direct-1", 1);
    ImputeOptions flink7 = options("flink-7", 7);
    flink7.setRunner(FlinkRunner.class);
    flink7.as(FlinkPipelineOptions.class).setFlinkMaster("[local]");
    flink7.as(FlinkPipelineOptions.class).setParallelism(2);

    ImputePipeline.run(direct512).waitUntilFinish();
    ImputePipeline.run(direct1).waitUntilFinish();
    PipelineResult flink = ImputePipeline.run(flink7);
    flink.waitUntilFinish();

    Map<String, String> reference = byKey("direct-512");
    assertEquals(PEOPLE, reference.size());
    assertEquals(reference, byKey("direct-1"));
    assertEquals(reference, byKey("flink-7"));
    JobCounts counts = JobCounts.of(flink);
    assertEquals(new JobCounts(PEOPLE, PEOPLE, 0, counts.batches(), 0, 0, 0), counts);
    assertTrue(counts.batches() >= PEOPLE / 7, counts.toString());
  }

  /** Also reads the bundle through Beam's file systems (a file:// URI, as gs:// would be). */
  @Test
  void eachRecordsGatesComeFromItsOwnNoise() {
    ImputeOptions options = options("direct", 64);
    options.setModel(dir.resolve("bundle").toUri().toString());

    ImputePipeline.run(options).waitUntilFinish();

    List<GenericRecord> records = AvroFiles.readShards(dir.resolve("direct"), "imputed-0");
    assertEquals(PEOPLE, records.size());
    List<String> tenures = List.of("owner", "renter", "social");
    for (GenericRecord record : records) {
      String key = record.get(OutputSchema.RECORD_KEY).toString();
      float[] uniforms = new float[3];
      NoiseKey.of(SEED, "people-contract-1", key)
          .noise()
          .fillUniform(RecordNoise.GATE_UNIFORM_STREAM, uniforms, 0, 3);
      String income = List.of("negative", "zero", "positive").get((int) (uniforms[0] * 3f));
      assertEquals(income, record.get("income_gate").toString(), key);
      assertEquals(String.valueOf((int) (uniforms[1] * 2f)), record.get("owner").toString(), key);
      assertEquals(tenures.get((int) (uniforms[2] * 3f)), record.get("tenure").toString(), key);
      assertEquals("people-contract-1", record.get(OutputSchema.MODEL_ID).toString());
    }
  }

  private ImputeOptions options(String output, int batchSize) {
    ImputeOptions options = PipelineOptionsFactory.create().as(ImputeOptions.class);
    options.setModel(dir.resolve("bundle").toString());
    options.setInput(dir.resolve("in-*.avro").toString());
    options.setOutput(dir.resolve(output).resolve("imputed").toString());
    options.setBatchSize(batchSize);
    options.setKeyField("id");
    options.setSeed(SEED);
    return options;
  }

  private Map<String, String> byKey(String output) {
    Map<String, String> records = new TreeMap<>();
    for (GenericRecord record : AvroFiles.readShards(dir.resolve(output), "imputed-0")) {
      records.put(record.get(OutputSchema.RECORD_KEY).toString(), record.toString());
    }
    return records;
  }
}
