package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Integrated household calibration whose households' members live in different cells (areas drawn
 * at random, as in a sample of persons grouped by address history): every household couples the
 * cells of its members, so the Newton matrix is a random graph and its Cholesky factor fills
 * whatever the order. 14,390 such cells ran over ten minutes inside the first Newton step (review
 * of 2026-12-03); conjugate gradients need only products with the sparse matrix.
 */
class IterativeNewtonTest {

  private static final int MEMBERS = 3;
  private static final int REGIONS = 10;

  /**
   * {@code households} rows (one weight each) of {@link #MEMBERS} persons, each in a random one of
   * {@code cells} count cells; a region margin per {@link #REGIONS} residue class of the cells
   * (implied by the cells: the Newton matrix is singular) and a total of income. Targets are the
   * sums under weights q·exp(noise), so they are feasible and met by a known weighting.
   */
  private static CalibrationProblem spreadHouseholds(int households, int cells) {
    SplittableRandom random = new SplittableRandom(11);
    List<List<Integer>> rowsOfCell = new ArrayList<>();
    for (int c = 0; c < cells; c++) {
      rowsOfCell.add(new ArrayList<>());
    }
    double[] income = new double[households];
    double[] q = new double[households];
    double[] truth = new double[households];
    for (int h = 0; h < households; h++) {
      for (int m = 0; m < MEMBERS; m++) {
        int cell = h * MEMBERS + m < cells ? h * MEMBERS + m : random.nextInt(cells);
        rowsOfCell.get(cell).add(h);
      }
      income[h] = 1000 + 90_000 * random.nextDouble();
      q[h] = 50 + 100 * random.nextDouble();
      truth[h] = q[h] * Math.exp(0.3 * (random.nextDouble() - 0.5));
    }
    ConstraintMatrix.Builder features = ConstraintMatrix.builder(households);
    List<Constraint> constraints = new ArrayList<>();
    double[][] regions = new double[REGIONS][households];
    for (int c = 0; c < cells; c++) {
      int[] rows = rowsOfCell.get(c).stream().mapToInt(Integer::intValue).distinct().toArray();
      double[] counts = new double[rows.length];
      double target = 0;
      for (int e = 0; e < rows.length; e++) {
        int row = rows[e];
        counts[e] = rowsOfCell.get(c).stream().filter(h -> h == row).count();
        target += counts[e] * truth[row];
        regions[c % REGIONS][row] += counts[e];
      }
      features.addSparseColumn(rows, counts, rows.length);
      constraints.add(Constraint.of("cell" + c, "count", Loss.equality(), target));
    }
    for (int r = 0; r < REGIONS; r++) {
      features.addColumn(regions[r]);
      constraints.add(
          Constraint.of("region" + r, "count", Loss.equality(), sum(regions[r], truth)));
    }
    features.addColumn(income);
    constraints.add(Constraint.of("income", "total(income)", Loss.equality(), sum(income, truth)));
    return CalibrationProblem.of(q, features.build(), constraints);
  }

  private static double sum(double[] column, double[] weights) {
    double total = 0;
    for (int h = 0; h < column.length; h++) {
      total += column[h] * weights[h];
    }
    return total;
  }

  /**
   * 6,000 cells over 12,000 households: the factor would fill (K³/3 operations a step), so the
   * automatic choice is conjugate gradients, which meet every target in as many Newton steps as an
   * exact step would need, although the implied regions make the matrix singular (the targets'
   * rounding puts a sliver of the gradient outside its range, which the ridge keeps from blowing up
   * the step).
   */
  @Test
  void spreadHouseholdsAreSolvedByConjugateGradients() {
    CalibrationProblem problem = spreadHouseholds(12_000, 6_000);
    CurvaturePattern pattern = CurvaturePattern.of(problem.features());
    assertEquals(
        NewtonSystem.Method.ITERATIVE,
        new NewtonSystem(pattern, NewtonSystem.Method.AUTOMATIC).method());

    SolveReport report = EmmSolver.with(SolverOptions.defaults()).solve(problem).report();

    assertTrue(report.converged());
    assertTrue(report.iterations() <= 6, report.iterations() + " Newton steps");
    for (ConstraintReport constraint : report.constraintReports()) {
      assertTrue(
          constraint.relativeError() <= 1e-9,
          constraint.name() + " missed by " + constraint.relativeError());
    }
  }

  private static SolverOptions bounded() {
    return SolverOptions.defaults().withBounds(WeightBounds.parse("0.8,1.15"));
  }

  /** With weight bounds that bind, conjugate gradients reach the dense solution's weights. */
  @Test
  void iterativeAndDenseNewtonStepsGiveTheSameWeights() {
    CalibrationProblem problem = spreadHouseholds(3_000, 800);

    CalibrationResult dense = EmmSolver.with(bounded(), NewtonSystem.Method.DENSE).solve(problem);
    CalibrationResult iterative =
        EmmSolver.with(bounded(), NewtonSystem.Method.ITERATIVE).solve(problem);

    assertTrue(dense.report().converged() && iterative.report().converged());
    double[] ratio = new double[problem.baseWeights().length];
    for (int h = 0; h < ratio.length; h++) {
      ratio[h] = dense.weights()[h] / problem.baseWeights()[h];
      assertEquals(dense.weights()[h], iterative.weights()[h], 1e-9 * dense.weights()[h]);
    }
    assertEquals(1.15, Arrays.stream(ratio).max().orElseThrow(), 1e-9, "the bounds bind");
  }

  @Test
  void iterativeNewtonStepsAreBitIdenticalForAnyNumberOfThreads() {
    CalibrationProblem problem = spreadHouseholds(3_000, 800);

    CalibrationResult one =
        EmmSolver.with(bounded().withThreads(1), NewtonSystem.Method.ITERATIVE).solve(problem);
    CalibrationResult four =
        EmmSolver.with(bounded().withThreads(4), NewtonSystem.Method.ITERATIVE).solve(problem);

    assertArrayEquals(one.weights(), four.weights(), 0.0);
  }
}
