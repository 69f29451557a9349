package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorrelationPairsTest {

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
    double[][] real = CorrelatedRows.of(500, 1);

    CorrelationPairs pairs = CorrelationPairs.of(real, new double[][][] {real, real});

    assertTrue(pairs.real()[0][1] > 0.5, "x and exp(x + noise) are strongly correlated");
    assertEquals(pairs.real()[0][1], pairs.mean()[0][1], 1e-12);
    assertEquals(0, pairs.rms()[0][1], 1e-12);
    assertEquals(0, pairs.rms()[1][2], 1e-12);
  }

  @Test
  void aFlippedSignIsABiasOfTwiceTheRealCorrelation() {
    double[][] real = CorrelatedRows.of(500, 2);
    double[][] flipped = withSecondColumnNegated(real);

    CorrelationPairs pairs = CorrelationPairs.of(real, new double[][][] {flipped, flipped});

    double r = pairs.real()[0][1];
    assertEquals(-r, pairs.mean()[0][1], 1e-12);
    assertEquals(2 * r, pairs.rms()[0][1], 1e-12);
    assertEquals(0, pairs.rms()[0][2], 1e-12);
  }

  @Test
  void theRmsCombinesBiasAndSpreadOverDraws() {
    double[][] real = CorrelatedRows.of(500, 3);
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
            () -> CorrelationPairs.of(CorrelatedRows.of(10, 4), new double[0][][]));
    assertEquals("no draws to compare with the real correlations", error.getMessage());
  }
}
