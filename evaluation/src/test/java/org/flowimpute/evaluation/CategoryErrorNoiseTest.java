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
