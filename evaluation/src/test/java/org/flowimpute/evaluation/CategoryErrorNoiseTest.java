package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CategoryErrorNoiseTest {

  /**
   * Two categories of 400 normal rows: N(10, 2^2) and N(-5, 1). The difference of two independent
   * sample means of n rows is N(0, 2 sigma^2 / n), so E|gap| / |mu| = sqrt(2 sigma^2 / n) * sqrt(2
   * / pi) / |mu| = 0.011284 in both categories (closed form).
   */
  @Test
  void levelOfNormalCategoriesIsTheHalfNormalMeanOfTheGap() {
    int n = 400;
    String[] categories = new String[2 * n];
    double[][] real = new double[2 * n][1];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < n; i++) {
      categories[i] = "a";
      real[i][0] = 10 + 2 * random.nextGaussian();
      categories[n + i] = "b";
      real[n + i][0] = -5 + random.nextGaussian();
    }
    double expected = Math.sqrt(2.0 * 4 / n) * Math.sqrt(2 / Math.PI) / 10;
    // sd over pairs of the mean of two independent half-normal gaps (relative)
    double expectedSd = Math.sqrt(2.0 * 4 / n) / 10 * Math.sqrt(1 - 2 / Math.PI) / Math.sqrt(2);

    CategoryErrorNoise.Level level = CategoryErrorNoise.of(categories, real, 4000, 7);

    assertEquals(0.011284, expected, 1e-6);
    assertEquals(expected, level.meanError(), 0.06 * expected);
    assertEquals(expected, level.pooledError(), 0.06 * expected);
    assertEquals(expectedSd, level.sdError(), 0.1 * expectedSd);
  }

  /**
   * A second target that is 0 in every row has no category error: the level is the first target's
   * alone (the resamples draw the same rows, whatever the number of targets), not halved by a 0.
   */
  @Test
  void aTargetWithoutCategoryErrorIsLeftOutOfTheAverage() {
    String[] categories = {"a", "a", "a", "b", "b", "b"};
    double[][] one = {{1}, {2}, {4}, {10}, {12}, {11}};
    double[][] withZeros = new double[one.length][];
    for (int r = 0; r < one.length; r++) {
      withZeros[r] = new double[] {one[r][0], 0};
    }

    CategoryErrorNoise.Level alone = CategoryErrorNoise.of(categories, one, 200, 5);
    CategoryErrorNoise.Level beside = CategoryErrorNoise.of(categories, withZeros, 200, 5);

    assertEquals(alone.meanError(), beside.meanError(), 1e-12);
    assertEquals(alone.sdError(), beside.sdError(), 1e-12);
    assertEquals(alone.pooledError(), beside.pooledError(), 1e-12);
  }

  @Test
  void refusesNoPairsAndMisalignedLabels() {
    double[][] real = {{1}, {2}};

    assertThrows(
        IllegalArgumentException.class,
        () -> CategoryErrorNoise.of(new String[] {"a", "a"}, real, 0, 1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CategoryErrorNoise.of(new String[] {"a"}, real, 10, 1));
    assertEquals("1 category labels for 2 rows", e.getMessage());
  }
}
