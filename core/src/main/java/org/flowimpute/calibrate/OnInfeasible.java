package org.flowimpute.calibrate;

/** What {@link Calibrator} does when hard targets cannot be met together. */
public enum OnInfeasible {
  /** Throw {@link InfeasibleTargetsException} naming the constraints. */
  FAIL,
  /** Re-solve with every hard target as a least-squares loss and report the residuals. */
  SOFTEN
}
