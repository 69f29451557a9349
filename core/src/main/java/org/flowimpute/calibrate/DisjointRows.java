package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Least-squares and hard rows that share no record, each maximised exactly over its own multiplier
 * with the others held: what the Newton step of a bounded solve with soft targets at a small λ
 * cannot do.
 *
 * <p>There most records of a soft row sit at a weight bound, so its curvature is little more than ρ
 * ∝ λ and the Levenberg–Marquardt damping the Newton step needs elsewhere let such a row creep
 * towards its optimum for dozens of steps, one row after another (3,611 cells with bounds 0.95,1.15
 * took 292 steps). Along one multiplier the dual is concave and its derivative t − ρη − Σ q g(c +
 * Fη)F falls at least as fast as ρη, so the root lies within f(η₀)/ρ of the start and a safeguarded
 * Newton iteration finds it. Rows without a shared record do not move each other's records, so
 * maximising each in turn maximises the dual over all of them at once: a step that never lowers the
 * dual, like one sweep of raking over the cells of a margin.
 *
 * <p>A hard row (ρ = 0) beside such soft rows crept likewise: hard cells within reach of the bounds
 * beside soft cells out of reach of them (what softening leaves) took 178 Newton steps on 3,611
 * cells. Its derivative t − Σ q g(c + Fη)F falls monotonically but not at a known rate, so its root
 * is bracketed by doubling a step from the start; a target the bounded weights cannot reach along
 * the multiplier has no root and the row keeps its multiplier.
 */
final class DisjointRows {

  private static final int MAX_ITERATIONS = 200;

  /** Doublings of the step that look for a hard row's root: multipliers up to about 2^40. */
  private static final int MAX_DOUBLINGS = 40;

  private final int[] coordinates;
  private final int[] start;
  private final int[] records;
  private final double[] values;

  private DisjointRows(int[] coordinates, int[] start, int[] records, double[] values) {
    this.coordinates = coordinates;
    this.start = start;
    this.records = records;
    this.values = values;
  }

