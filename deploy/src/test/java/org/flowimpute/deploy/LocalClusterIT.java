package org.flowimpute.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bounded cluster test that CI runs: a standalone Flink 1.19 cluster (JobManager and two
 * TaskManagers, separate JVMs on 127.0.0.1), a batch job and a checkpointed streaming job submitted
 * through its REST endpoint with the shaded job jar, outputs checked, every process stopped.
 */
class LocalClusterIT {

  private static final long RECORDS_PER_WINDOW = 200;
  private static final long MILLIS_PER_RECORD = 10;
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
      long checkpoints = cluster.rest().completedCheckpoints(job.id());
      System.out.printf(
          "streaming job: %d complete windows, %d checkpoints%n", windows, checkpoints);
      assertTrue(checkpoints >= 1, "no completed checkpoint");
    } finally {
      cluster.rest().cancel(job.id());
      cluster.rest().awaitTerminal(job.id(), Duration.ofSeconds(60));
    }
    assertTrue(WindowedIds.verifyExactlyOnce(output, RECORDS_PER_WINDOW) >= 4);
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
