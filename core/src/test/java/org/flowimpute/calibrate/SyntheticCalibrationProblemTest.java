package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Problem sizes the generator cannot hold are refused by their numbers, not an overflow. */
class SyntheticCalibrationProblemTest {

  /** N = 300,000,000 made the feature array's size overflow: "-1894967296". */
  @Test
  void refusesMoreRecordsThanOneArrayHolds() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> SyntheticCalibrationProblem.generate(300_000_000, 20, 1L));

    assertEquals(
        "N=300000000 records have up to 2400000000 feature entries, more than one array holds"
            + " (2147483639): N must be at most 268435454",
        error.getMessage());
  }
}
