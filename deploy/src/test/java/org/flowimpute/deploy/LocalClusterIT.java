package org.flowimpute.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.FailedJobs;
import org.flowimpute.pipelines.ImputePipeline;
import org.flowimpute.pipelines.StreamPipeline;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.TestBundles;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.transforms.OutputSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bounded cluster test that CI runs: a standalone Flink 1.19 cluster (JobManager and two
 * TaskManagers, separate JVMs on 127.0.0.1); the product batch job ({@code ImputePipeline}, checked
 * against the DirectRunner), the product streaming job ({@code StreamPipeline}, checkpointed), a
 * batch smoke job and a checkpointed streaming smoke job submitted through its REST endpoint with
 * the shaded job jar, outputs checked; a failing job's error naming its cause from the cluster's
 * exception history; every process stopped.
 */
class LocalClusterIT {

  private static final long RECORDS_PER_WINDOW = 200;
  private static final long MILLIS_PER_RECORD = 10;
  private static final int IMPUTE_PEOPLE = 1_000;
  private static final long IMPUTE_SEED = 20261129L;
  private static LocalFlinkCluster cluster;
  private static Path work;

  @BeforeAll
  static void startCluster() throws Exception {
    work = ClusterSubmitter.clusterWork().resolve("bounded-" + System.currentTimeMillis());
    Instant started = Instant.now();
    cluster = LocalFlinkCluster.of(ClusterSubmitter.flinkLib(), work.resolve("cluster")).start();
    System.out.printf(
        "cluster up (JobManager + 2 TaskManagers) in %d ms%n",
        Duration.between(started, Instant.now()).toMillis());
  }

  @AfterAll
  static void stopCluster() {
    List<Long> pids = cluster == null ? List.of() : cluster.livePids();
    if (cluster != null) {
      cluster.close();
      assertEquals(List.of(), cluster.livePids(), "cluster processes left running: " + pids);
    }
  }

  @Test
  @Timeout(180)
  void batchJobSumsEveryGroupOnTheCluster() throws Exception {
    Path input = work.resolve("batch-input.csv");
    Map<String, Long> expected = writeBatchInput(input, 20_000);
    Path output = work.resolve("batch-output");
    String jobName = "smoke-batch-" + System.nanoTime();
    FlinkPipelineOptions options =
        ClusterSubmitter.options(
            cluster, jobName, List.of(ClusterSubmitter.jobJar(), ClusterSubmitter.testClasses()));

    Instant submitted = Instant.now();
    ClusterSubmitter.submit(
        options,
        pipeline ->
            ClusterSmokeJobs.batch(
                pipeline, input.toString(), output.resolve("totals").toString()));
    FlinkRest.Job job = cluster.rest().awaitJobNamed(jobName, Duration.ofSeconds(60));
    String state = cluster.rest().awaitTerminal(job.id(), Duration.ofSeconds(150));

    System.out.printf(
        "batch job %s in %d ms (submit + run)%n",
        state, Duration.between(submitted, Instant.now()).toMillis());
    assertEquals("FINISHED", state, () -> exceptions(job.id()));
    assertEquals(expected, readTotals(output));
    assertFalse(
        cluster.rest().planNodes(job.id()).isEmpty(),
        "the JobManager built no plan for the web UI (a library of lib/ it needs is the wrong"
            + " version: see its log)");
  }

  /**
   * A job that fails on the cluster (a TaskManager cannot read a file) ends the submitter's wait in
   * state FAILED, and the error names the missing file as the JobManager's exception history
   * recorded it, not only the state.
   */
  @Test
  @Timeout(120)
  void failedJobsErrorNamesTheCauseTheClusterRecorded() throws Exception {
    Path missing = work.resolve("gone").resolve("people-1.avro");
    String jobName = "smoke-failing-" + System.nanoTime();
    FlinkPipelineOptions options =
        ClusterSubmitter.options(
            cluster, jobName, List.of(ClusterSubmitter.jobJar(), ClusterSubmitter.testClasses()));
    // One quick retry instead of the cluster's 30 every 2 s: Beam sets a job's retries on
    // DataStream jobs only (as the product batch job runs), and Flink ignores 0 of them.
    options.setUseDataStreamForBatch(true);
    options.setNumberOfExecutionRetries(1);
    options.setExecutionRetryDelay(100L);

    PipelineResult.State state =
        ClusterSubmitter.submit(
                options,
                pipeline -> ClusterSmokeJobs.readingMissingFile(pipeline, missing.toString()))
            .waitUntilFinish();
    FlinkRest.Job job = cluster.rest().awaitJobNamed(jobName, Duration.ofSeconds(10));

    assertEquals(PipelineResult.State.FAILED, state);
    assertEquals(
        "the smoke job ended in state FAILED: "
            + missing
            + " (No such file or directory) (full trace: GET http://"
            + cluster.flinkMaster()
            + "/jobs/"
            + job.id()
            + "/exceptions)",
        FailedJobs.ended(options, "the smoke job", state).getMessage());
  }

