package org.flowimpute.synth;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The quantiles a synthesis bundle releases for a group of rows: weighted quantiles of the group's
 * values winsorized at its K-th smallest and K-th largest value, with no row weighing more than one
 * quantile step (1 / Q) of the group. Raw quantiles gave single rows away: the end quantiles were
 * held at, or interpolated toward, a minimum or maximum of fewer than K rows (one household of 12
 * gave a last quantile of 9.915), and one row of 13 % of the weight made its value the last
 * quantile. Now at least K rows lie at or beyond every released quantile on each side, whatever
 * values the fewer than K rows beyond the K-th values have (their weights count, capped, at the
 * K-th values).
 */
final class ReleasedQuantiles {

  private ReleasedQuantiles() {}

  /** Rows a group needs for its quantiles to have K rows at or beyond each: 2K - 1. */
  static int minRows(int k) {
    return 2 * k - 1;
  }

  /**
   * Quantiles at levels (j + 0.5) / {@code levels} of {@code values} over {@code rows} (at least
   * {@link #minRows} of them), by {@link ConditionSynthesisFitter#quantiles} of the winsorized
   * values and capped weights.
   */
  static List<Double> of(double[] values, double[] weights, int[] rows, int k, int levels) {
    if (rows.length < minRows(k)) {
      throw new IllegalArgumentException(
          "a group of " + rows.length + " rows has no quantiles within K = " + k + " rows");
    }
    double[] sorted = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      sorted[i] = values[rows[i]];
    }
    Arrays.sort(sorted);
    double low = sorted[k - 1];
    double high = sorted[rows.length - k];
    double[] clamped = new double[rows.length];
    double[] own = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      clamped[i] = Math.min(Math.max(values[rows[i]], low), high);
      own[i] = weights[rows[i]];
    }
    int[] all = new int[rows.length];
    Arrays.setAll(all, i -> i);
    return ConditionSynthesisFitter.quantiles(clamped, capped(own, levels), all);
  }

  /**
   * {@code weights} with every weight above a cap lowered to it, the cap chosen so that it is
   * exactly 1 / {@code levels} of the capped total (all equal when there are no more rows than
   * levels); unchanged when no weight exceeds that share.
   */
  static double[] capped(double[] weights, int levels) {
    int n = weights.length;
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> weights[i]).reversed());
    double rest = Arrays.stream(weights).sum();
    double cap = Double.NaN;
    for (int m = 0; m < Math.min(n, levels); m++) {
      double candidate = rest / (levels - m);
      if (weights[order[m]] <= candidate) {
        cap = candidate;
        break;
      }
      rest -= weights[order[m]];
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = Double.isNaN(cap) ? 1 : Math.min(weights[i], cap);
    }
    return out;
  }
}
