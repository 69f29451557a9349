package org.flowimpute.calibrate;

import java.util.List;

/**
 * Diagnostics of one solve, as written to the JSON report and the streaming window report.
 *
 * @param records N
 * @param constraints K
 * @param divergence distance minimised (entropy for EMM)
 * @param lambda entropy weight λ
 * @param iterations Newton steps taken
 * @param converged whether the optimality residual met the tolerance
 * @param maxRelativeError largest relative miss over all constraints (soft losses miss on purpose)
 * @param kishEffectiveSampleSize (Σw)²/Σw²
 * @param minWeightRatio smallest w/q
 * @param maxWeightRatio largest w/q
 * @param dualityGap primal minus dual objective (hard constraints priced by their multipliers)
 * @param elapsedMillis wall time of the solve
 * @param softened whether hard targets were softened to least squares after an infeasibility
 * @param softenedBecause the infeasibility that caused the softening, or null
 * @param constraintReports one entry per constraint, in problem order
 */
public record SolveReport(
    int records,
    int constraints,
    String divergence,
    double lambda,
    int iterations,
    boolean converged,
    double maxRelativeError,
    double kishEffectiveSampleSize,
    double minWeightRatio,
    double maxWeightRatio,
    double dualityGap,
    long elapsedMillis,
    boolean softened,
    String softenedBecause,
    List<ConstraintReport> constraintReports) {

  public SolveReport {
    constraintReports = List.copyOf(constraintReports);
  }

  /** The same report marked as the result of softening because of {@code reason}. */
  public SolveReport asSoftened(String reason, long totalMillis) {
    return new SolveReport(
        records,
        constraints,
        divergence,
        lambda,
        iterations,
        converged,
        maxRelativeError,
        kishEffectiveSampleSize,
        minWeightRatio,
        maxWeightRatio,
        dualityGap,
        totalMillis,
        true,
        reason,
        constraintReports);
  }
}
