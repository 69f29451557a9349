package org.flowimpute.pipelines.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.avro.SchemaBuilder;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.flowimpute.pipelines.testing.FakeModelProvider;
import org.flowimpute.pipelines.testing.TestData;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class PendingRecordsTest {

  /**
   * Beam checks each output of {@code @ProcessElement} against the input timestamp minus the
   * allowed skew. A full batch outputs earlier records with their own timestamps, so every valid
   * timestamp must pass for every input timestamp, and the subtraction must not overflow: Beam
   * catches the overflow, but at the cost of an exception per output record.
   */
  @Test
  @SuppressWarnings("deprecation")
  void allowedSkewAdmitsEveryEarlierTimestampWithoutOverflow() {
    for (Instant input :
        new Instant[] {
          BoundedWindow.TIMESTAMP_MIN_VALUE, new Instant(0), BoundedWindow.TIMESTAMP_MAX_VALUE
        }) {
      Instant lowerBound = input.minus(PendingRecords.ANY_EARLIER_TIMESTAMP);

      assertFalse(BoundedWindow.TIMESTAMP_MIN_VALUE.isBefore(lowerBound), input.toString());
    }
    assertEquals(
        PendingRecords.ANY_EARLIER_TIMESTAMP,
        new ImputeBatchesFn(
                new FakeModelProvider(TestData.MODEL),
                SchemaBuilder.record("R").fields().endRecord(),
                1,
                null,
                false)
            .getAllowedTimestampSkew());
  }
}
