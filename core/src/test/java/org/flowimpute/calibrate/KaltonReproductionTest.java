package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowimpute.calibrate.targets.TargetsReader;
import org.junit.jupiter.api.Test;

/**
 * The Kalton & Flores-Cervantes example of R survey's tests/kalton.R: 1000 records in 12 cells of
 * a×b, base weight 1, calibrated to the margins of a and b. Cell factors g from R survey 4.1-1.
 */
class KaltonReproductionTest {

  private static final List<Map<String, String>> CELLS = RFixtures.read("kalton_cells.csv");

  private final List<Integer> cellOfRecord = new ArrayList<>();

  private CalibrationProblem problem() {
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    for (int cell = 0; cell < CELLS.size(); cell++) {
      int n = Integer.parseInt(CELLS.get(cell).get("n_sample"));
      for (int i = 0; i < n; i++) {
        a.add(CELLS.get(cell).get("a"));
        b.add(CELLS.get(cell).get("b"));
        cellOfRecord.add(cell);
      }
    }
    double[] ones = new double[a.size()];
    java.util.Arrays.fill(ones, 1.0);
    CalibrationData data =
        CalibrationData.withBaseWeights(ones)
            .categorical("a", a.toArray(String[]::new))
            .categorical("b", b.toArray(String[]::new))
            .build();
    return ProblemBuilder.build(TargetsReader.parse(RFixtures.KALTON_MARGINS, true), data);
  }

  private double maxRelativeDifference(double[] weights, String column) {
    double max = 0.0;
    for (int i = 0; i < weights.length; i++) {
      double expected = Double.parseDouble(CELLS.get(cellOfRecord.get(i)).get(column));
      max = Math.max(max, Math.abs(weights[i] / expected - 1.0));
    }
    return max;
  }

  @Test
  void rakingReproducesR() {
    CalibrationResult result = EmmSolver.with(SolverOptions.defaults()).solve(problem());

    assertTrue(maxRelativeDifference(result.weights(), "g_calrake_t") < 1e-10);
    assertTrue(maxRelativeDifference(result.weights(), "g_rake_t") < 1e-6);
  }

  @Test
  void linearReproducesR() {
    CalibrationResult result = LinearCalibration.solve(problem());

    assertTrue(maxRelativeDifference(result.weights(), "g_linear") < 1e-10);
  }

  @Test
  void boundedLinearAndLogitReproduceR() {
    WeightBounds bounds = new WeightBounds(0.5, 2.2);

    CalibrationResult truncated =
        EmmSolver.with(
                SolverOptions.defaults()
                    .withDivergence(DivergenceKind.CHI_SQUARE)
                    .withBounds(bounds))
            .solve(problem());
    CalibrationResult logit =
        EmmSolver.with(
                SolverOptions.defaults().withDivergence(DivergenceKind.LOGIT).withBounds(bounds))
            .solve(problem());

    assertTrue(
        maxRelativeDifference(truncated.weights(), "g_trunc") < 1e-6,
        "truncated " + maxRelativeDifference(truncated.weights(), "g_trunc"));
    assertTrue(
        maxRelativeDifference(logit.weights(), "g_logit") < 1e-6,
        "logit " + maxRelativeDifference(logit.weights(), "g_logit"));
    assertEquals(2.2, truncated.report().maxWeightRatio(), 1e-12);
  }

  @Test
  void boundedEntropyKeepsRatiosInsideTheBoundsAndMeetsTheMargins() {
    WeightBounds bounds = new WeightBounds(0.5, 2.2);

    CalibrationResult result =
        EmmSolver.with(SolverOptions.defaults().withBounds(bounds)).solve(problem());

    assertTrue(result.report().minWeightRatio() >= 0.5);
    assertTrue(result.report().maxWeightRatio() <= 2.2);
    assertTrue(result.report().maxRelativeError() < 1e-10);
    assertTrue(
        maxRelativeDifference(result.weights(), "g_calrake_t") > 1e-3,
        "the bound at 2.2 binds: raking alone puts cell (3,3) at 2.45");
  }
}
