package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmarks' median: the middle value of an odd count, the middle pair's mean of an even. */
class MediansTest {

  @Test
  void oddCountGivesTheMiddleValueWhateverTheOrder() {
    assertEquals(0.069, Medians.of(0.082, 0.037, 0.069), 1e-12);
    assertEquals(5.0, Medians.of(5.0), 0.0);
    assertEquals(2.0, Medians.of(List.of(3.0, 1.0, 2.0, 9.0, 0.5)), 0.0);
  }

  /** bench emm --repeat 4 reported 0.069 of 0.037, 0.069, 0.031, 0.082: the upper middle value. */
  @Test
  void evenCountGivesTheMeanOfTheTwoMiddleValues() {
    assertEquals(0.053, Medians.of(0.037, 0.069, 0.031, 0.082), 1e-12);
    assertEquals(1.5, Medians.of(List.of(2.0, 1.0)), 0.0);
  }

  @Test
  void noValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Medians.of(new double[0]));
  }
}
