package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Many count cells (areas × age-sex groups, as statistics offices calibrate to) with a second
 * margin and a numeric total: the curvature is held over the pattern of FᵀF and the Newton system
 * solved by the sparse Cholesky. Until 2026-12-03 the dense K×K sums refused such problems (14,400
 * cells needed 15 GiB) and 5,000 cells took 80 s.
 */
class SparseNewtonTest {

  private static final int HOUSEHOLD_SIZES = 6;

  /**
   * {@code records} records over {@code areas} × {@code groups} cells (every cell has at least one
   * record), a household-size margin of {@link #HOUSEHOLD_SIZES} cells and totals of income and
   * hours; targets are the sums under weights q·exp(noise), so that they are feasible, the
   * household sizes' times {@code shift}. All are equalities unless {@code soft}: then income is a
   * least-squares target 5% above its total and hours a band below theirs.
   */
  private static CalibrationProblem cells(
      int records, int areas, int groups, boolean soft, double shift) {
    SplittableRandom random = new SplittableRandom(7);
    int cellCount = areas * groups;
    int[] cell = new int[records];
    int[] size = new int[records];
    double[] income = new double[records];
    double[] hours = new double[records];
    double[] q = new double[records];
    double[] truth = new double[records];
    for (int i = 0; i < records; i++) {
      cell[i] = i < cellCount ? i : random.nextInt(cellCount);
      size[i] = random.nextInt(HOUSEHOLD_SIZES);
      income[i] = 1000 + 50_000 * random.nextDouble();
      hours[i] = 40 * random.nextDouble();
      q[i] = 50 + 100 * random.nextDouble();
      truth[i] = q[i] * Math.exp(0.2 * (random.nextDouble() - 0.5));
    }
    ConstraintMatrix.Builder features = ConstraintMatrix.builder(records);
    List<Constraint> constraints = new ArrayList<>();
    List<List<Integer>> members = new ArrayList<>();
    for (int c = 0; c < cellCount; c++) {
      members.add(new ArrayList<>());
    }
    for (int i = 0; i < records; i++) {
      members.get(cell[i]).add(i);
    }
    for (int c = 0; c < cellCount; c++) {
      List<Integer> rows = members.get(c);
      int[] at = rows.stream().mapToInt(Integer::intValue).toArray();
      double[] ones = new double[at.length];
      java.util.Arrays.fill(ones, 1.0);
      features.addSparseColumn(at, ones, at.length);
      double target = 0;
      for (int row : at) {
        target += truth[row];
      }
      constraints.add(Constraint.of("cell" + c, "count", Loss.equality(), target));
    }
    for (int s = 0; s < HOUSEHOLD_SIZES; s++) {
      double[] column = new double[records];
      double target = 0;
      for (int i = 0; i < records; i++) {
        if (size[i] == s) {
          column[i] = 1.0;
          target += truth[i];
        }
      }
      features.addColumn(column);
      constraints.add(Constraint.of("size" + s, "count", Loss.equality(), target * shift));
    }
    double incomeTotal = 0;
    double hoursTotal = 0;
    for (int i = 0; i < records; i++) {
      incomeTotal += truth[i] * income[i];
      hoursTotal += truth[i] * hours[i];
    }
    features.addColumn(income);
    features.addColumn(hours);
    constraints.add(
        soft
            ? Constraint.of(
                "income", "total(income)", Loss.leastSquares(Double.NaN), 1.05 * incomeTotal)
            : Constraint.of("income", "total(income)", Loss.equality(), incomeTotal));
    constraints.add(
        soft
            ? Constraint.of(
                "hours",
                "total(hours)",
                Loss.band(0.98 * hoursTotal, 0.99 * hoursTotal),
                0.98 * hoursTotal)
            : Constraint.of("hours", "total(hours)", Loss.equality(), hoursTotal));
    return CalibrationProblem.of(q, features.build(), constraints);
  }

  /** 400 areas × 36 age-sex groups = 14,400 cells on 60,000 records, in the default test heap. */
  @Test
  void fourteenThousandCellsSolveAndMeetEveryTarget() {
    CalibrationProblem problem = cells(60_000, 400, 36, false, 1.0);

    CalibrationResult result = EmmSolver.with(SolverOptions.defaults()).solve(problem);

    SolveReport report = result.report();
    assertTrue(report.converged());
    assertEquals(14_400 + HOUSEHOLD_SIZES + 2, report.constraintReports().size());
    for (ConstraintReport constraint : report.constraintReports()) {
      assertTrue(
          constraint.relativeError() <= 1e-9,
          constraint.name() + " missed by " + constraint.relativeError());
    }
    long implied =
        report.constraintReports().stream()
            .filter(c -> c.status().equals(FeasibilityAnalysis.IMPLIED))
            .count();
    assertEquals(1, implied, "the household sizes sum to the cells' total");
  }

