package org.flowimpute.calibrate;

/**
 * GREG / linear calibration (R's calfun="linear"): the chi-square distance ½Σ q (g − 1)², whose
 * weights w = q(1 + F·λ) have the closed form λ = (Σ q F Fᵀ)⁻¹(t − Σ q F).
 *
 * <p>It is offered for comparison with R and with existing GREG estimates, and is not EMM: its
 * weights can be negative (or, with bounds, it becomes R's truncated linear method). Because the
 * chi-square dual is quadratic, the shared Newton solver reaches the closed form in exactly one
 * step, so the same feasibility checks and report apply.
 */
public final class LinearCalibration {

  private LinearCalibration() {}

  /** Unbounded GREG weights for equality targets (may be negative). */
  public static CalibrationResult solve(CalibrationProblem problem) {
    return EmmSolver.with(
            SolverOptions.defaults()
                .withDivergence(DivergenceKind.CHI_SQUARE)
                .withBounds(new WeightBounds(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)))
        .solve(problem);
  }
}
