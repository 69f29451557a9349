package org.flowimpute.calibrate;

import java.util.List;

/**
 * Diagnostics of one solve, as written to the JSON report and the streaming window report.
 *
 * @param records N
 * @param constraints K
 * @param divergence distance minimised (entropy for EMM)
 * @param lambda entropy weight λ requested
 * @param iterations Newton steps taken
 * @param converged whether the optimality residual met the tolerance
 * @param stoppedAtStageLambda the λ of the continuation's stage at which a solve that did not
 *     converge stopped, before the requested {@code lambda} (weight bounds with soft targets are
 *     solved for a falling λ); null when the solve ended at the requested λ. The weights reported
 *     on are then the stage's: within the bounds, but not those of the requested problem
 * @param maxRelativeError largest relative miss over all constraints (soft losses miss on purpose)
 * @param kishEffectiveSampleSize (Σw)²/Σw²
 * @param minWeightRatio smallest w/q
 * @param maxWeightRatio largest w/q
 * @param dualityGap primal minus dual objective (hard constraints priced by their multipliers), of
 *     the stage's problem when {@code stoppedAtStageLambda} is set
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
    Double stoppedAtStageLambda,
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
        stoppedAtStageLambda,
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
