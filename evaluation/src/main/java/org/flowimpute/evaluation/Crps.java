package org.flowimpute.evaluation;

import java.util.Arrays;

/**
 * Continuous ranked probability score of a predictive distribution given by repeated draws: for one
 * observation y and draws X_1..X_R, the CRPS of their empirical distribution, mean|X_i - y| −
 * ½·mean over (i, j) of |X_i - X_j| (lower is better; it is the mean absolute error for one draw
 * and rewards sharp, calibrated predictions). Comparing draws per record is what a marginal metric
 * cannot do: it scores the conditional distribution each record was imputed from.
 */
public final class Crps {

  private Crps() {}

  /** CRPS of the empirical distribution of {@code draws} at observation {@code y}. */
  public static double of(double y, double[] draws) {
    double[] x = draws.clone();
    Arrays.sort(x);
    int r = x.length;
    double absolute = 0;
    double spread = 0;
    for (int i = 0; i < r; i++) {
      absolute += Math.abs(x[i] - y);
      spread += (2.0 * i - r + 1) * x[i];
    }
    // sum over (i, j) of |x_i - x_j| = 2 * sum_i (2i - r + 1) x_(i) for sorted x (0-based i)
    return absolute / r - spread / ((double) r * r);
  }

  /**
   * Weighted mean CRPS over records: {@code draws[record][draw]} against {@code observed[record]}.
   */
  public static double mean(double[] observed, double[][] draws, double[] weights) {
    double sum = 0;
    double total = 0;
    for (int i = 0; i < observed.length; i++) {
      double w = weights == null ? 1 : weights[i];
      sum += w * of(observed[i], draws[i]);
      total += w;
    }
    return sum / total;
  }
}
