package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.flowimpute.calibrate.targets.TargetsFile;
import org.flowimpute.calibrate.targets.TargetsReader;
import org.junit.jupiter.api.Test;

/**
 * Reproduces R survey 4.1-1 calibrations of apiclus1 (tests/rakecheck.R) exactly; fixtures in
 * src/test/resources/calibrate/r-survey.
 */
class RSurveyReproductionTest {

  private static final List<Map<String, String>> INPUT = RFixtures.read("api_clus1_input.csv");
  private static final List<Map<String, String>> WEIGHTS = RFixtures.read("api_clus1_weights.csv");

  private static CalibrationData apiclus1() {
    return CalibrationData.withBaseWeights(RFixtures.column(INPUT, "pw"))
        .categorical("stype", RFixtures.strings(INPUT, "stype"))
        .categorical("sch.wide", RFixtures.strings(INPUT, "sch.wide"))
        .categorical("comp.imp", RFixtures.strings(INPUT, "comp.imp"))
        .numeric("api00", RFixtures.column(INPUT, "api00"))
        .numeric("enroll", RFixtures.column(INPUT, "enroll"))
        .build();
  }

  private static final String MARGINS_A =
      """
      targets:
        - name: stype
          statistic: count
          by: [stype]
          cells:
            - {group: {stype: E}, value: 4421}
            - {group: {stype: H}, value: 755}
            - {group: {stype: M}, value: 1018}
        - name: schwide
          statistic: count
          by: [sch.wide]
          cells:
            - {group: {sch.wide: "No"}, value: 1072}
            - {group: {sch.wide: "Yes"}, value: 5122}
      """;

  private static CalibrationProblem problemA() {
    return ProblemBuilder.build(TargetsReader.parse(MARGINS_A, true), apiclus1());
  }

  @Test
  void rakingOnStypeAndSchWideReproducesR() {
    CalibrationResult result = EmmSolver.with(SolverOptions.defaults()).solve(problemA());

    double[] tight = RFixtures.column(WEIGHTS, "w_cal_raking_tight");
    double[] rake = RFixtures.column(WEIGHTS, "w_rake_tight");
    assertTrue(RFixtures.maxRelativeDifference(result.weights(), tight) < 1e-6);
    assertTrue(RFixtures.maxRelativeDifference(result.weights(), rake) < 1e-6);
    assertTrue(RFixtures.maxRelativeDifference(result.weights(), tight) < 1e-12,
        "actually agrees to rounding: " + RFixtures.maxRelativeDifference(result.weights(), tight));
    SolveReport report = result.report();
    assertTrue(report.converged());
    assertTrue(report.maxRelativeError() < 1e-10, "max relative error " + report.maxRelativeError());
    assertEquals(1, report.constraintReports().stream().filter(c -> c.status().equals("implied")).count(),
        "the two margins share their total, so one cell is implied by the others");
  }
}
