package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;

/**
 * Generates raking problems shaped like the R scaling fixture (scale_1e5_k100): four correlated
 * Zipf-distributed factors in treatment coding, an intercept and three continuous totals (income,
 * hours, a count), with feasible targets Σ w* F from perturbed weights w*. Used by {@code
 * flowimpute bench emm --generate} and by tests that need a large problem with known feasibility.
 */
public final class SyntheticCalibrationProblem {

  private static final int CONTINUOUS = 3;
  private static final int FACTORS = 4;

  /** Feature entries a record has at most: the intercept, a dummy per factor, the totals. */
  private static final int ENTRIES_PER_RECORD = 1 + FACTORS + CONTINUOUS;

  /** Most elements a Java array may have on common JVMs. */
  private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  /**
   * Most records {@link #generate} takes: their feature entries are held in one array, which at
   * 300,000,000 records overflowed its int size and failed with "error: -1894967296".
   */
  public static final int MAX_RECORDS = (int) (MAX_ARRAY_LENGTH / ENTRIES_PER_RECORD);

  private SyntheticCalibrationProblem() {}

  /**
   * An N-record problem with K constraints (1 ≤ N ≤ {@link #MAX_RECORDS}, K ≥ 9), reproducible from
   * {@code seed}.
   */
  public static CalibrationProblem generate(int n, int k, long seed) {
    if (k < FACTORS + CONTINUOUS + 1 + 1 || n < 1) {
      throw new IllegalArgumentException("need N >= 1 and K >= 9, got N=" + n + ", K=" + k);
    }
    long entries = (long) n * ENTRIES_PER_RECORD;
    if (entries > MAX_ARRAY_LENGTH) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "N=%d records have up to %d feature entries, more than one array holds (%d): N must"
                  + " be at most %d",
              n,
              entries,
              MAX_ARRAY_LENGTH,
              MAX_RECORDS));
    }
    int dummies = k - 1 - CONTINUOUS;
    int[] levels = new int[FACTORS];
    int assigned = 0;
    for (int f = 0; f < FACTORS; f++) {
      int share =
          f == FACTORS - 1 ? dummies - assigned : (int) Math.round(dummies * (f + 1) / 10.0);
      levels[f] = share + 1;
      assigned += share;
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[][] cdf = new double[FACTORS][];
    double[][] effect = new double[FACTORS][];
    for (int f = 0; f < FACTORS; f++) {
      cdf[f] = zipfCdf(levels[f]);
      effect[f] = new double[levels[f]];
      for (int level = 0; level < levels[f]; level++) {
        effect[f][level] = 0.15 * gaussian(random);
      }
    }
    int[] offset = new int[FACTORS];
    int next = 1;
    for (int f = 0; f < FACTORS; f++) {
      offset[f] = next - 1;
      next += levels[f] - 1;
    }
    int firstContinuous = next;
    int[] rowStart = new int[n + 1];
    int[] columnIndex = new int[(int) entries];
    double[] values = new double[columnIndex.length];
    double[] q = new double[n];
    double[] targets = new double[k];
    int p = 0;
    for (int row = 0; row < n; row++) {
      double latent = gaussian(random);
      q[row] = Math.exp(Math.log(50) + 0.3 * gaussian(random));
      double logStar = 0.0;
      int start = p;
      columnIndex[p] = 0;
      values[p++] = 1.0;
      for (int f = 0; f < FACTORS; f++) {
        double z = 0.6 * latent + 0.8 * gaussian(random);
        int level = levelOf(cdf[f], 0.5 * (1 + Erf.erf(z / Math.sqrt(2))));
        logStar += effect[f][level];
        if (level > 0) {
          columnIndex[p] = offset[f] + level;
          values[p++] = 1.0;
        }
      }
      double logIncome = 9 + 0.8 * latent + 0.5 * gaussian(random);
      double income = Math.round(Math.exp(logIncome) * 100) / 100.0;
      double hours = Math.max(0, Math.min(80, Math.round(40 + 10 * gaussian(random))));
      double count = poisson(random, 3.0);
      logStar += 0.1 * (logIncome - 9) / 0.94 + 0.15 * gaussian(random);
      double[] continuous = {income, hours, count};
      for (int c = 0; c < CONTINUOUS; c++) {
        if (continuous[c] != 0.0) {
          columnIndex[p] = firstContinuous + c;
          values[p++] = continuous[c];
        }
      }
      double star = q[row] * Math.exp(logStar);
      for (int e = start; e < p; e++) {
        targets[columnIndex[e]] += star * values[e];
      }
      rowStart[row + 1] = p;
    }
    ConstraintMatrix features =
        ConstraintMatrix.fromCsr(
            n,
            k,
            rowStart,
            java.util.Arrays.copyOf(columnIndex, p),
            java.util.Arrays.copyOf(values, p));
    return CalibrationProblem.of(q, features, constraints(levels, targets));
  }

  private static List<Constraint> constraints(int[] levels, double[] targets) {
    List<String> names = new ArrayList<>();
    names.add("(Intercept)");
    for (int f = 0; f < FACTORS; f++) {
      for (int level = 1; level < levels[f]; level++) {
        names.add(String.format("f%dL%03d", f + 1, level + 1));
      }
    }
    names.add("x1");
    names.add("x2");
    names.add("x3");
    List<Constraint> constraints = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      String statistic =
          j == 0 ? "count" : j >= names.size() - CONTINUOUS ? "total" : "count_level";
      constraints.add(Constraint.of(names.get(j), statistic, Loss.equality(), targets[j]));
    }
    return constraints;
  }

  private static double[] zipfCdf(int levels) {
    double[] cdf = new double[levels];
    double sum = 0;
    for (int level = 0; level < levels; level++) {
      sum += 1.0 / (level + 1);
      cdf[level] = sum;
    }
    for (int level = 0; level < levels; level++) {
      cdf[level] /= sum;
    }
    return cdf;
  }

  private static int levelOf(double[] cdf, double u) {
    for (int level = 0; level < cdf.length; level++) {
      if (u <= cdf[level]) {
        return level;
      }
    }
    return cdf.length - 1;
  }

  private static double gaussian(SplittableRandom random) {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static double poisson(SplittableRandom random, double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      product *= random.nextDouble();
      count++;
    }
    return count;
  }
}
