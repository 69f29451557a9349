package org.flowimpute.training.bench;

import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.flowimpute.evaluation.DiscriminatorAuc;
import org.flowimpute.evaluation.FidelityMetrics;

/**
 * The benchmark's fidelity metrics of one method over R generation draws of the same test rows: one
 * generation draw moves some metrics (the per-category mean error by up to half its value) as much
 * as a change of configuration does, so targets are judged on the mean over draws, with the
 * standard deviation beside it. The discriminator AUC is the slow one (gradient-boosted trees,
 * 5-fold) and is computed on the first {@code aucDraws} draws only.
 */
final class DrawnFidelity {

  /** The metrics, in print order. */
  enum Metric {
    KS,
    ZERO,
    NEGATIVE,
    CORRELATION,
    CATEGORY,
    POOLED,
    AUC
  }

  private final SummaryStatistics[] metrics = new SummaryStatistics[Metric.values().length];
  private final SummaryStatistics[] ksPerTarget;

  private DrawnFidelity(int targets) {
    for (int m = 0; m < metrics.length; m++) {
      metrics[m] = new SummaryStatistics();
    }
    ksPerTarget = new SummaryStatistics[targets];
    for (int t = 0; t < targets; t++) {
      ksPerTarget[t] = new SummaryStatistics();
    }
  }

  /**
   * Metrics of every draw against the real rows; a draw's category errors average over the targets
   * where they are defined.
   *
   * @param real [row][k] real test targets
   * @param draws [draw][row][k] imputed targets for the same rows
   * @param category per-row label of the per-category mean error
   * @param conditions [row][c] numeric conditions for the discriminator
   * @param aucDraws how many of the first draws get a discriminator AUC (0: none)
   */
  static DrawnFidelity of(
      double[][] real, double[][][] draws, String[] category, double[][] conditions, int aucDraws) {
    int k = real[0].length;
    DrawnFidelity out = new DrawnFidelity(k);
    for (int d = 0; d < draws.length; d++) {
      double[][] synthetic = draws[d];
      double ks = 0;
      double zero = 0;
      double negative = 0;
      double[] cond = new double[k];
      double[] pooled = new double[k];
      for (int t = 0; t < k; t++) {
        double[] a = column(real, t);
        double[] b = column(synthetic, t);
        double targetKs = FidelityMetrics.ks(a, b);
        out.ksPerTarget[t].addValue(targetKs);
        ks += targetKs / k;
        zero += Math.abs(FidelityMetrics.zeroShare(a) - FidelityMetrics.zeroShare(b)) / k;
        negative +=
            Math.abs(FidelityMetrics.negativeShare(a) - FidelityMetrics.negativeShare(b)) / k;
        cond[t] = FidelityMetrics.categoryMeanError(category, a, b);
        pooled[t] = FidelityMetrics.pooledCategoryMeanError(category, a, b);
      }
      out.add(Metric.KS, ks);
      out.add(Metric.ZERO, zero);
      out.add(Metric.NEGATIVE, negative);
      out.add(Metric.CORRELATION, FidelityMetrics.correlationError(real, synthetic));
      out.add(Metric.CATEGORY, FidelityMetrics.meanOfDefined(cond));
      out.add(Metric.POOLED, FidelityMetrics.meanOfDefined(pooled));
      if (d < aucDraws) {
        out.add(Metric.AUC, DiscriminatorAuc.auc(conditions, real, synthetic, 5, 42));
      }
    }
    return out;
  }

  /**
   * Category errors of each draw against the next one (draw d playing the real rows): the level the
   * per-category error would have if the real rows were one more draw of the model. NaN with fewer
   * than 2 draws.
   */
  static double[] redrawCategoryError(double[][][] draws, String[] category) {
    if (draws.length < 2) {
      return new double[] {Double.NaN, Double.NaN};
    }
    int k = draws[0][0].length;
    DrawnFidelity out = new DrawnFidelity(k);
    for (int d = 0; d + 1 < draws.length; d++) {
      double[] cond = new double[k];
      double[] pooled = new double[k];
      for (int t = 0; t < k; t++) {
        double[] a = column(draws[d], t);
        double[] b = column(draws[d + 1], t);
        cond[t] = FidelityMetrics.categoryMeanError(category, a, b);
        pooled[t] = FidelityMetrics.pooledCategoryMeanError(category, a, b);
      }
      out.add(Metric.CATEGORY, FidelityMetrics.meanOfDefined(cond));
      out.add(Metric.POOLED, FidelityMetrics.meanOfDefined(pooled));
    }
    return new double[] {out.mean(Metric.CATEGORY), out.mean(Metric.POOLED)};
  }

  /** Adds one draw's value; a value that is not defined (NaN) is left out. */
  private void add(Metric metric, double value) {
    if (!Double.isNaN(value)) {
      metrics[metric.ordinal()].addValue(value);
    }
  }

  /** Mean of the metric over the draws that have it (NaN when none). */
  double mean(Metric metric) {
    SummaryStatistics s = metrics[metric.ordinal()];
    return s.getN() == 0 ? Double.NaN : s.getMean();
  }

  /** Sample standard deviation over draws (NaN with fewer than 2). */
  double sd(Metric metric) {
    SummaryStatistics s = metrics[metric.ordinal()];
    return s.getN() < 2 ? Double.NaN : s.getStandardDeviation();
  }

  /** Number of draws the metric was computed on. */
  long draws(Metric metric) {
    return metrics[metric.ordinal()].getN();
  }

  /** Mean KS of target {@code t} over the draws. */
  double meanKs(int t) {
    return ksPerTarget[t].getMean();
  }

  static double[] column(double[][] rows, int t) {
    double[] out = new double[rows.length];
    for (int r = 0; r < rows.length; r++) {
      out[r] = rows[r][t];
    }
    return out;
  }
}
