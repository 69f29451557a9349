package org.flowimpute.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault injection on a real cluster: while the checkpointed streaming job runs on two TaskManagers,
 * one TaskManager is killed with SIGKILL. Flink must restart the job from its last completed
 * checkpoint on the surviving TaskManager, and the committed output must still hold every record
 * exactly once: each window file complete, no id twice, no window missing. Tagged {@code
 * cluster-full} (about 1-2 minutes): {@code mvn -B -pl deploy -am verify -Pcluster-full}.
 */
@Tag("cluster-full")
class ClusterFaultIT {

  private static final long RECORDS_PER_WINDOW = 200;
  private static final long MILLIS_PER_RECORD = 10;
  private LocalFlinkCluster cluster;

  @AfterEach
  void stopCluster() {
    if (cluster != null) {
      List<Long> pids = cluster.livePids();
      cluster.close();
      assertEquals(List.of(), cluster.livePids(), "cluster processes left running: " + pids);
    }
  }

  @Test
  @Timeout(300)
  void killingATaskManagerLosesAndDuplicatesNothing() throws Exception {
    Path work = ClusterSubmitter.clusterWork().resolve("fault-" + System.currentTimeMillis());
    cluster =
        LocalFlinkCluster.of(ClusterSubmitter.flinkLib(), work.resolve("cluster"))
            .withConfig("heartbeat.timeout", "8000")
            .start();
    Path output = work.resolve("streaming-output");
    String jobName = "fault-streaming-" + System.nanoTime();
    FlinkPipelineOptions options =
        ClusterSubmitter.options(
            cluster, jobName, List.of(ClusterSubmitter.jobJar(), ClusterSubmitter.testClasses()));
    ClusterSubmitter.streaming(options);
    ClusterSubmitter.submit(
        options,
        pipeline ->
            ClusterSmokeJobs.streaming(
                pipeline, 100, MILLIS_PER_RECORD, RECORDS_PER_WINDOW, output.toString()));
    FlinkRest rest = cluster.rest();
    String jobId = rest.awaitJobNamed(jobName, Duration.ofSeconds(60)).id();
    try {
      int windowsBeforeKill =
          WindowedIds.awaitWindows(
              rest, jobId, output, RECORDS_PER_WINDOW, 3, Duration.ofSeconds(120));
      awaitCheckpoints(rest, jobId, 2, Duration.ofSeconds(60));
      long checkpointsBeforeKill = rest.completedCheckpoints(jobId);

      Instant killed = Instant.now();
      cluster.killTaskManager(2);
      long restoredFrom = awaitRestore(rest, jobId, Duration.ofSeconds(120));
      Duration recovery = Duration.between(killed, Instant.now());
      int windowsAfter =
          WindowedIds.awaitWindows(
              rest,
              jobId,
              output,
              RECORDS_PER_WINDOW,
              windowsBeforeKill + 4,
              Duration.ofSeconds(120));

      System.out.printf(
          "fault: killed TaskManager 2 after %d windows and %d checkpoints; job restored from"
              + " checkpoint %d and running again after %d ms (%d restarts); %d windows"
              + " committed%n",
          windowsBeforeKill,
          checkpointsBeforeKill,
          restoredFrom,
          recovery.toMillis(),
          rest.restarts(jobId),
          windowsAfter);
      assertTrue(restoredFrom >= 1, "the job did not restore from a checkpoint");
      assertTrue(rest.restarts(jobId) >= 1, "the job was not restarted");
    } finally {
      rest.cancel(jobId);
      rest.awaitTerminal(jobId, Duration.ofSeconds(60));
    }
    int windows = WindowedIds.verifyExactlyOnce(output, RECORDS_PER_WINDOW);
    System.out.printf(
        "fault: %d windows, %d records, each exactly once%n",
        windows, windows * RECORDS_PER_WINDOW);
  }

  private static void awaitCheckpoints(FlinkRest rest, String jobId, long count, Duration timeout)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (rest.completedCheckpoints(jobId) < count) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("fewer than " + count + " checkpoints after " + timeout);
      }
      Thread.sleep(250);
    }
  }

  /** Waits until the job runs again after restoring a checkpoint; returns the checkpoint id. */
  private static long awaitRestore(FlinkRest rest, String jobId, Duration timeout)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      long restored = rest.restoredCheckpointId(jobId);
      if (restored >= 1 && rest.jobState(jobId).equals("RUNNING")) {
        return restored;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "no restore within "
                + timeout
                + "; job "
                + rest.jobState(jobId)
                + "; "
                + rest.exceptions(jobId));
      }
      Thread.sleep(250);
    }
  }
}
