package org.flowimpute.calibrate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a solve needs: base weights q, the statistic matrix F (N×K), the K named constraints
 * and, for ratio constraints, the group indicator matrix used to report achieved ratios.
 *
 * <p>Built by {@link ProblemBuilder} from a targets file, or directly by callers that already have
 * a design matrix (benchmarks, pipelines).
 *
 * @param baseWeights q, one positive weight per record (not modified)
 * @param features F
 * @param groupIndicators for ratio column k, 1{record in group}; empty columns otherwise
 * @param constraints one per column of F, same order
 */
public record CalibrationProblem(
    double[] baseWeights,
    ConstraintMatrix features,
    ConstraintMatrix groupIndicators,
    List<Constraint> constraints) {

  public CalibrationProblem {
    constraints = List.copyOf(constraints);
    if (features.rows() != baseWeights.length || groupIndicators.rows() != baseWeights.length) {
      throw new IllegalArgumentException(
          "matrix rows ("
              + features.rows()
              + ") differ from the number of base weights ("
              + baseWeights.length
              + ")");
    }
    if (features.columns() != constraints.size()
        || groupIndicators.columns() != constraints.size()) {
      throw new IllegalArgumentException(
          "matrix has "
              + features.columns()
              + " columns for "
              + constraints.size()
              + " constraints");
    }
    Set<String> names = new HashSet<>();
    for (Constraint constraint : constraints) {
      if (!names.add(constraint.name())) {
        throw new IllegalArgumentException(
            "constraint name '" + constraint.name() + "' used twice");
      }
    }
    for (int row = 0; row < baseWeights.length; row++) {
      if (!(baseWeights[row] > 0) || Double.isInfinite(baseWeights[row])) {
        throw new IllegalArgumentException(
            "row "
                + (row + 1)
                + ": base weight must be positive and finite, got "
                + baseWeights[row]);
      }
    }
  }

  /** A problem without ratio constraints (every column a plain weighted sum). */
  public static CalibrationProblem of(
      double[] baseWeights, ConstraintMatrix features, List<Constraint> constraints) {
    ConstraintMatrix.Builder empty = ConstraintMatrix.builder(baseWeights.length);
    for (int k = 0; k < features.columns(); k++) {
      empty.addSparseColumn(new int[0], new double[0], 0);
    }
    return new CalibrationProblem(baseWeights, features, empty.build(), constraints);
  }

  /** Number of records N. */
  public int size() {
    return baseWeights.length;
  }

  /** Number of constraints K. */
  public int constraintCount() {
    return constraints.size();
  }

  /** The same problem with other constraint losses (same names and statistics). */
  public CalibrationProblem withConstraints(List<Constraint> replaced) {
    return new CalibrationProblem(baseWeights, features, groupIndicators, replaced);
  }
}
