package org.flowimpute.training.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowimpute.training.bench.DrawnFidelity.Metric;
import org.junit.jupiter.api.Test;

class DrawnFidelityTest {

  private static final double[][] REAL = {{1, -1}, {2, -3}, {3, -2}, {4, -5}};
  private static final String[] CATEGORY = {"a", "a", "b", "b"};

  private static double[][] scaled(double factor) {
    double[][] out = new double[REAL.length][];
    for (int r = 0; r < REAL.length; r++) {
      out[r] = new double[] {REAL[r][0] * factor, REAL[r][1] * factor};
    }
    return out;
  }

  /**
   * Draw 0 is the real table (every error 0); draw 1 doubles every value: category means off by 100
   * %, KS 0.5 on both columns (e.g. F_real(3) = 0.75 vs F_syn(3) = 0.25), correlations and shares
   * unchanged. Means over the two draws are halves; sd = |1 - 0| / sqrt(2).
   */
  @Test
  void averagesEveryMetricOverTheDraws() {
    DrawnFidelity fidelity =
        DrawnFidelity.of(
            REAL, new double[][][] {scaled(1), scaled(2)}, CATEGORY, new double[4][1], 0);

    assertEquals(0.25, fidelity.mean(Metric.KS), 1e-12);
    assertEquals(0.25, fidelity.meanKs(0), 1e-12);
    assertEquals(0.5, fidelity.mean(Metric.CATEGORY), 1e-12);
    assertEquals(1 / Math.sqrt(2), fidelity.sd(Metric.CATEGORY), 1e-12);
    assertEquals(0.5, fidelity.mean(Metric.POOLED), 1e-12);
    assertEquals(0, fidelity.mean(Metric.ZERO), 1e-12);
    assertEquals(0, fidelity.mean(Metric.NEGATIVE), 1e-12);
    assertEquals(0, fidelity.mean(Metric.CORRELATION), 1e-12);
    assertEquals(2, fidelity.draws(Metric.KS));
    assertEquals(0, fidelity.draws(Metric.AUC));
    assertTrue(Double.isNaN(fidelity.mean(Metric.AUC)));
  }

  /**
   * A target that is 0 in every real row has no category errors: the draw's errors are the other
   * target's alone (doubled means: 1), not halved by a 0; so are the redraw errors.
   */
  @Test
  void aTargetWithoutCategoryErrorIsLeftOutOfTheAverage() {
    double[][] real = {{1, 0}, {2, 0}, {3, 0}, {4, 0}};
    double[][] doubled = {{2, 1}, {4, 1}, {6, 1}, {8, 1}};

    DrawnFidelity fidelity =
        DrawnFidelity.of(real, new double[][][] {doubled}, CATEGORY, new double[4][1], 0);
    double[] redraw = DrawnFidelity.redrawCategoryError(new double[][][] {real, doubled}, CATEGORY);

    assertEquals(1, fidelity.mean(Metric.CATEGORY), 1e-12);
    assertEquals(1, fidelity.mean(Metric.POOLED), 1e-12);
    assertEquals(1, redraw[0], 1e-12);
    assertEquals(1, redraw[1], 1e-12);
  }

  @Test
  void redrawErrorComparesConsecutiveDraws() {
    double[] redraw =
        DrawnFidelity.redrawCategoryError(
            new double[][][] {scaled(1), scaled(2), scaled(2)}, CATEGORY);

    // draw 0 vs 1: every category mean doubles (error 1); draw 1 vs 2: identical (0)
    assertEquals(0.5, redraw[0], 1e-12);
    assertEquals(0.5, redraw[1], 1e-12);
    assertTrue(
        Double.isNaN(DrawnFidelity.redrawCategoryError(new double[][][] {REAL}, CATEGORY)[0]));
  }
}
