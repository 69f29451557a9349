package org.flowimpute.evaluation;

/**
 * The correlation-matrix error taken apart by pair of targets, over generation draws: for each pair
 * the real data's Pearson correlation, a method's mean correlation over its draws, and the root
 * mean square of its draws' deviations from the real one. The Frobenius norm behind {@link
 * CorrelationError} is made of these deviations, so this shows which pairs carry the error and
 * whether a method is biased on a pair (mean away from the real value) or only noisy (mean on it,
 * RMS large).
 *
 * @param real the real data's correlation matrix
 * @param mean the method's correlation matrix, averaged over draws
 * @param rms per pair, the root mean square over draws of (draw's correlation - real correlation)
 */
public record CorrelationPairs(double[][] real, double[][] mean, double[][] rms) {

  /**
   * The pairs of {@code realRows} ({@code [row][k]}) against each draw of {@code draws} ({@code
   * [draw][row][k]}), unweighted.
   */
  public static CorrelationPairs of(double[][] realRows, double[][][] draws) {
    if (draws.length == 0) {
      throw new IllegalArgumentException("no draws to compare with the real correlations");
    }
    double[][] cr = CorrelationError.matrix(realRows, null, CorrelationError.Kind.PEARSON);
    int k = cr.length;
    double[][] mean = new double[k][k];
    double[][] squares = new double[k][k];
    for (double[][] draw : draws) {
      double[][] cs = CorrelationError.matrix(draw, null, CorrelationError.Kind.PEARSON);
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          double deviation = cs[a][b] - cr[a][b];
          mean[a][b] += cs[a][b] / draws.length;
          squares[a][b] += deviation * deviation / draws.length;
        }
      }
    }
    double[][] rms = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        rms[a][b] = Math.sqrt(squares[a][b]);
      }
    }
    return new CorrelationPairs(cr, mean, rms);
  }
}
