package org.flowimpute.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.beam.sdk.PipelineResult;
import org.joda.time.Duration;

/**
 * Waits for a streaming job on the DirectRunner until it ends, its time limit passes or a stop is
 * requested (a signal: {@link StopSignals}). The runner's own wait cannot be woken by a request, so
 * it runs on a thread of its own while this one waits for whichever comes first. It is one wait,
 * not a series of short ones: the runner reports an {@link Error} in a step (an {@link
 * OutOfMemoryError}) only by returning one wait early, with the job still "running", and a series
 * missed that whenever it came late in one of its waits.
 */
final class DirectWait {

  /** How much earlier than its limit a wait may return and still count as on time. */
  private static final long EARLY_MARGIN_MILLIS = 500;

  private DirectWait() {}

  /**
   * How a wait ended.
   *
   * @param state the job's state when the wait ended: terminal, or not when the time limit passed,
   *     a stop was requested, or the runner's wait returned early
   * @param returnedEarly whether the runner's wait returned before its limit (or, without one, at
   *     all) without a terminal state: the DirectRunner does so after an {@link Error} in a step,
   *     which is a failure, not a normal stop
   * @param waitedMillis how long the wait took
   */
  record Outcome(PipelineResult.State state, boolean returnedEarly, long waitedMillis) {}

  /**
   * Waits for {@code result} for at most {@code limit} (null: no limit) or until {@code stop}; a
   * job that failed throws as the runner's wait does.
   */
  static Outcome until(PipelineResult result, Duration limit, CompletableFuture<?> stop) {
    long started = System.nanoTime();
    CompletableFuture<PipelineResult.State> waited = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                waited.complete(
                    limit == null ? result.waitUntilFinish() : result.waitUntilFinish(limit));
              } catch (Throwable e) {
                waited.completeExceptionally(e);
              } finally {
                // whatever ended the wait (an error while completing, too) wakes the main thread
                waited.complete(null);
              }
            },
            "flowimpute-stream-wait");
    waiter.setDaemon(true);
    waiter.start();
    CompletableFuture.anyOf(waited, stop).handle((first, failure) -> first).join();
    long waitedMillis = (System.nanoTime() - started) / 1_000_000;
    if (!waited.isDone()) {
      return new Outcome(result.getState(), false, waitedMillis);
    }
    PipelineResult.State state = stateOf(waited);
    boolean early =
        (state == null || !state.isTerminal())
            && !stop.isDone()
            && (limit == null || stoppedEarly(waitedMillis, limit.getMillis()));
    return new Outcome(state, early, waitedMillis);
  }

  /** The state the runner's wait returned, or what it threw. */
  private static PipelineResult.State stateOf(CompletableFuture<PipelineResult.State> waited) {
    try {
      return waited.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /**
   * Whether a wait of {@code waitedMillis} for at most {@code limitMillis} that ended without a
   * terminal state returned before its time.
   */
  static boolean stoppedEarly(long waitedMillis, long limitMillis) {
    return waitedMillis + EARLY_MARGIN_MILLIS < limitMillis;
  }
}
