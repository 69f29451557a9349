package org.flowimpute.pipelines.testing;

import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.beam.sdk.PipelineResult;
import org.joda.time.Duration;

/**
 * Waits for a running streaming job's outputs: polls a condition every 250 ms and fails with the
 * job's progress when it does not hold within the timeout.
 */
public final class Await {

  private Await() {}

  /**
   * True while a DirectRunner job runs; fails with the job's own error when it failed ({@code
   * waitUntilFinish} rethrows it) or when it ended early. For conditions of {@link #until}.
   */
  public static boolean running(PipelineResult result) {
    try {
      PipelineResult.State state = result.waitUntilFinish(Duration.millis(50));
      if (state != null && state.isTerminal()) {
        throw new AssertionError("the pipeline ended early in state " + state);
      }
    } catch (RuntimeException e) {
      throw new AssertionError("the pipeline failed: " + e, e);
    }
    return true;
  }

  /**
   * Returns once {@code condition} holds; a condition that throws {@link UncheckedIOException} (an
   * output file being renamed into place) is asked again; the last such failure is the cause of the
   * timeout's error.
   *
   * @throws AssertionError with {@code progress} when {@code timeoutMillis} pass first
   */
  public static void until(BooleanSupplier condition, long timeoutMillis, Supplier<String> progress)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    UncheckedIOException lastReadFailure = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (UncheckedIOException e) {
        lastReadFailure = e;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "outputs not complete after " + timeoutMillis + " ms: " + progress.get(), lastReadFailure);
  }
}
