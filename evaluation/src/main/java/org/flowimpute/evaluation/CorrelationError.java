package org.flowimpute.evaluation;

/**
 * Correlation-matrix error ||C_real - C_syn||_F / k of k target columns, on weighted Pearson
 * correlations or weighted Spearman correlations (Pearson of the weighted mid-ranks (F(x-) + F(x))
 * / 2, which with unit weights is the usual Spearman rho). A constant column counts as correlation
 * 0 with every other column.
 */
public final class CorrelationError {

  /** Which correlation. */
  public enum Kind {
    PEARSON,
    SPEARMAN
  }

  private CorrelationError() {}

  /** The error between the correlation matrices of {@code real} and {@code synthetic}. */
  public static double of(
      double[][] real,
      double[] realWeights,
      double[][] synthetic,
      double[] syntheticWeights,
      Kind kind) {
    double[][] cr = matrix(real, realWeights, kind);
    double[][] cs = matrix(synthetic, syntheticWeights, kind);
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

  /** The k x k correlation matrix of the columns of {@code rows} ({@code [row][k]}). */
  public static double[][] matrix(double[][] rows, double[] weights, Kind kind) {
    int k = rows[0].length;
    double[][] columns = new double[k][rows.length];
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < k; c++) {
        columns[c][r] = rows[r][c];
      }
    }
    if (kind == Kind.SPEARMAN) {
      for (int c = 0; c < k; c++) {
        columns[c] = midRanks(columns[c], weights);
      }
    }
    double[] w = weights;
    if (w == null) {
      w = new double[rows.length];
      java.util.Arrays.fill(w, 1);
    }
    double total = 0;
    for (double x : w) {
      total += x;
    }
    double[] mean = new double[k];
    for (int c = 0; c < k; c++) {
      for (int r = 0; r < rows.length; r++) {
        mean[c] += w[r] * columns[c][r] / total;
      }
    }
    double[][] cov = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = a; b < k; b++) {
        double s = 0;
        for (int r = 0; r < rows.length; r++) {
          s += w[r] * (columns[a][r] - mean[a]) * (columns[b][r] - mean[b]);
        }
        cov[a][b] = s / total;
        cov[b][a] = cov[a][b];
      }
    }
    double[][] out = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        double denominator = Math.sqrt(cov[a][a] * cov[b][b]);
        out[a][b] = a == b ? 1 : denominator > 0 ? cov[a][b] / denominator : 0;
      }
    }
    return out;
  }

  private static double[] midRanks(double[] values, double[] weights) {
    WeightedSample sample = WeightedSample.of(values, weights);
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (sample.cdfBelow(values[i]) + sample.cdf(values[i])) / 2;
    }
    return out;
  }
}