  /**
   * Household-size targets 1% above what the cells sum to contradict them: found through the Schur
   * complement of the cells' block and named, as the dense analysis does for fewer cells.
   */
  @Test
  void inconsistentMarginsOverManyCellsAreNamed() {
    CalibrationProblem problem = cells(30_000, 100, 20, false, 1.01);

    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class,
            () -> EmmSolver.with(SolverOptions.defaults()).solve(problem));

    assertTrue(error.getMessage().startsWith("inconsistent targets: 'size"), error.getMessage());
    assertTrue(error.getMessage().contains("and "), error.getMessage());
  }

  /**
   * Dense up to 500 constraints; above, sparse for cells of a grouping (little fill) and dense for
   * a thousand crossed levels: the factor fills whatever the order, and the pattern is nearly full,
   * so conjugate gradients' products would cost more than the dense factorisation.
   */
  @Test
  void theFactorisationFollowsTheFill() {
    NewtonSystem.Method automatic = NewtonSystem.Method.AUTOMATIC;
    CurvaturePattern manyCells = CurvaturePattern.of(cells(30_000, 100, 20, false, 1).features());
    CurvaturePattern fewCells = CurvaturePattern.of(midSize().features());
    CurvaturePattern crossed =
        CurvaturePattern.of(SyntheticCalibrationProblem.generate(100_000, 1000, 5L).features());

    assertEquals(NewtonSystem.Method.SPARSE, new NewtonSystem(manyCells, automatic).method());
    assertEquals(NewtonSystem.Method.DENSE, new NewtonSystem(fewCells, automatic).method());
    assertEquals(NewtonSystem.Method.DENSE, new NewtonSystem(crossed, automatic).method());
  }

  private static CalibrationProblem midSize() {
    return cells(60_000, 20, 12, true, 1.0);
  }

  private static SolverOptions boundedSoft() {
    return SolverOptions.defaults().withBounds(WeightBounds.parse("0.9,1.1")).withLambda(1e-2);
  }

  /**
   * 248 constraints with weight bounds that bind, a least-squares and a band target (solved in
   * stages of λ): both paths give the same weights.
   */
  @Test
  void sparseAndDenseNewtonStepsGiveTheSameWeights() {
    CalibrationProblem problem = midSize();

    CalibrationResult dense =
        EmmSolver.with(boundedSoft(), NewtonSystem.Method.DENSE).solve(problem);
    CalibrationResult sparse =
        EmmSolver.with(boundedSoft(), NewtonSystem.Method.SPARSE).solve(problem);

    assertTrue(dense.report().converged() && sparse.report().converged());
    double[] a = dense.weights();
    double[] b = sparse.weights();
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(a[i]));
    }
    assertTrue(worst <= 1e-9, "largest relative difference " + worst);
  }

  /**
   * The hours band given twice: while both bind, the Newton matrix is singular, which the dense
   * path solves with a pseudo-inverse and the sparse one with a ridge; the weights are the same.
   */
  @Test
  void aSingularNewtonMatrixIsSolvedOnTheSparsePathToo() {
    CalibrationProblem single = midSize();
    int hours = single.constraintCount() - 1;
    List<Constraint> constraints = new ArrayList<>(single.constraints());
    Constraint band = single.constraints().get(hours);
    constraints.add(Constraint.of("hours again", band.statistic(), band.loss(), band.target()));
    CalibrationProblem twice =
        CalibrationProblem.of(
            single.baseWeights(),
            ConstraintMatrix.concatColumns(
                single.features(), single.features().selectColumns(new int[] {hours})),
            constraints);

    CalibrationResult dense = EmmSolver.with(boundedSoft(), NewtonSystem.Method.DENSE).solve(twice);
    CalibrationResult sparse =
        EmmSolver.with(boundedSoft(), NewtonSystem.Method.SPARSE).solve(twice);

    assertTrue(dense.report().converged() && sparse.report().converged());
    for (int i = 0; i < dense.weights().length; i++) {
      assertEquals(dense.weights()[i], sparse.weights()[i], 1e-9 * dense.weights()[i]);
    }
  }

  @Test
  void sparseNewtonStepsAreBitIdenticalForAnyNumberOfThreads() {
    CalibrationProblem problem = midSize();

    CalibrationResult one =
        EmmSolver.with(boundedSoft().withThreads(1), NewtonSystem.Method.SPARSE).solve(problem);
    CalibrationResult four =
        EmmSolver.with(boundedSoft().withThreads(4), NewtonSystem.Method.SPARSE).solve(problem);

    assertArrayEquals(one.weights(), four.weights(), 0.0);
  }
}
