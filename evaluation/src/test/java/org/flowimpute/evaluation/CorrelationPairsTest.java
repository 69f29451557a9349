package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CorrelationPairsTest {

  /** x, y = x + noise (correlation 1/sqrt(2) in the population), z independent. */
  private static double[][] rows(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] out = new double[n][3];
    for (int i = 0; i < n; i++) {
      double x = random.nextGaussian();
      out[i][0] = x;
      out[i][1] = x + random.nextGaussian();
      out[i][2] = random.nextGaussian();
    }
    return out;
  }

  private static double[][] withSecondColumnNegated(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i].clone();
      out[i][1] = -out[i][1];
    }
    return out;
  }

  @Test
  void drawsEqualToTheRealRowsHaveTheRealMeanAndNoDeviation() {
    double[][] real = rows(500, 1);

    CorrelationPairs pairs = CorrelationPairs.of(real, new double[][][] {real, real});

    assertEquals(Math.sqrt(0.5), pairs.real()[0][1], 0.05);
    assertEquals(pairs.real()[0][1], pairs.mean()[0][1], 1e-12);
    assertEquals(0, pairs.rms()[0][1], 1e-12);
    assertEquals(0, pairs.rms()[1][2], 1e-12);
  }

  @Test
  void aFlippedSignIsABiasOfTwiceTheRealCorrelation() {
    double[][] real = rows(500, 2);
    double[][] flipped = withSecondColumnNegated(real);

    CorrelationPairs pairs = CorrelationPairs.of(real, new double[][][] {flipped, flipped});

    double r = pairs.real()[0][1];
    assertEquals(-r, pairs.mean()[0][1], 1e-12);
    assertEquals(2 * r, pairs.rms()[0][1], 1e-12);
    assertEquals(0, pairs.rms()[0][2], 1e-12);
  }

  @Test
  void theRmsCombinesBiasAndSpreadOverDraws() {
    double[][] real = rows(500, 3);
    double[][] flipped = withSecondColumnNegated(real);

    CorrelationPairs pairs = CorrelationPairs.of(real, new double[][][] {real, flipped});

    double r = pairs.real()[0][1];
    assertEquals(0, pairs.mean()[0][1], 1e-12);
    assertEquals(Math.sqrt(2) * r, pairs.rms()[0][1], 1e-12);
  }

  @Test
  void noDrawsIsAnError() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> CorrelationPairs.of(rows(10, 4), new double[0][][]));
    assertEquals("no draws to compare with the real correlations", error.getMessage());
  }
}
