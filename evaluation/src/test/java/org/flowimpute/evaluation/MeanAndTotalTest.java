package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Weighted means and totals against means and totals computed by hand. */
class MeanAndTotalTest {

  /**
   * Real 10, 20, 30 weighted 1, 2, 1: Σw 4, Σw·x 80, mean 20, weighted variance (100 + 0 + 100) / 4
   * = 50. Synthetic 12, 18 weighted 2, 3: Σw 5, Σw·x 78, mean 15.6. The synthetic weights sum to
   * more, so the total is 2.5 % low while the mean is 22 % low.
   */
  @Test
  void weightedMeansAndTotalsMatchTheHandComputedOnes() {
    MeanAndTotal m =
        MeanAndTotal.of(
            new double[] {10, 20, 30},
            new double[] {1, 2, 1},
            new double[] {12, 18},
            new double[] {2, 3});

    assertEquals(20, m.meanReal(), 1e-12);
    assertEquals(15.6, m.meanSynthetic(), 1e-12);
    assertEquals(-0.22, m.meanRelativeError(), 1e-12);
    assertEquals(-4.4 / Math.sqrt(50), m.standardizedMeanDifference(), 1e-12);
    assertEquals(80, m.totalReal(), 1e-12);
    assertEquals(78, m.totalSynthetic(), 1e-12);
    assertEquals(-0.025, m.totalRelativeError(), 1e-12);
  }

  /**
   * Without weights every row counts once and there are no totals: real 1, 2, 3, 6 (mean 3,
   * variance 14 / 4), synthetic 2, 5 (mean 3.5).
   */
  @Test
  void unweightedTablesHaveMeansButNoTotals() {
    MeanAndTotal m = MeanAndTotal.of(new double[] {1, 2, 3, 6}, null, new double[] {2, 5}, null);

    assertEquals(3, m.meanReal(), 1e-12);
    assertEquals(3.5, m.meanSynthetic(), 1e-12);
    assertEquals(1 / 6.0, m.meanRelativeError(), 1e-12);
    assertEquals(0.5 / Math.sqrt(3.5), m.standardizedMeanDifference(), 1e-12);
    assertNull(m.totalReal());
    assertNull(m.totalSynthetic());
    assertNull(m.totalRelativeError());
  }

  /** A weighted real table against an unweighted synthetic one: a sum of rows is no total. */
  @Test
  void anUnweightedSyntheticTableHasNoTotals() {
    MeanAndTotal m =
        MeanAndTotal.of(new double[] {1, 3}, new double[] {3, 1}, new double[] {2, 2}, null);

    assertEquals(1.5, m.meanReal(), 1e-12);
    assertEquals(2 / 1.5 - 1, m.meanRelativeError(), 1e-12);
    assertNull(m.totalReal());
    assertNull(m.totalRelativeError());
  }

  /**
   * Real −2 and 2 (mean 0, standard deviation 2) against synthetic 1, 1: no relative error of the
   * mean or the total, but the difference of the means in real standard deviations, 0.5.
   */
  @Test
  void aRealMeanOfZeroHasNoRelativeErrorButAStandardizedDifference() {
    MeanAndTotal m =
        MeanAndTotal.of(
            new double[] {-2, 2}, new double[] {1, 1}, new double[] {1, 1}, new double[] {1, 1});

    assertEquals(0, m.meanReal(), 0);
    assertNull(m.meanRelativeError());
    assertEquals(0.5, m.standardizedMeanDifference(), 1e-12);
    assertEquals(0, m.totalReal(), 0);
    assertEquals(2, m.totalSynthetic(), 1e-12);
    assertNull(m.totalRelativeError());
  }

  /** 0.1 + 0.2 − 0.3 is 5.6e-17 in floating point: a real mean of 0 up to rounding. */
  @Test
  void aRealMeanOfZeroUpToRoundingHasNoRelativeError() {
    MeanAndTotal m = MeanAndTotal.of(new double[] {0.1, 0.2, -0.3}, null, new double[] {0.1}, null);

    assertNull(m.meanRelativeError());
    assertEquals(0.1 / Math.sqrt(0.14 / 3), m.standardizedMeanDifference(), 1e-9);
  }

  /**
   * A real column of equal values has no spread to scale by; one of zeros has neither a relative
   * error nor a standardized difference, only the two means.
   */
  @Test
  void aConstantRealColumnHasNoStandardizedDifference() {
    MeanAndTotal fives =
        MeanAndTotal.of(
            new double[] {5, 5, 5}, new double[] {0.1, 0.1, 0.1}, new double[] {6}, null);
    MeanAndTotal zeros = MeanAndTotal.of(new double[] {0, 0}, null, new double[] {3}, null);

    assertEquals(0.2, fives.meanRelativeError(), 1e-12);
    assertNull(fives.standardizedMeanDifference());
    assertEquals(3, zeros.meanSynthetic(), 0);
    assertNull(zeros.meanRelativeError());
    assertNull(zeros.standardizedMeanDifference());
  }
}
