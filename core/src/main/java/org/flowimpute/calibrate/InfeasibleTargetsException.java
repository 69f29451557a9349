package org.flowimpute.calibrate;

import java.util.List;

/**
 * Hard targets that no admissible weights can meet together, with the constraints involved.
 *
 * <p>Thrown before solving when a check proves it (empty group, a target outside the range the
 * weights can reach, inconsistent totals across margins) and after solving when the dual diverges
 * (targets outside the convex hull of the records' statistics).
 */
public final class InfeasibleTargetsException extends CalibrationException {

  private final List<String> constraintNames;

  public InfeasibleTargetsException(String message, List<String> constraintNames) {
    super(message);
    this.constraintNames = List.copyOf(constraintNames);
  }

  /** Names of the constraints that cannot hold together. */
  public List<String> constraintNames() {
    return constraintNames;
  }
}
