package org.flowimpute.evaluation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * One variable's values with survey weights, sorted once, so weighted empirical distribution
 * functions, quantiles and shares can be read off it. Unit weights give the ordinary empirical
 * distribution.
 */
public final class WeightedSample {

  private final double[] sorted;
  private final double[] cumulative;
  private final double total;

  private WeightedSample(double[] sorted, double[] cumulative) {
    this.sorted = sorted;
    this.cumulative = cumulative;
    this.total = cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
  }

  /**
   * A sample of {@code values} with {@code weights} (null: every weight 1).
   *
   * @throws IllegalArgumentException when lengths differ, a value is not finite or a weight is
   *     negative or not finite
   */
  public static WeightedSample of(double[] values, double[] weights) {
    if (weights != null && weights.length != values.length) {
      throw new IllegalArgumentException(
          values.length + " values but " + weights.length + " weights");
    }
    Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("value " + (i + 1) + " is not finite: " + values[i]);
      }
      if (weights != null && !(weights[i] >= 0 && Double.isFinite(weights[i]))) {
        throw new IllegalArgumentException(
            "weight " + (i + 1) + " must be finite and >= 0, got " + weights[i]);
      }
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double[] sorted = new double[values.length];
    double[] cumulative = new double[values.length];
    double sum = 0;
    for (int r = 0; r < order.length; r++) {
      sorted[r] = values[order[r]];
      sum += weights == null ? 1 : weights[order[r]];
      cumulative[r] = sum;
    }
    return new WeightedSample(sorted, cumulative);
  }

  /** Number of values. */
  public int size() {
    return sorted.length;
  }

  /** Sum of the weights. */
  public double totalWeight() {
    return total;
  }

  /** Sorted values (a copy). */
  public double[] sortedValues() {
    return sorted.clone();
  }

  /** Weighted share of values {@code <= x}. */
  public double cdf(double x) {
    int at = upperBound(x);
    return at == 0 || total == 0 ? 0 : cumulative[at - 1] / total;
  }

  /** Weighted share of values {@code < x}. */
  public double cdfBelow(double x) {
    int at = lowerBound(x);
    return at == 0 || total == 0 ? 0 : cumulative[at - 1] / total;
  }

  /** Smallest value whose weighted cdf reaches {@code p} (p in (0, 1]). */
  public double quantile(double p) {
    double target = p * total;
    int low = 0;
    int high = sorted.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] >= target) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return sorted[low];
  }

  private int upperBound(double x) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] <= x) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private int lowerBound(double x) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] < x) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
