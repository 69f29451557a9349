package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reproduces R survey 4.1-1 calibrations of apiclus1 (tests/rakecheck.R) exactly; fixtures in
 * src/test/resources/calibrate/r-survey.
 */
class RSurveyReproductionTest {

  private static final List<Map<String, String>> INPUT = RFixtures.read("api_clus1_input.csv");
  private static final List<Map<String, String>> WEIGHTS = RFixtures.read("api_clus1_weights.csv");

  private static CalibrationProblem problemA() {
    return RFixtures.apiclus1Problem(RFixtures.STYPE_SCHWIDE_MARGINS);
  }

  @Test
  void rakingOnStypeAndSchWideReproducesR() {
    CalibrationResult result = EmmSolver.with(SolverOptions.defaults()).solve(problemA());

    double[] tight = RFixtures.column(WEIGHTS, "w_cal_raking_tight");
    double[] rake = RFixtures.column(WEIGHTS, "w_rake_tight");
    assertTrue(RFixtures.maxRelativeDifference(result.weights(), tight) < 1e-6);
    assertTrue(RFixtures.maxRelativeDifference(result.weights(), rake) < 1e-6);
    assertTrue(
        RFixtures.maxRelativeDifference(result.weights(), tight) < 1e-12,
        "actually agrees to rounding: " + RFixtures.maxRelativeDifference(result.weights(), tight));
    SolveReport report = result.report();
    assertTrue(report.converged());
    assertTrue(
        report.maxRelativeError() < 1e-10, "max relative error " + report.maxRelativeError());
    assertEquals(
        1,
        report.constraintReports().stream().filter(c -> c.status().equals("implied")).count(),
        "the two margins share their total, so one cell is implied by the others");
  }

  @Test
  void rakingInModelMatrixCodingFindsRsDualVariables() {
    double[] ones = new double[INPUT.size()];
    java.util.Arrays.fill(ones, 1.0);
    String[] stype = RFixtures.strings(INPUT, "stype");
    String[] schwide = RFixtures.strings(INPUT, "sch.wide");
    ConstraintMatrix.Builder matrix = ConstraintMatrix.builder(INPUT.size());
    matrix.addColumn(ones);
    matrix.addColumn(indicator(stype, "H"));
    matrix.addColumn(indicator(stype, "M"));
    matrix.addColumn(indicator(schwide, "Yes"));
    List<Map<String, String>> targets =
        RFixtures.read("api_clus1_modelmatrix_targets.csv").stream()
            .filter(row -> row.get("set").equals("A"))
            .toList();
    List<Constraint> constraints =
        targets.stream()
            .map(
                row ->
                    Constraint.of(
                        row.get("column"),
                        "model matrix",
                        Loss.equality(),
                        Double.parseDouble(row.get("target"))))
            .toList();
    CalibrationProblem problem =
        CalibrationProblem.of(RFixtures.column(INPUT, "pw"), matrix.build(), constraints);

    CalibrationResult raking = EmmSolver.with(SolverOptions.defaults()).solve(problem);
    CalibrationResult linear = LinearCalibration.solve(problem);

    for (Map<String, String> row : targets) {
      assertEquals(
          Double.parseDouble(row.get("eta_raking")),
          raking.dual().multiplier(row.get("column")),
          1e-10,
          row.get("column"));
      assertEquals(
          Double.parseDouble(row.get("lambda_linear")),
          linear.dual().multiplier(row.get("column")),
          1e-10,
          row.get("column"));
    }
  }

  private static double[] indicator(String[] values, String level) {
    double[] column = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      column[i] = values[i].equals(level) ? 1.0 : 0.0;
    }
    return column;
  }

  @Test
  void linearCalibrationReproducesGregInOneNewtonStep() {
    CalibrationResult result = LinearCalibration.solve(problemA());

    assertTrue(
        RFixtures.maxRelativeDifference(result.weights(), RFixtures.column(WEIGHTS, "w_cal_linear"))
            < 1e-10);
    assertEquals(1, result.report().iterations());
    assertEquals("chi_square", result.report().divergence());
  }

  @Test
  void partialJointMarginSetBReproducesR() {
    String targets =
        """
        targets:
          - name: joint
            statistic: count
            by: [stype, sch.wide]
            cells:
              - {group: {stype: E, sch.wide: "No"}, value: 472}
              - {group: {stype: H, sch.wide: "No"}, value: 334}
              - {group: {stype: M, sch.wide: "No"}, value: 266}
              - {group: {stype: E, sch.wide: "Yes"}, value: 3949}
              - {group: {stype: H, sch.wide: "Yes"}, value: 421}
              - {group: {stype: M, sch.wide: "Yes"}, value: 752}
          - name: compimp
            statistic: count
            by: [comp.imp]
            cells:
              - {group: {comp.imp: "No"}, value: 1712}
              - {group: {comp.imp: "Yes"}, value: 4482}
        """;
    CalibrationProblem problem = RFixtures.apiclus1Problem(targets);

    CalibrationResult result = EmmSolver.with(SolverOptions.defaults()).solve(problem);

    assertTrue(
        RFixtures.maxRelativeDifference(
                result.weights(), RFixtures.column(WEIGHTS, "w_cal2_raking_tight"))
            < 1e-6);
  }

  @Test
  void resultDoesNotDependOnTheNumberOfThreads() {
    CalibrationResult one =
        EmmSolver.with(SolverOptions.defaults().withThreads(1)).solve(problemA());
    CalibrationResult four =
        EmmSolver.with(SolverOptions.defaults().withThreads(4)).solve(problemA());

    org.junit.jupiter.api.Assertions.assertArrayEquals(one.weights(), four.weights(), 0.0);
  }
}
