package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.flowimpute.calibrate.targets.TargetsFile;
import org.flowimpute.calibrate.targets.TargetsReader;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** Event time, watermark, lateness and per-group targets: the rules docs/streaming.md states. */
class EventTimePolicyTest {

  private static final Schema SCHEMA =
      SchemaBuilder.record("R")
          .fields()
          .name("t")
          .type()
          .unionOf()
          .nullType()
          .and()
          .longType()
          .and()
          .stringType()
          .endUnion()
          .nullDefault()
          .endRecord();

  private static final StreamWindows FIXED = StreamWindows.fixed(Duration.standardSeconds(10));

  private final EventTimePolicy policy =
      new EventTimePolicy(
          "t",
          Duration.standardSeconds(2),
          Duration.standardSeconds(1),
          Duration.standardSeconds(5),
          FIXED);

  @Test
  void readsEpochMillisAndIsoInstantsAndRejectsTheRest() {
    assertEquals(new Instant(1234), policy.eventTime(record(1234L)));
    assertEquals(new Instant(1234), policy.eventTime(record("1234")));
    assertEquals(new Instant(1_767_225_600_000L), policy.eventTime(record("2026-01-01T00:00:00Z")));
    EventTimePolicy.EventTimeException missing =
        assertThrows(
            EventTimePolicy.EventTimeException.class, () -> policy.eventTime(record(null)));
    assertTrue(missing.missing());
    EventTimePolicy.EventTimeException bad =
        assertThrows(
            EventTimePolicy.EventTimeException.class, () -> policy.eventTime(record("yesterday")));
    assertFalse(bad.missing());
    assertTrue(bad.getMessage().contains("'t'") && bad.getMessage().contains("yesterday"));
    // A valid ISO-8601 instant whose milliseconds overflow a long (it failed the job before).
    EventTimePolicy.EventTimeException overflow =
        assertThrows(
            EventTimePolicy.EventTimeException.class,
            () -> policy.eventTime(record("+1000000000-01-01T00:00:00Z")));
    assertFalse(overflow.missing());
  }

  /**
   * An event time far ahead of the wall clock (a microsecond value in a millisecond field: year
   * 58132) is refused: accepted, it moved the watermark there for good and made every later record
   * late. Within the hour's allowance (clock skew) it is accepted.
   */
  @Test
  void anEventTimeFarAheadOfTheClockIsRefused() {
    long now = System.currentTimeMillis();

    EventTimePolicy.EventTimeException ahead =
        assertThrows(
            EventTimePolicy.EventTimeException.class, () -> policy.eventTime(record(now * 1000)));

    assertFalse(ahead.missing());
    assertTrue(ahead.getMessage().contains("more than 60 minutes ahead"), ahead.getMessage());
    assertEquals(new Instant(now + 600_000), policy.eventTime(record(now + 600_000)));
    assertThrows(EventTimePolicy.EventTimeException.class, () -> policy.kafkaTimestamp(now * 1000));
  }

  @Test
  void watermarkLagsTheLargestEventTimeAndFollowsTheClockWhenIdle() {
    Instant min = BoundedWindow.TIMESTAMP_MIN_VALUE;
    Instant now = new Instant(1_000_000);
    assertEquals(new Instant(17_000), policy.watermark(new Instant(20_000), null, now, min));
    assertEquals(
        new Instant(30_000),
        policy.watermark(new Instant(20_000), null, now, new Instant(30_000)),
        "never decreases");
    assertEquals(
        new Instant(17_000),
        policy.watermark(new Instant(20_000), now.minus(4_000), now, min),
        "idle for less than the timeout");
    assertEquals(
        now.minus(3_000),
        policy.watermark(new Instant(20_000), now.minus(5_000), now, min),
        "idle for the timeout: the clock minus the lag");
  }

  @Test
  void recordIsLateOnceItsEarliestWindowEndsAtOrBeforeTheWatermark() {
    assertFalse(policy.isLate(new Instant(5_000), new Instant(9_999)));
    assertTrue(policy.isLate(new Instant(5_000), new Instant(10_000)));
    StreamWindows sliding =
        new StreamWindows(Duration.standardSeconds(10), Duration.standardSeconds(5));
    assertEquals(new Instant(10_000), sliding.firstWindowEnd(new Instant(7_000)));
    assertEquals(new Instant(15_000), sliding.firstWindowEnd(new Instant(10_000)));
    assertEquals(new Instant(10_000), FIXED.firstWindowEnd(new Instant(0)));
    assertEquals(new Instant(0), FIXED.firstWindowEnd(new Instant(-1)));
  }

  /** The earliest window holding a time, against the windows Beam assigns it. */
  @Test
  void firstWindowEndIsTheEndOfTheEarliestOfBeamsWindows() {
    for (long[] sizes : new long[][] {{10, 3}, {10, 5}, {7, 7}, {1000, 1}, {12, 11}}) {
      StreamWindows windows =
          new StreamWindows(Duration.millis(sizes[0]), Duration.millis(sizes[1]));
      for (long t = -25; t <= 25; t++) {
        Instant time = new Instant(t);
        Instant earliest =
            SlidingWindows.of(windows.size()).every(windows.slide()).assignWindows(time).stream()
                .map(IntervalWindow::end)
                .min(Instant::compareTo)
                .orElseThrow();
        assertEquals(earliest, windows.firstWindowEnd(time), sizes[0] + "/" + sizes[1] + " t=" + t);
      }
    }
  }

  @Test
  void moreThanAThousandWindowsPerRecordAreRefused() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> new StreamWindows(Duration.standardHours(1), Duration.standardSeconds(1)));
    assertTrue(
        error.getMessage().contains("puts each record into 3600 windows"), error.getMessage());
    new StreamWindows(Duration.standardHours(24), Duration.standardMinutes(5));
  }

  @Test
  void groupTargetsKeepTheGroupsOwnCells() {
    TargetsFile targets =
        TargetsReader.parse(
            """
            targets:
              - name: people
                statistic: count
                by: [region, sex]
                cells:
                  - {group: {region: north, sex: F}, value: 10}
                  - {group: {region: north, sex: M}, value: 12}
                  - {group: {region: south, sex: F}, value: 7}
              - name: income
                statistic: total
                column: income
                by: [region]
                cells:
                  - {group: {region: south}, value: 500}
            """,
            true);
    TargetsFile north = GroupTargets.select(targets, "region", "north");
    assertEquals(1, north.targets().size(), "no income cell for north");
    assertEquals(List.of("sex"), north.targets().get(0).by());
    assertEquals(Map.of("sex", "M"), north.targets().get(0).cells().get(1).group());
    assertEquals(12.0, north.targets().get(0).cells().get(1).value());
    assertEquals(2, GroupTargets.select(targets, "region", "south").targets().size());
    IllegalArgumentException notGrouped =
        assertThrows(
            IllegalArgumentException.class, () -> GroupTargets.requireGrouped(targets, "sex"));
    assertTrue(notGrouped.getMessage().contains("'income'"));
  }

  private static GenericData.Record record(Object value) {
    GenericData.Record record = new GenericData.Record(SCHEMA);
    record.put("t", value);
    return record;
  }
}
