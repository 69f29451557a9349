package org.flowimpute.pipelines.stream;

import java.io.Serializable;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.NonMergingWindowFn;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The event-time windows of the streaming job: fixed ({@code slide == size}) or sliding, aligned to
 * the epoch. Sources use {@link #firstWindowEnd} to decide whether a record is late; the pipeline
 * uses {@link #windowFn}.
 *
 * @param size window length
 * @param slide distance between window starts (equal to {@code size} for fixed windows)
 */
public record StreamWindows(Duration size, Duration slide) implements Serializable {

  /** Checks that both durations are positive and the slide does not exceed the size. */
  public StreamWindows {
    if (size.getMillis() <= 0) {
      throw new IllegalArgumentException(
          "--window must be positive, got " + DurationText.format(size));
    }
    if (slide.getMillis() <= 0 || slide.isLongerThan(size)) {
      throw new IllegalArgumentException(
          "--windowSlide must be positive and at most --window ("
              + DurationText.format(size)
              + "), got "
              + DurationText.format(slide));
    }
    if (size.getMillis() / slide.getMillis() > MAX_WINDOWS_PER_RECORD) {
      throw new IllegalArgumentException(
          "--windowSlide "
              + DurationText.format(slide)
              + " puts each record into "
              + size.getMillis() / slide.getMillis()
              + " windows of --window "
              + DurationText.format(size)
              + ", each imputed record copied and each window calibrated: at most "
              + MAX_WINDOWS_PER_RECORD
              + " (a longer slide)");
    }
  }

  /**
   * Most overlapping windows a record may fall into (window / slide): a 1 h window sliding every
   * second held 6.5 GB for 300 records, and a day sliding every millisecond never got going.
   */
  public static final int MAX_WINDOWS_PER_RECORD = 1000;

  /** Fixed windows of {@code size}. */
  public static StreamWindows fixed(Duration size) {
    return new StreamWindows(size, size);
  }

  /** Whether windows overlap. */
  public boolean sliding() {
    return !slide.equals(size);
  }

  /** Beam's window function for these windows. */
  public NonMergingWindowFn<Object, IntervalWindow> windowFn() {
    return sliding() ? SlidingWindows.of(size).every(slide) : FixedWindows.of(size);
  }

  /**
   * The end (exclusive) of the earliest window holding {@code timestamp}: once the watermark passes
   * it, at least one of the record's windows has been calibrated without it.
   */
  public Instant firstWindowEnd(Instant timestamp) {
    long t = timestamp.getMillis();
    long step = slide.getMillis();
    long lastStart = t - Math.floorMod(t, step);
    long reach = lastStart - t + size.getMillis();
    long windowsBefore = (reach + step - 1) / step - 1;
    return new Instant(lastStart - windowsBefore * step + size.getMillis());
  }
}
