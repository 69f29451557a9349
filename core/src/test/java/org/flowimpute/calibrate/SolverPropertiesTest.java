package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Determinism, warm starts, no mutation of inputs, bounds. */
class SolverPropertiesTest {

  private static final CalibrationProblem PROBLEM =
      SyntheticCalibrationProblem.generate(40_000, 40, 5L);

  @Test
  void weightsAreBitIdenticalForAnyNumberOfThreads() {
    CalibrationResult one = EmmSolver.with(SolverOptions.defaults().withThreads(1)).solve(PROBLEM);
    CalibrationResult three =
        EmmSolver.with(SolverOptions.defaults().withThreads(3)).solve(PROBLEM);

    assertArrayEquals(one.weights(), three.weights(), 0.0);
    assertTrue(one.report().maxRelativeError() < 1e-10);
  }

  /**
   * A solve stopped by the step limit fails with the report of its last iterate, marked not
   * converged: which constraints were still missed is what a user needs then.
   */
  @Test
  void aSolveThatDoesNotConvergeCarriesTheReportOfItsLastIterate() {
    NotConvergedException failure =
        assertThrows(
            NotConvergedException.class,
            () -> EmmSolver.with(SolverOptions.defaults().withMaxIterations(1)).solve(PROBLEM));

    SolveReport report = failure.report();
    assertFalse(report.converged());
    assertEquals(1, report.iterations());
    assertEquals(PROBLEM.constraintCount(), report.constraintReports().size());
    assertTrue(report.maxRelativeError() > 1e-10, "still missed: " + report.maxRelativeError());
    assertTrue(
        failure.getMessage().startsWith("calibration did not converge after 1 Newton steps"),
        failure.getMessage());
  }

  @Test
  void warmStartFromTheSolutionNeedsNoNewtonStep() {
    CalibrationResult cold = EmmSolver.with(SolverOptions.defaults()).solve(PROBLEM);

    CalibrationResult warm = EmmSolver.with(SolverOptions.defaults()).solve(PROBLEM, cold.dual());

    assertTrue(cold.report().iterations() >= 3);
    assertEquals(0, warm.report().iterations());
    assertArrayEquals(cold.weights(), warm.weights(), 1e-9);
  }

  @Test
  void warmStartFromASimilarProblemNeedsFewerSteps() {
    CalibrationResult previous = EmmSolver.with(SolverOptions.defaults()).solve(PROBLEM);
    List<Constraint> shifted = new ArrayList<>();
    for (Constraint constraint : PROBLEM.constraints()) {
      shifted.add(
          Constraint.of(
              constraint.name(),
              constraint.statistic(),
              constraint.loss(),
              constraint.target() * 1.01));
    }
    CalibrationProblem next = PROBLEM.withConstraints(shifted);

    int cold = EmmSolver.with(SolverOptions.defaults()).solve(next).report().iterations();
    int warm =
        EmmSolver.with(SolverOptions.defaults()).solve(next, previous.dual()).report().iterations();

    assertTrue(warm < cold, warm + " vs " + cold);
  }

  @Test
  void baseWeightsAndTargetsAreNotModified() {
    double[] before = PROBLEM.baseWeights().clone();
    List<Constraint> constraintsBefore = List.copyOf(PROBLEM.constraints());

    EmmSolver.with(SolverOptions.defaults()).solve(PROBLEM);

    assertArrayEquals(before, PROBLEM.baseWeights(), 0.0);
    assertEquals(constraintsBefore, PROBLEM.constraints());
  }

  @Test
  void boundedEntropyRespectsTheBoundsAndMeetsTheTargets() {
    CalibrationResult unbounded = EmmSolver.with(SolverOptions.defaults()).solve(PROBLEM);
    CalibrationResult result =
        EmmSolver.with(SolverOptions.defaults().withBounds(new WeightBounds(0.6, 1.8)))
            .solve(PROBLEM);

    assertTrue(
        unbounded.report().minWeightRatio() < 0.6 && unbounded.report().maxWeightRatio() > 1.8,
        "without bounds the ratios leave [0.6, 1.8], so the bounds bind");
    assertTrue(result.report().minWeightRatio() >= 0.6);
    assertTrue(result.report().maxWeightRatio() <= 1.8);
    assertTrue(result.report().maxRelativeError() < 1e-9, "" + result.report().maxRelativeError());
  }

  @Test
  void progressReportsEveryNewtonStep() {
    List<IterationProgress> steps = new ArrayList<>();

    CalibrationResult result =
        EmmSolver.with(SolverOptions.defaults().withProgress(steps::add)).solve(PROBLEM);

    assertEquals(result.report().iterations(), steps.size());
    assertEquals(1, steps.get(0).iteration());
    assertTrue(steps.get(0).describe().startsWith("newton   1"));
    double last = steps.get(steps.size() - 1).maxRelativeResidual();
    assertTrue(
        last <= SolverOptions.defaults().tolerance(),
        "the last step's residual is the converged one, got " + last);
  }
}
