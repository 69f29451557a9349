package org.flowimpute.cli;

import java.util.concurrent.CompletableFuture;
import org.apache.beam.sdk.PipelineResult;
import org.joda.time.Duration;

/**
 * Waits for a streaming job on the DirectRunner until it ends, its time limit passes or a stop is
 * requested (a signal: {@link StopSignals}). The runner's own wait cannot be woken by a request, so
 * it is waited for in slices of a second.
 */
final class DirectWait {

  private static final long SLICE_MILLIS = 1_000;

  /** How much earlier than its slice a wait may return and still count as on time. */
  private static final long EARLY_MARGIN_MILLIS = 500;

  private DirectWait() {}

  /**
   * How a wait ended.
   *
   * @param state the job's state when the wait ended: terminal, or not when the time limit passed,
   *     a stop was requested, or the runner's wait returned early
   * @param returnedEarly whether the runner's wait returned long before its slice without a
   *     terminal state: the DirectRunner does so after an {@link Error} in a step (an {@link
   *     OutOfMemoryError}), which is a failure, not a normal stop
   * @param waitedMillis how long the wait took
   */
  record Outcome(PipelineResult.State state, boolean returnedEarly, long waitedMillis) {}

  /** Waits for {@code result} for at most {@code limit} (null: no limit) or until {@code stop}. */
  static Outcome until(PipelineResult result, Duration limit, CompletableFuture<?> stop) {
    long started = System.nanoTime();
    long limitMillis = limit == null ? Long.MAX_VALUE : limit.getMillis();
    while (true) {
      long waited = elapsedMillis(started);
      long left = limitMillis - waited;
      if (stop.isDone() || left <= 0) {
        return new Outcome(result.getState(), false, waited);
      }
      long slice = Math.min(SLICE_MILLIS, left);
      long sliceStarted = System.nanoTime();
      PipelineResult.State state = result.waitUntilFinish(Duration.millis(slice));
      if (state != null && state.isTerminal()) {
        return new Outcome(state, false, elapsedMillis(started));
      }
      if (stoppedEarly(elapsedMillis(sliceStarted), slice) && !stop.isDone()) {
        return new Outcome(state, true, elapsedMillis(started));
      }
    }
  }

  /**
   * Whether a wait of {@code waitedMillis} for at most {@code sliceMillis} that ended without a
   * terminal state returned before its time.
   */
  static boolean stoppedEarly(long waitedMillis, long sliceMillis) {
    return waitedMillis + EARLY_MARGIN_MILLIS < sliceMillis;
  }

  private static long elapsedMillis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
