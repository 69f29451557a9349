package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.List;

/**
 * The entry point pipelines and the CLI use: solves with {@link EmmSolver} and applies the
 * infeasibility policy of the options.
 *
 * <p>With {@link OnInfeasible#SOFTEN}, an {@link InfeasibleTargetsException} makes it re-solve with
 * every hard target turned into a least-squares loss (scaled to the target's size) at λ = {@code
 * softenLambda}; the report then says so and lists each target's residual.
 */
public final class Calibrator {

  private final SolverOptions options;

  private Calibrator(SolverOptions options) {
    this.options = options;
  }

  /** A calibrator with these options. */
  public static Calibrator with(SolverOptions options) {
    return new Calibrator(options);
  }

  /** Calibrates from w = q. */
  public CalibrationResult calibrate(CalibrationProblem problem) {
    return calibrate(problem, DualSolution.cold());
  }

  /** Calibrates starting from a previous dual solution (e.g. the previous window's). */
  public CalibrationResult calibrate(CalibrationProblem problem, DualSolution warmStart) {
    long start = System.nanoTime();
    try {
      return EmmSolver.with(options).solve(problem, warmStart);
    } catch (InfeasibleTargetsException infeasible) {
      if (options.onInfeasible() == OnInfeasible.FAIL) {
        throw infeasible;
      }
      CalibrationResult softened =
          EmmSolver.with(options.withLambda(options.softenLambda()))
              .solve(soften(problem), warmStart);
      long millis = (System.nanoTime() - start) / 1_000_000L;
      return new CalibrationResult(
          softened.weights(),
          softened.dual(),
          softened.report().asSoftened(infeasible.getMessage(), millis));
    }
  }

  /** Every hard target as least squares (a band aims at its nearest finite edge's midpoint). */
  static CalibrationProblem soften(CalibrationProblem problem) {
    List<Constraint> softened = new ArrayList<>();
    for (Constraint constraint : problem.constraints()) {
      if (constraint.loss() instanceof Loss.Band band) {
        double aim;
        if (Double.isFinite(band.lower()) && Double.isFinite(band.upper())) {
          aim = 0.5 * (band.lower() + band.upper());
        } else {
          aim = Double.isFinite(band.lower()) ? band.lower() : band.upper();
        }
        softened.add(
            new Constraint(
                constraint.name(),
                constraint.statistic(),
                Loss.leastSquares(Double.NaN),
                aim,
                constraint.ratioCenter()));
      } else if (constraint.loss().isHard()) {
        softened.add(constraint.withLoss(Loss.leastSquares(Double.NaN)));
      } else {
        softened.add(constraint);
      }
    }
    return problem.withConstraints(softened);
  }
}
