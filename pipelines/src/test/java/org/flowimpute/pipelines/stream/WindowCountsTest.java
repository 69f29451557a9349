package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * The end-of-job warning names only what happened, in words that agree with the numbers (it said "0
 * of 3 windows kept their base weights … and 1 were softened").
 */
class WindowCountsTest {

  @Test
  void theWarningNamesOnlyWhatHappenedInAgreeingWords() {
    String why = "; their reports say why (message, softened_because)";

    assertNull(new WindowCounts(3, 0, 0).warning());
    assertEquals(
        "warning: 1 of 3 windows was softened (targets not met together)" + why,
        new WindowCounts(3, 1, 0).warning());
    assertEquals(
        "warning: 1 of 1 window kept its base weights (not calibrated)" + why,
        new WindowCounts(0, 0, 1).warning());
    assertEquals(
        "warning: 2 of 5 windows kept their base weights (not calibrated) and 2 of 5 windows were"
            + " softened (targets not met together)"
            + why,
        new WindowCounts(3, 2, 2).warning());
  }
}
