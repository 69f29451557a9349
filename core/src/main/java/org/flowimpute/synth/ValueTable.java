package org.flowimpute.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The value tables of discrete numeric conditions: a numeric condition whose training values are
 * all integers, at most {@link #MAX_VALUES} distinct ones, is released as the values seen in at
 * least k training rows and, per quantile group, the weighted share of each (a row holding a rarer
 * value counts for the nearest released one, the smaller of two equally near). Drawing a value at
 * the probability u of its table returns every value with its share: the interpolated quantiles of
 * continuous conditions, rounded, smear a value's share over its neighbours.
 */
final class ValueTable {

  /** Most distinct values of a discrete condition: as many numbers as its quantiles would be. */
  static final int MAX_VALUES = ConditionSynthesisFitter.QUANTILE_LEVELS;

  private ValueTable() {}

  /**
   * The released values of a condition, ascending: those seen in at least {@code minRows} rows if
   * the condition is discrete and has any; else none (the condition is continuous).
   */
  static List<Double> released(double[] values, int minRows) {
    TreeMap<Double, Integer> rows = new TreeMap<>();
    for (double value : values) {
      if (value != Math.rint(value)) {
        return List.of();
      }
      rows.merge(value == 0 ? 0.0 : value, 1, Integer::sum);
      if (rows.size() > MAX_VALUES) {
        return List.of();
      }
    }
    List<Double> out = new ArrayList<>();
    rows.forEach(
        (value, count) -> {
          if (count >= minRows) {
            out.add(value);
          }
        });
    return out;
  }

  /** Weighted share of each released value among {@code rows} (rarer values counted as nearest). */
  static List<Double> probabilities(
      double[] values, double[] weights, int[] rows, List<Double> released) {
    double[] sums = new double[released.size()];
    double total = 0;
    for (int r : rows) {
      sums[nearest(released, values[r])] += weights[r];
      total += weights[r];
    }
    List<Double> out = new ArrayList<>(sums.length);
    for (double sum : sums) {
      out.add(sum / total);
    }
    return out;
  }

  private static int nearest(List<Double> released, double value) {
    int best = 0;
    for (int i = 1; i < released.size(); i++) {
      if (Math.abs(released.get(i) - value) < Math.abs(released.get(best) - value)) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The value at probability {@code u} in [0, 1]: the first whose cumulative share exceeds u (so a
   * value of share 0 is never drawn).
   */
  static double draw(List<Double> released, List<Double> probabilities, double u) {
    double total = 0;
    for (double p : probabilities) {
      total += p;
    }
    double target = u * total;
    double cumulative = 0;
    int last = 0;
    for (int i = 0; i < released.size(); i++) {
      double p = probabilities.get(i);
      cumulative += p;
      if (p > 0) {
        last = i;
        if (cumulative > target) {
          return released.get(i);
        }
      }
    }
    return released.get(last);
  }
}
