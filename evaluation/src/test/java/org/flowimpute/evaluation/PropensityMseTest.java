package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PropensityMseTest {

  /** One target: 30 % zeros, else lognormal with log-mean {@code mu}. */
  private static double[][] rows(int n, double mu, SplittableRandom random) {
    double[][] out = new double[n][1];
    for (int i = 0; i < n; i++) {
      out[i][0] = random.nextDouble() < 0.3 ? 0 : Math.exp(mu + random.nextGaussian());
    }
    return out;
  }

  /**
   * Monte Carlo check of E[pMSE] = m·c(1-c)/N: 60 pairs of samples from one law, c = 0.4. (The
   * often-quoted m(1-c)²c/N would be 1.67x too small here; the mean lands near 1.0x of ours.)
   */
  @Test
  void averageOverNullDatasetsMatchesTheNullExpectation() {
    SplittableRandom random = new SplittableRandom(21);
    int replicates = 60;
    double sum = 0;
    double sumStandardized = 0;
    PropensityMse.Result last = null;
    for (int r = 0; r < replicates; r++) {
      last = PropensityMse.of(rows(300, 5, random), rows(200, 5, random));
      sum += last.pmse();
      sumStandardized += last.standardized();
    }

    // features: signed-log value and zero flag (no negatives): m = 2; c = 200/500
    assertEquals(2, last.features());
    double expected = PropensityMse.nullExpectation(2, 0.4, 500);
    assertEquals(2 * 0.4 * 0.6 / 500, expected, 1e-15);
    assertEquals(expected, last.nullExpectation(), 1e-15);
    assertEquals(1.0, sum / replicates / expected, 0.25);
    assertEquals(1.0, sumStandardized / replicates, 0.25);
  }

  @Test
  void identicalRowsGiveZeroAndShiftedRowsALargeStandardizedValue() {
    SplittableRandom random = new SplittableRandom(22);
    double[][] real = rows(400, 5, random);

    PropensityMse.Result same = PropensityMse.of(real, real);
    PropensityMse.Result shifted = PropensityMse.of(real, rows(400, 6, random));

    assertEquals(0, same.pmse(), 1e-9);
    assertTrue(shifted.standardized() > 20, "S_pMSE " + shifted.standardized());
    assertTrue(shifted.pmse() > 0.02, "pMSE " + shifted.pmse());
  }
}
