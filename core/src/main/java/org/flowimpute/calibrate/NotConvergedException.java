package org.flowimpute.calibrate;

/**
 * A solve that reached the Newton step limit or stalled before meeting the tolerance, carrying the
 * report of its last iterate (marked not converged): which constraints were still missed, and by
 * how much, is what a user needs to choose a larger step limit, a looser tolerance or other
 * targets. A continuation (weight bounds with soft targets) that stops at a stage before the
 * requested λ throws it too, its report that of the stage's last iterate with {@link
 * SolveReport#stoppedAtStageLambda} set. The weights of that iterate are not returned: they are no
 * calibration.
 */
public final class NotConvergedException extends CalibrationException {

  private final transient SolveReport report;

  public NotConvergedException(String message, SolveReport report) {
    super(message);
    this.report = report;
  }

  /** The report of the last iterate, with {@code converged} false. */
  public SolveReport report() {
    return report;
  }
}
