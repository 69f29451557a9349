package org.flowimpute.calibrate;

/**
 * What one Newton step achieved, for progress lines on large problems.
 *
 * @param iteration 1-based step number
 * @param maxRelativeResidual largest scaled optimality residual after the step (until 2026-12-03:
 *     before it, so the last line of a converged solve showed a residual above the tolerance)
 * @param dualObjective dual value after the step
 * @param stepLength accepted line-search step (1 = full Newton step)
 * @param elapsedMillis time since the solve started
 */
public record IterationProgress(
    int iteration,
    double maxRelativeResidual,
    double dualObjective,
    double stepLength,
    long elapsedMillis) {

  /** One human-readable line. */
  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "newton %3d  residual %.3e  dual %.10e  step %.3g  %d ms",
        iteration,
        maxRelativeResidual,
        dualObjective,
        stepLength,
        elapsedMillis);
  }
}
