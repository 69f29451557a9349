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
            "--run-for", JobStatus.RESTARTING, "Checkpoint Coordinator is suspending.", true, null);

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
        TimedFlinkStream.savepointFailure(
            "--run-for", JobStatus.RUNNING, "no savepoint directory", false, null));
  }

  /**
   * On a cluster the failure is in the JobManager's log only; the error gives it as read from the
   * job's exception history (FlinkJobExceptions).
   */
  @Test
  void aSavepointRefusedWhileAClusterJobRestartsNamesTheTaskFailure() {
    assertEquals(
        "--run-for could not stop the Flink job with a savepoint: the job was restarting after a"
            + " failure of one of its tasks, not running (Flink: Task is not running, but in state"
            + " FAILED); the failure: Connection to node 1 could not be established (full trace:"
            + " GET http://jm:8081/jobs/ab12/exceptions). The job was cancelled, its open windows"
            + " not written",
        TimedFlinkStream.savepointFailure(
            "--run-for",
            JobStatus.RESTARTING,
            "Task is not running, but in state FAILED",
            false,
            "Connection to node 1 could not be established"
                + " (full trace: GET http://jm:8081/jobs/ab12/exceptions)"));
  }
}
