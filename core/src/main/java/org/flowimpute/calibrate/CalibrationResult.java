package org.flowimpute.calibrate;

/**
 * Calibrated weights with the dual solution (for warm starts) and the solve report.
 *
 * @param weights w, one per record, never negative for the entropy divergence, never NaN
 * @param dual η by constraint name
 * @param report diagnostics
 */
public record CalibrationResult(double[] weights, DualSolution dual, SolveReport report) {

  /** Calibrated weight of record {@code row}. */
  public double weight(int row) {
    return weights[row];
  }
}
