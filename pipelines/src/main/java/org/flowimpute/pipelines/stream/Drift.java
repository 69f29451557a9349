package org.flowimpute.pipelines.stream;

import org.flowimpute.calibrate.CalibrationProblem;
import org.flowimpute.calibrate.Constraint;
import org.flowimpute.calibrate.ConstraintMatrix;
import org.flowimpute.calibrate.Loss;

/**
 * How far a window's records, at their base weights, are from the targets before calibration: the
 * largest relative miss max_k |Σ q F_k − t_k| / max(|t_k|, Σ q |F_k|) over the constraints, the
 * measure the solver reports as {@code max_relative_error} after calibration (band constraints
 * count their distance to the nearer end of the band, 0 inside). A large value means the incoming
 * population moved away from the targets (or the targets changed): the drift trigger.
 */
public final class Drift {

  private Drift() {}

  /** The drift of {@code problem} at its base weights; 0 without constraints. */
  public static double of(CalibrationProblem problem) {
    ConstraintMatrix features = problem.features();
    double[] q = problem.baseWeights();
    double largest = 0.0;
    for (int k = 0; k < problem.constraintCount(); k++) {
      double achieved = 0.0;
      double size = 0.0;
      for (int i = 0; i < q.length; i++) {
        double f = features.get(i, k);
        achieved += q[i] * f;
        size += q[i] * Math.abs(f);
      }
      Constraint constraint = problem.constraints().get(k);
      double miss;
      if (constraint.loss() instanceof Loss.Band band) {
        miss = Math.max(0.0, Math.max(band.lower() - achieved, achieved - band.upper()));
      } else {
        miss = Math.abs(achieved - constraint.target());
      }
      double scale = Math.max(Math.abs(constraint.target()), size);
      if (scale > 0) {
        largest = Math.max(largest, miss / scale);
      }
    }
    return largest;
  }
}
