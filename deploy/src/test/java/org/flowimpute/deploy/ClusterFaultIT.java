package org.flowimpute.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.flowimpute.pipelines.StreamPipeline;
import org.flowimpute.pipelines.options.StreamOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault injection on a real cluster: while the product streaming job ({@code StreamPipeline},
 * checkpointed, watched directory) runs on two TaskManagers, one TaskManager is killed with SIGKILL
 * after two windows are committed, and the remaining window files arrive. Flink must restart the
 * job from its last completed checkpoint on the surviving TaskManager, and the committed output
 * must still hold every good record exactly once, calibrated per window, with the dead letters and
 * one converged report per window (no idle timeout: a closing record ends the last window). Tagged
 * {@code cluster-full} (about 1-2 minutes): {@code mvn -B -pl deploy -am verify -Pcluster-full}.
 */
@Tag("cluster-full")
class ClusterFaultIT {

  private static final int WINDOWS = 6;
  private static final int WINDOWS_BEFORE_KILL = 2;
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
    ProductStreamJob input = ProductStreamJob.prepare(work.resolve("stream"), WINDOWS);
    input.writeWindows(0, WINDOWS_BEFORE_KILL + 1);
    String jobName = "fault-stream-" + System.nanoTime();
    StreamOptions options =
        input.options(
            ClusterSubmitter.streaming(
                ClusterSubmitter.options(cluster, jobName, List.of(ClusterSubmitter.jobJar()))));
    options.setIdleTimeout("0s");
    StreamPipeline.run(options);
    FlinkRest rest = cluster.rest();
    String jobId = rest.awaitJobNamed(jobName, Duration.ofSeconds(60)).id();
    try {
      input.awaitReports(rest, jobId, WINDOWS_BEFORE_KILL, Duration.ofSeconds(150));
      rest.awaitCompletedCheckpoints(jobId, 2, Duration.ofSeconds(60));
      long checkpointsBeforeKill = rest.completedCheckpoints(jobId);
      int windowsBeforeKill = input.committedReports();

      Instant killed = Instant.now();
      cluster.killTaskManager(2);
      input.writeWindows(WINDOWS_BEFORE_KILL + 1, WINDOWS);
      input.writeWatermarkCloser();
      long restoredFrom = awaitRestore(rest, jobId, Duration.ofSeconds(120));
      Duration recovery = Duration.between(killed, Instant.now());
      input.awaitComplete(rest, jobId, Duration.ofSeconds(120));

      System.out.printf(
          "fault: killed TaskManager 2 after %d of %d windows and %d checkpoints; job restored"
              + " from checkpoint %d and running again after %d ms (%d restarts); all windows"
              + " committed %d ms after the kill%n",
          windowsBeforeKill,
          WINDOWS,
          checkpointsBeforeKill,
          restoredFrom,
          recovery.toMillis(),
          rest.restarts(jobId),
          Duration.between(killed, Instant.now()).toMillis());
      assertTrue(restoredFrom >= 1, "the job did not restore from a checkpoint");
      assertTrue(rest.restarts(jobId) >= 1, "the job was not restarted");
    } finally {
      rest.cancel(jobId);
      rest.awaitTerminal(jobId, Duration.ofSeconds(60));
    }
    input.verify();
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
