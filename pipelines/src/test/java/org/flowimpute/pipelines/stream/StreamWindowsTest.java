package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/** Window settings are refused with the durations written as the options take them. */
class StreamWindowsTest {

  @Test
  void refusedWindowsAreNamedInTheOptionsUnits() {
    assertEquals(
        "--window must be positive, got 0ms",
        assertThrows(
                IllegalArgumentException.class,
                () -> new StreamWindows(Duration.ZERO, Duration.ZERO))
            .getMessage());
    assertEquals(
        "--windowSlide must be positive and at most --window (1m), got 2m",
        assertThrows(
                IllegalArgumentException.class,
                () -> new StreamWindows(Duration.standardMinutes(1), Duration.standardMinutes(2)))
            .getMessage());
  }

  @Test
  void durationsAreWrittenInTheirLargestExactUnit() {
    assertEquals("1d", DurationText.format(Duration.standardDays(1)));
    assertEquals("90s", DurationText.format(Duration.standardSeconds(90)));
    assertEquals("2h", DurationText.format(Duration.standardMinutes(120)));
    assertEquals("1500ms", DurationText.format(Duration.millis(1500)));
    assertEquals("0ms", DurationText.format(Duration.ZERO));
    assertEquals(
        Duration.standardSeconds(90),
        DurationText.parse("window", DurationText.format(Duration.standardSeconds(90))));
  }
}
