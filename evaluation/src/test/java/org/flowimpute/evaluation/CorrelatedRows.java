package org.flowimpute.evaluation;

import java.util.SplittableRandom;

/**
 * Test rows of three columns with known dependence: x ~ N(0,1), exp(x + N(0, 0.25)) (positively
 * correlated with x, skewed) and a half-zero N(0,1) column independent of both.
 */
final class CorrelatedRows {

  private CorrelatedRows() {}

  static double[][] of(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] out = new double[n][3];
    for (int i = 0; i < n; i++) {
      double x = random.nextGaussian();
      out[i][0] = x;
      out[i][1] = Math.exp(x + 0.5 * random.nextGaussian());
      out[i][2] = random.nextDouble() < 0.5 ? 0 : random.nextGaussian();
    }
    return out;
  }
}
