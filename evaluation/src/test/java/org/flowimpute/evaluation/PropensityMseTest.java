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

  /**
   * Monte Carlo check of the weighted null expectation m·c²(1-c)²(1/n_syn + 1/n_real), Kish sizes:
   * both sides from one law, real weights lognormal (σ = 1, Kish size about N/e), synthetic
   * unweighted; 60 replicates. The unweighted formula m·c(1-c)/N would be about 1.8x too small.
   */
  @Test
  void averageOverWeightedNullDatasetsMatchesTheKishNullExpectation() {
    SplittableRandom random = new SplittableRandom(23);
    int replicates = 60;
    double sumStandardized = 0;
    double sumRatioToUnweighted = 0;
    for (int r = 0; r < replicates; r++) {
      double[] weights = new double[300];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = Math.exp(random.nextGaussian());
      }
      PropensityMse.Result result =
          PropensityMse.of(rows(300, 5, random), weights, rows(200, 5, random), null);
      sumStandardized += result.standardized();
      sumRatioToUnweighted += result.pmse() / PropensityMse.nullExpectation(2, 0.4, 500);
    }

    assertEquals(1.0, sumStandardized / replicates, 0.25);
    assertTrue(sumRatioToUnweighted / replicates > 1.4, "" + sumRatioToUnweighted / replicates);
  }

  @Test
  void unitWeightsGiveTheUnweightedResult() {
    SplittableRandom random = new SplittableRandom(24);
    double[][] real = rows(300, 5, random);
    double[][] synthetic = rows(200, 5.3, random);
    double[] ones = new double[300];
    java.util.Arrays.fill(ones, 7.5);

    PropensityMse.Result unweighted = PropensityMse.of(real, synthetic);
    PropensityMse.Result weighted = PropensityMse.of(real, ones, synthetic, null);

    assertEquals(unweighted.pmse(), weighted.pmse(), 1e-12);
    assertEquals(unweighted.nullExpectation(), weighted.nullExpectation(), 1e-15);
  }

  /**
   * Equal weights whose sum is beyond a double (1e307 each) give the unweighted result, not NaN.
   */
  @Test
  void hugeEqualWeightsGiveTheUnweightedResult() {
    SplittableRandom random = new SplittableRandom(25);
    double[][] real = rows(300, 5, random);
    double[][] synthetic = rows(200, 5.3, random);
    double[] huge = new double[300];
    java.util.Arrays.fill(huge, 1e307);

    assertEquals(
        PropensityMse.of(real, synthetic).pmse(),
        PropensityMse.of(real, huge, synthetic, null).pmse(),
        1e-12);
  }

  /**
   * A binary target's value and zero flag are one feature twice: m is 1, not 2, and over null data
   * sets S_pMSE averages about 1 (with m = 2 it averaged about 0.5).
   */
  @Test
  void aBinaryTargetCountsAsOneFeature() {
    SplittableRandom random = new SplittableRandom(26);
    double sumStandardized = 0;
    int replicates = 60;
    PropensityMse.Result last = null;
    for (int r = 0; r < replicates; r++) {
      last = PropensityMse.of(binary(300, random), binary(200, random));
      sumStandardized += last.standardized();
    }

    assertEquals(1, last.features());
    assertEquals(1.0, sumStandardized / replicates, 0.35);
  }

  @Test
  void theRankCountsADuplicatedColumnOnce() {
    double[][] x = {{1, -1, 0.5}, {-1, 1, 2}, {0.5, -0.5, -1}, {2, -2, 0}};

    assertEquals(2, PropensityMse.rank(x));
  }

  private static double[][] binary(int n, SplittableRandom random) {
    double[][] out = new double[n][1];
    for (int i = 0; i < n; i++) {
      out[i][0] = random.nextDouble() < 0.4 ? 1 : 0;
    }
    return out;
  }
}
