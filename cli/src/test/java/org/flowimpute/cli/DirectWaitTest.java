package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How {@code stream} waits for a DirectRunner job: woken by a stop request within a slice, and a
 * runner wait that returns early without a terminal state is told apart (a failed step).
 */
class DirectWaitTest {

  /**
   * A wait that returned long before its time without a terminal state is a failure (the
   * DirectRunner returns so after an Error in a step): not a normal stop with exit code 0.
   */
  @Test
  void aWaitThatReturnsBeforeItsTimeIsAFailure() {
    assertTrue(DirectWait.stoppedEarly(100, 1_000));
    assertFalse(DirectWait.stoppedEarly(980, 1_000));
    assertFalse(DirectWait.stoppedEarly(1_020, 1_000));
  }

  @Test
  void aRunnerWaitReturningAtOnceWhileRunningIsReportedAsReturnedEarly() {
    Job job = new Job(false);

    DirectWait.Outcome outcome =
        DirectWait.until(job, Duration.standardSeconds(30), new CompletableFuture<>());

    assertEquals(PipelineResult.State.RUNNING, outcome.state());
    assertTrue(outcome.returnedEarly());
    assertEquals(1, job.waits.get());
  }

  @Test
  void aStopRequestEndsTheWaitAtTheNextSliceWithoutALimit() {
    Job job = new Job(true);
    CompletableFuture<String> stop = new CompletableFuture<>();
    job.onWait = () -> stop.complete("SIGTERM");

    DirectWait.Outcome outcome = DirectWait.until(job, null, stop);

    assertEquals(PipelineResult.State.RUNNING, outcome.state());
    assertFalse(outcome.returnedEarly());
    assertEquals(1, job.waits.get());
  }

  @Test
  void theLimitEndsTheWaitOfAJobThatKeepsRunning() {
    Job job = new Job(true);

    DirectWait.Outcome outcome =
        DirectWait.until(job, Duration.millis(2_500), new CompletableFuture<>());

    assertEquals(PipelineResult.State.RUNNING, outcome.state());
    assertFalse(outcome.returnedEarly());
    assertTrue(outcome.waitedMillis() >= 2_500, "waited " + outcome.waitedMillis() + " ms");
    assertTrue(job.waits.get() >= 3, "slices of at most 1 s: " + job.waits.get());
  }

  /** A job that keeps running; each wait sleeps its full time or returns at once. */
  private static final class Job implements PipelineResult {
    private final boolean waitsItsTime;
    private final AtomicInteger waits = new AtomicInteger();
    private Runnable onWait = () -> {};

    Job(boolean waitsItsTime) {
      this.waitsItsTime = waitsItsTime;
    }

    @Override
    public State getState() {
      return State.RUNNING;
    }

    @Override
    public State cancel() {
      throw new UnsupportedOperationException("not cancelled by the wait");
    }

    @Override
    public State waitUntilFinish(Duration duration) {
      waits.incrementAndGet();
      onWait.run();
      if (waitsItsTime) {
        try {
          Thread.sleep(duration.getMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return State.RUNNING;
    }

    @Override
    public State waitUntilFinish() {
      throw new UnsupportedOperationException("the wait is sliced");
    }

    @Override
    public MetricResults metrics() {
      throw new UnsupportedOperationException("no metrics");
    }
  }
}