  /**
   * The {@code eligible} columns of {@code features} chosen greedily, fewest records first (then by
   * index), so that no two share a record.
   */
  static DisjointRows of(ConstraintMatrix features, boolean[] eligible) {
    int k = features.columns();
    int[] count = new int[k];
    for (int p = 0; p < features.rowStart(features.rows()); p++) {
      count[features.columnAt(p)]++;
    }
    List<List<Integer>> rowsOf = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      rowsOf.add(eligible[j] && count[j] > 0 ? new ArrayList<>(count[j]) : null);
    }
    for (int row = 0; row < features.rows(); row++) {
      for (int p = features.rowStart(row); p < features.rowStart(row + 1); p++) {
        List<Integer> list = rowsOf.get(features.columnAt(p));
        if (list != null) {
          list.add(p);
        }
      }
    }
    Integer[] order = new Integer[k];
    Arrays.setAll(order, j -> j);
    Arrays.sort(order, Comparator.comparingInt((Integer j) -> count[j]).thenComparingInt(j -> j));
    boolean[] taken = new boolean[features.rows()];
    int[] entryRow = new int[features.rowStart(features.rows())];
    for (int row = 0; row < features.rows(); row++) {
      for (int p = features.rowStart(row); p < features.rowStart(row + 1); p++) {
        entryRow[p] = row;
      }
    }
    List<Integer> chosen = new ArrayList<>();
    for (int j : order) {
      List<Integer> entries = rowsOf.get(j);
      if (entries == null || entries.stream().anyMatch(p -> taken[entryRow[p]])) {
        continue;
      }
      entries.forEach(p -> taken[entryRow[p]] = true);
      chosen.add(j);
    }
    int[] coordinates = chosen.stream().mapToInt(Integer::intValue).toArray();
    int[] start = new int[coordinates.length + 1];
    for (int s = 0; s < coordinates.length; s++) {
      start[s + 1] = start[s] + rowsOf.get(coordinates[s]).size();
    }
    int[] records = new int[start[coordinates.length]];
    double[] values = new double[records.length];
    for (int s = 0; s < coordinates.length; s++) {
      List<Integer> entries = rowsOf.get(coordinates[s]);
      for (int e = 0; e < entries.size(); e++) {
        records[start[s] + e] = entryRow[entries.get(e)];
        values[start[s] + e] = features.valueAt(entries.get(e));
      }
    }
    return new DisjointRows(coordinates, start, records, values);
  }

  /** No rows: problems without weight bounds and soft losses. */
  static DisjointRows none() {
    return new DisjointRows(new int[0], new int[1], new int[0], new double[0]);
  }

  boolean isEmpty() {
    return coordinates.length == 0;
  }

  /**
   * η with each chosen row's multiplier at its exact maximum given the others: the root of t − ρη −
   * Σ q g(c + Fη)F, c the rest of each record's F·η. A row whose sums are not finite there keeps
   * its multiplier.
   */
  double[] maximise(
      double[] eta,
      double[] target,
      double[] rho,
      ConstraintMatrix features,
      double[] baseWeights,
      Divergence divergence) {
    double[] result = eta.clone();
    for (int s = 0; s < coordinates.length; s++) {
      int j = coordinates[s];
      int from = start[s];
      int to = start[s + 1];
      double[] rest = new double[to - from];
      for (int e = from; e < to; e++) {
        rest[e - from] = features.rowDot(records[e], eta) - values[e] * eta[j];
      }
      result[j] = root(eta[j], target[j], rho[j], rest, from, baseWeights, divergence);
    }
    return result;
  }

  private double root(
      double start,
      double target,
      double rho,
      double[] rest,
      int from,
      double[] baseWeights,
      Divergence divergence) {
    double[] slope = new double[1];
    double f = derivative(start, target, rho, rest, from, baseWeights, divergence, slope);
    if (!Double.isFinite(f) || f == 0.0) {
      return start;
    }
    double low;
    double high;
    if (rho > 0.0) {
      low = f > 0 ? start : start + f / rho;
      high = f > 0 ? start + f / rho : start;
    } else {
      double[] bracket = hardBracket(start, f, target, rest, from, baseWeights, divergence);
      if (bracket == null) {
        return start;
      }
      low = bracket[0];
      high = bracket[1];
    }
    double x = start;
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double newton = x - f / slope[0];
      x = newton > low && newton < high ? newton : 0.5 * (low + high);
      f = derivative(x, target, rho, rest, from, baseWeights, divergence, slope);
      if (Double.isNaN(f)) {
        return start;
      }
      if (f == 0.0) {
        return x;
      }
      if (f > 0) {
        low = x;
      } else {
        high = x;
      }
      if (high - low <= 1e-14 * Math.max(1.0, Math.abs(x))) {
        break;
      }
    }
    return Double.isFinite(x) ? x : start;
  }

  /**
   * For a hard row (ρ = 0), an interval from {@code start} within which t − Σ q g(c + Fx)F changes
   * sign, found by doubling the step from 1 in the direction of {@code f}; null when the bounded
   * weights cannot reach the target along this multiplier (the sign never changes), so the row is
   * left to the Newton step and the infeasibility checks.
   */
  private double[] hardBracket(
      double start,
      double f,
      double target,
      double[] rest,
      int from,
      double[] baseWeights,
      Divergence divergence) {
    double[] slope = new double[1];
    double step = f > 0 ? 1.0 : -1.0;
    for (int doubling = 0; doubling < MAX_DOUBLINGS; doubling++) {
      double x = start + step;
      double g = derivative(x, target, 0.0, rest, from, baseWeights, divergence, slope);
      if (Double.isNaN(g)) {
        return null;
      }
      if (f > 0 ? g <= 0 : g >= 0) {
        return f > 0 ? new double[] {start, x} : new double[] {x, start};
      }
      step *= 2.0;
    }
    return null;
  }

  /** t − ρx − Σ q g(c + Fx)F at {@code x}; {@code slope[0]} gets its derivative. */
  private double derivative(
      double x,
      double target,
      double rho,
      double[] rest,
      int from,
      double[] baseWeights,
      Divergence divergence,
      double[] slope) {
    double achieved = 0.0;
    double curvature = rho;
    for (int e = 0; e < rest.length; e++) {
      double value = values[from + e];
      double u = rest[e] + value * x;
      double g = divergence.ratio(u);
      double q = baseWeights[records[from + e]];
      achieved += q * g * value;
      curvature += q * divergence.ratioDerivative(u, g) * value * value;
    }
    slope[0] = -curvature;
    return target - rho * x - achieved;
  }
}
