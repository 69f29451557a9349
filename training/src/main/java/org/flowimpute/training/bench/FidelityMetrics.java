package org.flowimpute.training.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/**
 * The real-vs-imputed comparisons of the micro benchmark (see the benchmark README): two-sample KS,
 * zero and negative share errors, correlation-matrix error and per-category mean errors. All
 * unweighted, on the same test rows.
 */
public final class FidelityMetrics {

  private FidelityMetrics() {}

  /** Two-sample Kolmogorov–Smirnov statistic sup |F_a - F_b| (ties handled exactly). */
  public static double ks(double[] a, double[] b) {
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    int i = 0;
    int j = 0;
    double worst = 0;
    while (i < x.length && j < y.length) {
      double value = Math.min(x[i], y[j]);
      while (i < x.length && x[i] <= value) {
        i++;
      }
      while (j < y.length && y[j] <= value) {
        j++;
      }
      worst = Math.max(worst, Math.abs((double) i / x.length - (double) j / y.length));
    }
    return worst;
  }

  /** Share of exact zeros. */
  public static double zeroShare(double[] values) {
    return Arrays.stream(values).filter(v -> v == 0).count() / (double) values.length;
  }

  /** Share of negative values. */
  public static double negativeShare(double[] values) {
    return Arrays.stream(values).filter(v -> v < 0).count() / (double) values.length;
  }

  /**
   * ||C_real - C_syn||_F / k on Pearson correlations of the k target columns ({@code [row][k]});
   * constant columns count as correlation 0 with everything else.
   */
  public static double correlationError(double[][] real, double[][] synthetic) {
    double[][] cr = correlations(real);
    double[][] cs = correlations(synthetic);
    int k = cr.length;
    double sum = 0;
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        double d = cr[a][b] - cs[a][b];
        sum += d * d;
      }
    }
    return Math.sqrt(sum) / k;
  }

  private static double[][] correlations(double[][] rows) {
    double[][] matrix = new PearsonsCorrelation(rows).getCorrelationMatrix().getData();
    for (int a = 0; a < matrix.length; a++) {
      for (int b = 0; b < matrix.length; b++) {
        if (Double.isNaN(matrix[a][b])) {
          matrix[a][b] = a == b ? 1 : 0;
        }
      }
    }
    return matrix;
  }

  /** Mean of {@code values} per category label. */
  public static Map<String, double[]> meansByCategory(
      String[] categories, double[] real, double[] synthetic) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (int i = 0; i < categories.length; i++) {
      double[] s = sums.computeIfAbsent(categories[i], c -> new double[3]);
      s[0] += real[i];
      s[1] += synthetic[i];
      s[2]++;
    }
    Map<String, double[]> means = new LinkedHashMap<>();
    sums.forEach((c, s) -> means.put(c, new double[] {s[0] / s[2], s[1] / s[2]}));
    return means;
  }

  /**
   * Mean over categories of |mean_syn - mean_real| / |mean_real| (categories with mean 0 skipped).
   */
  public static double categoryMeanError(String[] categories, double[] real, double[] synthetic) {
    double sum = 0;
    int count = 0;
    for (double[] m : meansByCategory(categories, real, synthetic).values()) {
      if (m[0] != 0) {
        sum += Math.abs(m[1] - m[0]) / Math.abs(m[0]);
        count++;
      }
    }
    return count == 0 ? 0 : sum / count;
  }

  /** Sum over categories of |mean_syn - mean_real| / sum of |mean_real| (pooled). */
  public static double pooledCategoryMeanError(
      String[] categories, double[] real, double[] synthetic) {
    double numerator = 0;
    double denominator = 0;
    for (double[] m : meansByCategory(categories, real, synthetic).values()) {
      numerator += Math.abs(m[1] - m[0]);
      denominator += Math.abs(m[0]);
    }
    return denominator == 0 ? 0 : numerator / denominator;
  }
}
