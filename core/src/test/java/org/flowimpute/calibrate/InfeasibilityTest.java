package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.flowimpute.calibrate.targets.TargetsReader;
import org.junit.jupiter.api.Test;

/** Infeasible hard targets are detected and named; SOFTEN falls back to least squares. */
class InfeasibilityTest {

  private static final List<Map<String, String>> INPUT = RFixtures.read("api_clus1_input.csv");

  private static CalibrationData apiclus1() {
    return CalibrationData.withBaseWeights(RFixtures.column(INPUT, "pw"))
        .categorical("stype", RFixtures.strings(INPUT, "stype"))
        .categorical("sch.wide", RFixtures.strings(INPUT, "sch.wide"))
        .numeric("api00", RFixtures.column(INPUT, "api00"))
        .build();
  }

  private static CalibrationProblem problem(String yaml) {
    return ProblemBuilder.build(TargetsReader.parse(yaml, true), apiclus1());
  }

  private static InfeasibleTargetsException solveExpectingInfeasible(String yaml) {
    return assertThrows(
        InfeasibleTargetsException.class,
        () -> Calibrator.with(SolverOptions.defaults()).calibrate(problem(yaml)));
  }

  @Test
  void positiveTargetOnAnEmptyGroupIsNamed() {
    InfeasibleTargetsException error =
        solveExpectingInfeasible(
            """
            targets:
              - name: stype
                statistic: count
                by: [stype]
                cells:
                  - {group: {stype: E}, value: 4421}
                  - {group: {stype: X}, value: 12}
            """);

    assertEquals(List.of("stype[stype=X]"), error.constraintNames());
    assertTrue(error.getMessage().contains("empty group"), error.getMessage());
  }

  @Test
  void inconsistentTotalsAcrossMarginsAreNamed() {
    InfeasibleTargetsException error =
        solveExpectingInfeasible(
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
                  - {group: {sch.wide: "Yes"}, value: 5123}
            """);

    assertTrue(error.getMessage().startsWith("inconsistent targets"), error.getMessage());
    assertTrue(
        error
            .constraintNames()
            .containsAll(List.of("stype[stype=E]", "stype[stype=H]", "stype[stype=M]")),
        error.getMessage());
    assertTrue(error.constraintNames().stream().anyMatch(name -> name.startsWith("schwide")));
  }

  @Test
  void meanOutsideTheRangeOfTheGroupIsNamed() {
    InfeasibleTargetsException error =
        solveExpectingInfeasible(
            """
            targets:
              - name: api
                statistic: mean
                column: api00
                by: [stype]
                cells:
                  - {group: {stype: E}, value: 700}
                  - {group: {stype: H}, value: 2000}
            """);

    assertEquals(List.of("api[stype=H]"), error.constraintNames());
    assertTrue(error.getMessage().contains("above every value"), error.getMessage());
  }

  @Test
  void targetsOutsideTheConvexHullAreDetectedByDualDivergence() {
    InfeasibleTargetsException error =
        solveExpectingInfeasible(
            """
            targets:
              - name: all
                statistic: count
                value: 6194
              - name: elementary
                statistic: count
                by: [stype]
                cells:
                  - {group: {stype: E}, value: 7000}
            """);

    assertTrue(error.getMessage().contains("convex hull"), error.getMessage());
    assertTrue(error.getMessage().contains("certificate"), error.getMessage());
    assertEquals(
        java.util.Set.of("all", "elementary[stype=E]"),
        java.util.Set.copyOf(error.constraintNames()));
  }

  @Test
  void softenFallsBackToLeastSquaresAndReportsResiduals() {
    CalibrationProblem problem =
        problem(
            """
            targets:
              - name: all
                statistic: count
                value: 6194
              - name: elementary
                statistic: count
                by: [stype]
                cells:
                  - {group: {stype: E}, value: 7000}
              - name: api
                statistic: mean
                column: api00
                value: 650
            """);

    CalibrationResult result =
        Calibrator.with(SolverOptions.defaults().withOnInfeasible(OnInfeasible.SOFTEN))
            .calibrate(problem);

    SolveReport report = result.report();
    assertTrue(report.softened());
    assertTrue(report.softenedBecause().contains("convex hull"), report.softenedBecause());
    assertTrue(report.converged());
    Map<String, ConstraintReport> byName = new java.util.HashMap<>();
    report.constraintReports().forEach(c -> byName.put(c.name(), c));
    assertEquals("least_squares", byName.get("all").loss());
    assertTrue(byName.get("all").relativeError() > 1e-3, "the conflicting pair cannot both be met");
    assertTrue(byName.get("elementary[stype=E]").relativeError() > 1e-3);
    assertTrue(byName.get("api").relativeError() < 1e-3, "the compatible mean is still met");
    for (double w : result.weights()) {
      assertTrue(w >= 0 && Double.isFinite(w));
    }
  }

  @Test
  void boundsThatMakeATargetUnreachableAreNamed() {
    CalibrationProblem problem =
        problem(
            """
            targets:
              - name: all
                statistic: count
                value: 20000
            """);

    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class,
            () ->
                EmmSolver.with(SolverOptions.defaults().withBounds(new WeightBounds(0.5, 2)))
                    .solve(problem));

    assertEquals(List.of("all"), error.constraintNames());
    assertTrue(error.getMessage().contains("cannot be reached"), error.getMessage());
  }
}
