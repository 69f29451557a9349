package org.flowimpute.pipelines.stream;

import java.util.Collection;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.NonMergingWindowFn;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.transforms.windowing.WindowMappingFn;
import org.joda.time.Duration;

/**
 * Puts an element stamped with a window's last instant (its max timestamp) back into exactly that
 * window, {@code [t + 1ms - size, t + 1ms)}: how calibrated records and reports return from the
 * global window (where the warm-start state lives) to their event-time window for the windowed file
 * writes. Unlike re-applying sliding windows, it assigns one window per element.
 */
public final class WindowEndingAt extends NonMergingWindowFn<Object, IntervalWindow> {

  private static final long serialVersionUID = 1L;

  private final Duration size;

  /** Windows of length {@code size}. */
  public WindowEndingAt(Duration size) {
    this.size = size;
  }

  @Override
  public Collection<IntervalWindow> assignWindows(AssignContext context) {
    long end = context.timestamp().getMillis() + 1;
    return List.of(
        new IntervalWindow(
            new org.joda.time.Instant(end - size.getMillis()), new org.joda.time.Instant(end)));
  }

  @Override
  public boolean isCompatible(WindowFn<?, ?> other) {
    return other instanceof WindowEndingAt that && that.size.equals(size);
  }

  @Override
  public Coder<IntervalWindow> windowCoder() {
    return IntervalWindow.getCoder();
  }

  @Override
  public WindowMappingFn<IntervalWindow> getDefaultWindowMappingFn() {
    throw new UnsupportedOperationException("WindowEndingAt is not used for side inputs");
  }
}
