package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

/**
 * A drain whose savepoint failed because the job was recovering from a failure says so: the command
 * said only "Checkpoint Coordinator is suspending." after a Kafka broker went away.
 */
class TimedFlinkStreamTest {

  @Test
  void aSavepointRefusedWhileTheJobRestartsSaysTheJobFailed() {
    String message =
        TimedFlinkStream.savepointFailure(
            JobStatus.RESTARTING, "Checkpoint Coordinator is suspending.", true);

    assertTrue(
        message.startsWith(
            "--run-for could not stop the Flink job with a savepoint: the job was restarting"
                + " after a failure of one of its tasks, not running (Flink: Checkpoint"
                + " Coordinator is suspending.); the first warning or error above names the"
                + " failure"),
        message);
  }

  @Test
  void aSavepointRefusedWhileTheJobRunsKeepsFlinksReason() {
    assertEquals(
        "--run-for could not stop the Flink job with a savepoint (is state.savepoints.dir set in"
            + " the cluster's configuration?): no savepoint directory",
        TimedFlinkStream.savepointFailure(JobStatus.RUNNING, "no savepoint directory", false));
  }
}