  @Test
  @Timeout(180)
  void streamingJobCommitsCompleteWindowsWithCheckpoints() throws Exception {
    Path output = work.resolve("streaming-output");
    String jobName = "smoke-streaming-" + System.nanoTime();
    FlinkPipelineOptions options =
        ClusterSubmitter.options(
            cluster, jobName, List.of(ClusterSubmitter.jobJar(), ClusterSubmitter.testClasses()));
    ClusterSubmitter.streaming(options);

    ClusterSubmitter.submit(
        options,
        pipeline ->
            ClusterSmokeJobs.streaming(
                pipeline, 100, MILLIS_PER_RECORD, RECORDS_PER_WINDOW, output.toString()));
    FlinkRest.Job job = cluster.rest().awaitJobNamed(jobName, Duration.ofSeconds(60));
    try {
      int windows =
          WindowedIds.awaitWindows(
              cluster.rest(), job.id(), output, RECORDS_PER_WINDOW, 4, Duration.ofSeconds(120));
      long checkpoints =
          cluster.rest().awaitCompletedCheckpoints(job.id(), 1, Duration.ofSeconds(60));
      System.out.printf(
          "streaming job: %d complete windows, %d checkpoints%n", windows, checkpoints);
    } finally {
      cluster.rest().cancel(job.id());
      cluster.rest().awaitTerminal(job.id(), Duration.ofSeconds(60));
    }
    assertTrue(WindowedIds.verifyExactlyOnce(output, RECORDS_PER_WINDOW) >= 4);
  }

  /**
   * The product batch job ({@code ImputePipeline} from the shaded job jar, DataStream batch mode)
   * on the cluster: a tiny real model bundle (the pipelines' contract ONNX graph), two Avro files
   * with three bad records; the cluster writes exactly the records and dead letters that the
   * DirectRunner writes for the same input and seed, and every input record ends in one of them.
   */
  @Test
  @Timeout(240)
  void productImputeJobWritesWhatTheDirectRunnerWrites() throws Exception {
    Path dir = work.resolve("impute");
    TestBundles.writePeopleBundle(dir.resolve("bundle"));
    List<GenericRecord> people = new ArrayList<>(TestData.people(IMPUTE_PEOPLE));
    people.add(TestData.person("bad-null", null, "north", 1.0));
    people.add(TestData.person("bad-unknown", 30.0, "west", 1.0));
    people.add(TestData.person("bad-nan", Double.NaN, "east", 1.0));
    int half = people.size() / 2;
    AvroFiles.write(dir.resolve("in-1.avro"), TestData.PERSON, people.subList(0, half));
    AvroFiles.write(dir.resolve("in-2.avro"), TestData.PERSON, people.subList(half, people.size()));
    ImputePipeline.run(imputeOptions(dir, "direct", PipelineOptionsFactory.create()))
        .waitUntilFinish();
    String jobName = "impute-" + System.nanoTime();
    ImputeOptions onCluster =
        imputeOptions(
            dir,
            "cluster",
            ClusterSubmitter.options(cluster, jobName, List.of(ClusterSubmitter.jobJar())));

    Instant submitted = Instant.now();
    ImputePipeline.run(onCluster);
    FlinkRest.Job job = cluster.rest().awaitJobNamed(jobName, Duration.ofSeconds(60));
    String state = cluster.rest().awaitTerminal(job.id(), Duration.ofSeconds(150));

    System.out.printf(
        "impute job %s in %d ms (submit + run)%n",
        state, Duration.between(submitted, Instant.now()).toMillis());
    assertEquals("FINISHED", state, () -> exceptions(job.id()));
    Map<String, String> fromDirect = imputedByKey(dir.resolve("direct"));
    Map<String, String> fromCluster = imputedByKey(dir.resolve("cluster"));
    List<String> rejected = deadLetters(dir.resolve("cluster"));
    assertEquals(IMPUTE_PEOPLE, fromCluster.size());
    assertEquals(people.size(), fromCluster.size() + rejected.size());
    assertEquals(fromDirect, fromCluster);
    assertEquals(deadLetters(dir.resolve("direct")), rejected);
    assertEquals(
        List.of("bad-nan not_finite", "bad-null null_value", "bad-unknown unknown_category"),
        rejected.stream().map(r -> r.substring(r.indexOf(' ') + 1)).sorted().toList());
  }

