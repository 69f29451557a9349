package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With survey weights, the pMSE compares the weighted distributions (docs/evaluation.md). */
class WeightedPropensityMseTest {

  private static final List<String> X = List.of("x");

  /**
   * A real table with integer weights and a synthetic table that repeats each real row as many
   * times as its weight (unit weights): the weighted distributions are identical, so the weighted
   * propensity model cannot tell them apart and pMSE is 0 (unweighted, the repeated large values
   * were told apart).
   */
  @Test
  void rowsRepeatedByTheirWeightAreIndistinguishable() {
    int n = 120;
    double[][] real = new double[n][1];
    double[] weights = new double[n];
    List<double[]> repeated = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      real[i][0] = i % 4 == 0 ? 0 : 10.0 + 7 * i;
      weights[i] = real[i][0] > 400 ? 3 : 1;
      for (int copy = 0; copy < weights[i]; copy++) {
        repeated.add(real[i].clone());
      }
    }
    TargetTable realTable = new TargetTable(X, real, weights, Map.of());
    TargetTable synthetic = new TargetTable(X, repeated.toArray(new double[0][]), null, Map.of());

    MethodMetrics m = Evaluator.create().evaluate("model", realTable, synthetic, null);

    assertEquals(0, m.pmse(), 1e-9, "pMSE");
    assertEquals(0, m.sPmse(), 1e-5, "S_pMSE");
  }

  /**
   * The same four rows on both sides, the synthetic rows weighted 3, 3, 1, 1 (the weights of each
   * side are scaled to average 1: 1.5, 1.5, 0.5, 0.5). The fit is saturated (one binary feature),
   * so p = the weighted synthetic share at each value: 3/5 at 0 and 1/3 at 5, c = 1/2, and pMSE =
   * (5·(3/5 − 1/2)² + 3·(1/3 − 1/2)²) / 8 = 1/60. Unweighted it was 0.
   */
  @Test
  void sameRowsWeightedDifferentlyGiveTheClosedFormPmse() {
    double[][] rows = {{0}, {0}, {5}, {5}};
    TargetTable realTable = new TargetTable(X, rows, null, Map.of());
    TargetTable synthetic = new TargetTable(X, rows, new double[] {3, 3, 1, 1}, Map.of());

    MethodMetrics m = Evaluator.create().evaluate("model", realTable, synthetic, null);

    assertEquals(1 / 60.0, m.pmse(), 1e-7);
    // Kish sizes: real 4, synthetic 8²/20 = 3.2; m = 1: the signed log and the zero flag of a
    // target of two values are one feature (rank 1; counted as two before 2026-12-01)
    double expected = 1 * Math.pow(0.5 * 0.5, 2) * (1 / 4.0 + 1 / 3.2);
    assertEquals(expected, m.pmseNullExpectation(), 1e-12);
    assertTrue(m.sPmse() > 0);
  }
}
