package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobCancellationException;
import org.flowimpute.pipelines.options.StreamOptions;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How {@link TimedFlinkStream} says a job ended ({@link FlinkStreamEnd}), with a fake job in place
 * of Flink's: a stop that comes before the job is submitted cancels it once it is, without a
 * savepoint; a job that finished by itself before a stop was acted on ends as finished, so that the
 * command's exit code does not blame the stop.
 */
class TimedFlinkStreamEndTest {

  @Test
  void aStopBeforeSubmissionCancelsTheJobAsSoonAsItIsSubmitted() {
    FakeClient client = new FakeClient();
    Thread main = Thread.currentThread();

    FlinkStreamEnd end =
        TimedFlinkStream.run(
            flinkOptions(), null, stop("SIGTERM"), submittedOnceWaitedFor(main, client));

    assertTrue(end.cancelledBeforeRunning());
    assertEquals("SIGTERM", end.stoppedBy());
    assertNull(end.result());
    assertEquals(List.of("cancel"), client.calls);
  }

  @Test
  void aCancelThatFailsSaysWhichJobToCancelAndHow() {
    FakeClient client = new FakeClient();
    client.cancelFailure = new IllegalStateException("JobManager gone");
    Thread main = Thread.currentThread();

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                TimedFlinkStream.run(
                    flinkOptions(), null, stop("SIGINT"), submittedOnceWaitedFor(main, client)));

    assertEquals(
        "SIGINT came before the Flink job was running, and cancelling it failed (JobManager"
            + " gone): on a cluster, cancel job "
            + client.getJobID().toHexString()
            + " in the Flink web UI or with 'flink cancel'",
        thrown.getMessage());
  }

  @Test
  void aJobThatFinishedBeforeTheStopWasActedOnEndsAsFinished() {
    PipelineResult done = new DoneResult();

    FlinkStreamEnd end =
        TimedFlinkStream.run(
            flinkOptions(), Duration.standardMinutes(1), stop("SIGTERM"), options -> done);

    assertFalse(end.cancelledBeforeRunning());
    assertSame(done, end.result());
    assertNull(end.stoppedBy(), "the job finished by itself");
  }

  /**
   * A job start that submits the job (hands {@code client} to the listener) only once {@code main}
   * waits for the submission, so after it has seen the stop, then runs until cancelled.
   */
  private static Function<StreamOptions, PipelineResult> submittedOnceWaitedFor(
      Thread main, FakeClient client) {
    return options -> {
      while (main.getState() != Thread.State.WAITING) {
        Thread.onSpinWait();
      }
      new SubmittedFlinkJobs().onJobSubmitted(client, null);
      return client.awaitCancelAndFail();
    };
  }

  /** A stop already requested by {@code stopper}. */
  private static CompletableFuture<String> stop(String stopper) {
    return CompletableFuture.completedFuture(stopper);
  }

  private static StreamOptions flinkOptions() {
    return PipelineOptionsFactory.fromArgs("--runner=FlinkRunner").as(StreamOptions.class);
  }

  /** A submitted job's client that records what was asked of it; only cancel is expected. */
  private static final class FakeClient implements JobClient {
    private final List<String> calls = new ArrayList<>();
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final JobID id = new JobID();
    private RuntimeException cancelFailure;

    /** Waits until cancelled, then fails as Beam's Flink runner does for a cancelled job. */
    PipelineResult awaitCancelAndFail() {
      try {
        cancelled.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      throw new RuntimeException(
          "Pipeline execution failed",
          new JobCancellationException(id, "Job was cancelled.", null));
    }

    @Override
    public JobID getJobID() {
      return id;
    }

    @Override
    public CompletableFuture<JobStatus> getJobStatus() {
      calls.add("getJobStatus");
      return CompletableFuture.completedFuture(JobStatus.RUNNING);
    }

    @Override
    public CompletableFuture<Void> cancel() {
      calls.add("cancel");
      cancelled.countDown();
      return cancelFailure == null
          ? CompletableFuture.completedFuture(null)
          : CompletableFuture.failedFuture(cancelFailure);
    }

    @Override
    public CompletableFuture<String> stopWithSavepoint(
        boolean drain, String directory, SavepointFormatType format) {
      calls.add("stopWithSavepoint");
      return CompletableFuture.failedFuture(new IllegalStateException("no savepoint expected"));
    }

    @Override
    public CompletableFuture<String> triggerSavepoint(
        String directory, SavepointFormatType format) {
      calls.add("triggerSavepoint");
      return CompletableFuture.failedFuture(new IllegalStateException("no savepoint expected"));
    }

    @Override
    public CompletableFuture<Map<String, Object>> getAccumulators() {
      calls.add("getAccumulators");
      return CompletableFuture.completedFuture(Map.of());
    }

    @Override
    public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
      calls.add("getJobExecutionResult");
      return new CompletableFuture<>();
    }
  }

  /** The result of a job that finished by itself. */
  private static final class DoneResult implements PipelineResult {
    @Override
    public State getState() {
      return State.DONE;
    }

    @Override
    public State cancel() {
      throw new UnsupportedOperationException("a finished job is not cancelled");
    }

    @Override
    public State waitUntilFinish(Duration duration) {
      return State.DONE;
    }

    @Override
    public State waitUntilFinish() {
      return State.DONE;
    }

    @Override
    public MetricResults metrics() {
      throw new UnsupportedOperationException("no metrics");
    }
  }
}