  /**
   * The product streaming job ({@code StreamPipeline} from the shaded job jar) on the cluster with
   * checkpoints: a watched directory of Avro files over three event-time windows; every good record
   * is committed exactly once with calibrated weights, the malformed ones as dead letters, one
   * converged report per window; then the job is cancelled.
   */
  @Test
  @Timeout(240)
  void productStreamJobCommitsEveryWindowOnce() throws Exception {
    ProductStreamJob input = ProductStreamJob.prepare(work.resolve("stream"), 3);
    input.writeWindows(0, input.windows());
    String jobName = "stream-" + System.nanoTime();
    FlinkPipelineOptions flink =
        ClusterSubmitter.streaming(
            ClusterSubmitter.options(cluster, jobName, List.of(ClusterSubmitter.jobJar())));

    Instant submitted = Instant.now();
    StreamPipeline.run(input.options(flink));
    FlinkRest.Job job = cluster.rest().awaitJobNamed(jobName, Duration.ofSeconds(60));
    try {
      input.awaitComplete(cluster.rest(), job.id(), Duration.ofSeconds(150));
      long committedMillis = Duration.between(submitted, Instant.now()).toMillis();
      long checkpoints =
          cluster.rest().awaitCompletedCheckpoints(job.id(), 1, Duration.ofSeconds(60));
      System.out.printf(
          "product streaming job: all %d windows committed %d ms after submission, %d checkpoints%n",
          input.windows(), committedMillis, checkpoints);
    } finally {
      cluster.rest().cancel(job.id());
      cluster.rest().awaitTerminal(job.id(), Duration.ofSeconds(60));
    }
    input.verify();
  }

  private static ImputeOptions imputeOptions(Path dir, String output, PipelineOptions base) {
    ImputeOptions options = base.as(ImputeOptions.class);
    options.setModel(dir.resolve("bundle").toString());
    options.setInput(dir.resolve("in-*.avro").toString());
    options.setOutput(dir.resolve(output).resolve("imputed").toString());
    options.setKeyField("id");
    options.setSeed(IMPUTE_SEED);
    options.setBatchSize(64);
    return options;
  }

  /** Each imputed record (all fields) by its record key. */
  private static Map<String, String> imputedByKey(Path directory) throws IOException {
    Map<String, String> records = new TreeMap<>();
    for (GenericRecord record : readAvro(directory, "imputed-0")) {
      records.put(record.get(OutputSchema.RECORD_KEY).toString(), record.toString());
    }
    return records;
  }

  /** "source record_key reason" of each dead letter, sorted. */
  private static List<String> deadLetters(Path directory) throws IOException {
    return readAvro(directory, "imputed-dead-letters").stream()
        .map(d -> d.get("source") + " " + d.get("record_key") + " " + d.get("error_class"))
        .sorted()
        .toList();
  }

  private static List<GenericRecord> readAvro(Path directory, String prefix) throws IOException {
    List<GenericRecord> records = new ArrayList<>();
    try (var files = Files.list(directory)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().startsWith(prefix))
              .filter(f -> f.toString().endsWith(".avro"))
              .toList()) {
        try (DataFileReader<GenericRecord> reader =
            new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
          reader.forEach(records::add);
        }
      }
    }
    return records;
  }

  private static String exceptions(String jobId) {
    try {
      return String.join("\n", cluster.rest().exceptions(jobId));
    } catch (IOException | InterruptedException e) {
      return "exceptions unavailable: " + e;
    }
  }

  private static Map<String, Long> writeBatchInput(Path input, int rows) throws IOException {
    Files.createDirectories(input.getParent());
    Map<String, Long> totals = new TreeMap<>();
    List<String> lines = new ArrayList<>();
    for (int id = 0; id < rows; id++) {
      String group = "g" + (id % 7);
      long value = (id * 31L) % 1000;
      lines.add(id + "," + group + "," + value);
      totals.merge(group, value, Long::sum);
    }
    Files.write(input, lines, StandardCharsets.UTF_8);
    return totals;
  }

  private static Map<String, Long> readTotals(Path outputDir) throws IOException {
    Map<String, Long> totals = new TreeMap<>();
    try (var files = Files.list(outputDir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avro")).toList()) {
        try (DataFileReader<GenericRecord> reader =
            new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
          for (GenericRecord record : reader) {
            totals.merge(record.get("group").toString(), (Long) record.get("total"), Long::sum);
          }
        }
      }
    }
    return totals;
  }
}
