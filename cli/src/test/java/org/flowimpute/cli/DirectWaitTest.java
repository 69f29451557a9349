package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How {@code stream} waits for a DirectRunner job: woken by a stop request, and a runner wait that
 * returns before its time without a terminal state (a failed step) is told apart from a normal end.
 */
class DirectWaitTest {

  @Test
  void aWaitThatReturnsBeforeItsTimeIsAFailure() {
    assertTrue(DirectWait.stoppedEarly(7_000, 40_000));
    assertFalse(DirectWait.stoppedEarly(39_800, 40_000));
    assertFalse(DirectWait.stoppedEarly(40_020, 40_000));
  }

  /**
   * The runner returns one wait early after an Error in a step, at whatever moment the step fails:
   * here 1.7 s into a 4 s limit (a wait in slices of a second missed it, as it came late in one).
   */
  @Test
  void aRunnerWaitReturningEarlyWhileRunningIsReportedAsReturnedEarly() {
    Job job = new Job(1_700);

    DirectWait.Outcome outcome =
        DirectWait.until(job, Duration.standardSeconds(4), new CompletableFuture<>());

    assertEquals(PipelineResult.State.RUNNING, outcome.state());
    assertTrue(outcome.returnedEarly(), "waited " + outcome.waitedMillis() + " ms");
  }

  @Test
  void withoutALimitAnyReturnWhileRunningIsEarly() {
    DirectWait.Outcome outcome = DirectWait.until(new Job(0), null, new CompletableFuture<>());

    assertTrue(outcome.returnedEarly());
  }

  @Test
  void aWaitThatRunsItsLimitIsNotEarly() {
    DirectWait.Outcome outcome =
        DirectWait.until(new Job(-1), Duration.millis(300), new CompletableFuture<>());

    assertEquals(PipelineResult.State.RUNNING, outcome.state());
    assertFalse(outcome.returnedEarly());
  }

  @Test
  void aStopRequestEndsTheWaitOfAJobWithoutALimit() throws InterruptedException {
    Job job = new Job(Long.MAX_VALUE);
    CompletableFuture<String> stop = new CompletableFuture<>();
    Thread signal =
        new Thread(
            () -> {
              try {
                job.waiting.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              stop.complete("SIGTERM");
            });
    signal.start();

    DirectWait.Outcome outcome = DirectWait.until(job, null, stop);

    assertEquals(PipelineResult.State.RUNNING, outcome.state());
    assertFalse(outcome.returnedEarly());
    assertTrue(job.waiting.await(1, TimeUnit.SECONDS));
  }

  @Test
  void aFailedJobThrowsAsTheRunnersWaitDoes() {
    IllegalStateException failure = new IllegalStateException("step failed");
    Job job = new Job(0);
    job.failure = failure;

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () -> DirectWait.until(job, Duration.standardSeconds(4), new CompletableFuture<>()));

    assertSame(failure, thrown);
  }

  /**
   * A job that keeps running; its wait returns after {@code returnAfterMillis} (-1: its full
   * limit), or throws {@link #failure}.
   */
  private static final class Job implements PipelineResult {
    private final long returnAfterMillis;
    private final CountDownLatch waiting = new CountDownLatch(1);
    private RuntimeException failure;

    Job(long returnAfterMillis) {
      this.returnAfterMillis = returnAfterMillis;
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
      return waitFor(returnAfterMillis < 0 ? duration.getMillis() : returnAfterMillis);
    }

    @Override
    public State waitUntilFinish() {
      return waitFor(returnAfterMillis);
    }

    private State waitFor(long millis) {
      waiting.countDown();
      if (failure != null) {
        throw failure;
      }
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return State.RUNNING;
    }

    @Override
    public MetricResults metrics() {
      throw new UnsupportedOperationException("no metrics");
    }
  }
}
