package org.flowimpute.demo;

import java.util.HashMap;
import java.util.Map;

/**
 * A cell mean estimated from a sample of households, with its household-cluster-robust standard
 * error (linearization of the ratio Σ y / Σ n over households), because persons of one household
 * share region, size and citizenship.
 */
final class CellEstimate {
  private final Map<Long, double[]> byHousehold = new HashMap<>();
  private double sum;
  private double count;

  void add(long household, double value) {
    double[] totals = byHousehold.computeIfAbsent(household, h -> new double[2]);
    totals[0] += value;
    totals[1] += 1;
    sum += value;
    count += 1;
  }

  double count() {
    return count;
  }

  double mean() {
    return sum / count;
  }

  /** SE of the mean; {@code households} is the number of households in the whole sample. */
  double standardError(long households) {
    double mean = mean();
    double squares = 0;
    for (double[] totals : byHousehold.values()) {
      double residual = totals[0] - mean * totals[1];
      squares += residual * residual;
    }
    double h = households;
    return Math.sqrt(h / (h - 1) * squares) / count;
  }
}
