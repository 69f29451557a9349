package org.flowimpute.calibrate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.QRPDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Checks that run before the Newton loop and either prove the hard targets infeasible (naming the
 * constraints) or decide which constraints the solver can leave out.
 *
 * <ul>
 *   <li>A constraint whose statistic is zero for every record is <em>trivial</em> if its target is
 *       0 and infeasible otherwise (a positive target on an empty group). A ratio row (mean, share)
 *       whose group has records but whose statistic is zero for all of them (a share of 0 for a
 *       category nobody has, a share of 1 that everybody in the group has, a mean equal to every
 *       value) holds for any weights and is trivial too; only a ratio on an empty group is
 *       infeasible.
 *   <li>A hard target outside the range the weights can reach within their bounds — e.g. a mean
 *       below every value in its group — is infeasible.
 *   <li>An equality constraint that is an exact linear combination of others (a margin's cells sum
 *       to the total of another margin) is <em>implied</em> when its target equals the same
 *       combination of their targets, and infeasible (inconsistent totals) otherwise. Implied
 *       constraints are dropped, which keeps the Newton matrix non-singular.
 * </ul>
 *
 * <p>Dependence is found by a column-pivoted QR (EJML) of the normalised Gram matrix Σ q F Fᵀ.
 */
final class FeasibilityAnalysis {

  static final String SOLVED = "solved";
  static final String TRIVIAL = "trivial";
  static final String IMPLIED = "implied";

  private static final double DEPENDENCE_THRESHOLD = 1e-10;
  private static final double CONSISTENCY_TOLERANCE = 1e-8;

  private FeasibilityAnalysis() {}

  /**
   * Status per constraint ("solved", "trivial", "implied"); throws when infeasible.
   *
   * @param groupMass per constraint, the base weight of its group (Σ q·1{g}); read for ratio rows
   */
  static String[] analyze(
      List<Constraint> constraints, DualPass.Sums atBase, double[] groupMass, WeightBounds bounds) {
    int k = constraints.size();
    String[] status = new String[k];
    Arrays.fill(status, SOLVED);
    List<InfeasibleTargetsException> unreachable = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      Constraint constraint = constraints.get(j);
      double total = atBase.achieved[j];
      double absolute = atBase.absolute[j];
      if (absolute == 0.0) {
        status[j] = checkEmpty(constraint, groupMass[j]);
      } else if (constraint.loss().isHard()) {
        try {
          checkReachable(constraint, total, absolute, bounds);
        } catch (InfeasibleTargetsException out) {
          unreachable.add(out);
        }
      }
    }
    if (!unreachable.isEmpty()) {
      throw allUnreachable(unreachable);
    }
    dropImplied(constraints, atBase, status);
    return status;
  }

  /**
   * One infeasibility for every target out of reach, so that softening takes them all in one round
   * (it took one per round, and after four fell back to softening every hard target): the first
   * one's reason, the others named.
   */
  private static InfeasibleTargetsException allUnreachable(
      List<InfeasibleTargetsException> unreachable) {
    if (unreachable.size() == 1) {
      return unreachable.get(0);
    }
    List<String> names = new ArrayList<>();
    unreachable.forEach(out -> names.addAll(out.constraintNames()));
    List<String> others = names.subList(1, names.size());
    return new InfeasibleTargetsException(
        unreachable.get(0).getMessage()
            + "; also out of reach: "
            + String.join(", ", others.subList(0, Math.min(8, others.size())))
            + (others.size() > 8 ? " and " + (others.size() - 8) + " more" : ""),
        names);
  }

  /** Status of a constraint whose statistic is zero for every record. */
  private static String checkEmpty(Constraint constraint, double groupMass) {
    if (constraint.isRatio() && groupMass > 0) {
      return TRIVIAL;
    }
    boolean needsMass =
        constraint.loss() instanceof Loss.Band band
            ? band.lower() > 0 || band.upper() < 0
            : constraint.target() != 0.0 || constraint.isRatio();
    if (needsMass && constraint.loss().isHard()) {
      throw new InfeasibleTargetsException(
          String.format(
              Locale.ROOT,
              "target '%s' (%s) = %s but no record contributes to it (empty group)%s",
              constraint.name(),
              constraint.statistic(),
              describeTarget(constraint),
              constraint.groupNote() == null ? "" : ": " + constraint.groupNote()),
          List.of(constraint.name()));
    }
    return TRIVIAL;
  }

  private static void checkReachable(
      Constraint constraint, double total, double absolute, WeightBounds bounds) {
    double positive = 0.5 * (absolute + total);
    double negative = 0.5 * (absolute - total);
    double lower = bounds.lower();
    double upper = bounds.upper();
    double min = times(lower, positive) - times(upper, negative);
    double max = times(upper, positive) - times(lower, negative);
    boolean minAttainable =
        (lower > 0 || positive == 0) && (upper < Double.POSITIVE_INFINITY || negative == 0);
    boolean maxAttainable =
        (upper < Double.POSITIVE_INFINITY || positive == 0) && (lower > 0 || negative == 0);
    double slack = 1e-12 * absolute;
    double wantLow;
    double wantHigh;
    if (constraint.loss() instanceof Loss.Band band) {
      wantLow = band.lower();
      wantHigh = band.upper();
    } else {
      wantLow = constraint.target();
      wantHigh = constraint.target();
    }
    boolean tooHigh = maxAttainable ? wantLow > max + slack : wantLow >= max - slack;
    boolean tooLow = minAttainable ? wantHigh < min - slack : wantHigh <= min + slack;
    if (tooHigh || tooLow) {
      String reason;
      if (tooLow ? wantHigh > min : wantLow < max) {
        // inside the open range, but closer to its end than the solver can resolve
        reason =
            String.format(
                Locale.ROOT,
                "target '%s' (%s) = %s lies within %s of the %s value weights in [%s·q, %s·q]"
                    + " approach (%s), relative to the size of its statistic at the base weights"
                    + " (Σ q|F| = %s): it cannot be met to the solver's precision; check the"
                    + " target's units against the data's",
                constraint.name(),
                constraint.statistic(),
                describeTarget(constraint),
                1e-12,
                tooLow ? "lowest" : "highest",
                lower,
                upper,
                tooLow ? min : max,
                absolute);
      } else if (constraint.isRatio() && !bounds.isUnbounded()) {
        reason =
            String.format(
                Locale.ROOT,
                "target '%s' (%s) = %s cannot be reached with weights in [%s·q, %s·q]: the %s its"
                    + " group reaches with them lies %s it",
                constraint.name(),
                constraint.statistic(),
                describeTarget(constraint),
                lower,
                upper,
                tooHigh ? "highest value" : "lowest value",
                tooHigh ? "below" : "above");
      } else if (constraint.isRatio()) {
        reason =
            String.format(
                Locale.ROOT,
                "target '%s' (%s) = %s lies at or %s every value in its group, so no positive"
                    + " weights reach it%s",
                constraint.name(),
                constraint.statistic(),
                describeTarget(constraint),
                tooHigh ? "above" : "below",
                tooHigh ? shareHint(constraint, positive) : "");
      } else {
        reason =
            String.format(
                Locale.ROOT,
                "target '%s' (%s) = %s cannot be reached: weights in [%s·q, %s·q] give values"
                    + " in %s%s, %s%s",
                constraint.name(),
                constraint.statistic(),
                describeTarget(constraint),
                lower,
                upper,
                minAttainable ? "[" : "(",
                min,
                max,
                maxAttainable ? "]" : ")");
      }
      throw new InfeasibleTargetsException(reason, List.of(constraint.name()));
    }
  }

  /**
   * Why a share lies above every value of its group: its category is in no record of the group, or
   * the share is 1, which leaves no weight to the records without the category.
   */
  private static String shareHint(Constraint constraint, double positive) {
    if (!constraint.statistic().startsWith("share(")) {
      return "";
    }
    if (constraint.ratioCenter() >= 1.0) {
      return " (a share of 1 leaves no weight to the group's records without that category)";
    }
    return positive == 0
        ? " (no record of the group has that category: is it spelled as in the data?)"
        : "";
  }

  private static double times(double bound, double mass) {
    return mass == 0.0 ? 0.0 : bound * mass;
  }

  private static String describeTarget(Constraint constraint) {
    if (constraint.loss() instanceof Loss.Band band) {
      return "[" + band.lower() + ", " + band.upper() + "]";
    }
    return constraint.isRatio()
        ? String.valueOf(constraint.ratioCenter())
        : String.valueOf(constraint.target());
  }

  private static void dropImplied(
      List<Constraint> constraints, DualPass.Sums atBase, String[] status) {
    int k = constraints.size();
    List<Integer> equality = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      if (status[j].equals(SOLVED) && constraints.get(j).loss() instanceof Loss.Equality) {
        equality.add(j);
      }
    }
    int n = equality.size();
    if (n < 2) {
      return;
    }
    DMatrixRMaj gram = new DMatrixRMaj(n, n);
    DMatrixRMaj normalized = new DMatrixRMaj(n, n);
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        double value = atBase.curvature[equality.get(a) * k + equality.get(b)];
        gram.set(a, b, value);
      }
    }
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        normalized.set(a, b, gram.get(a, b) / Math.sqrt(gram.get(a, a) * gram.get(b, b)));
      }
    }
    QRPDecomposition_F64<DMatrixRMaj> qrp = DecompositionFactory_DDRM.qrp(n, n);
    qrp.setSingularThreshold(DEPENDENCE_THRESHOLD);
    if (!qrp.decompose(normalized.copy())) {
      throw new CalibrationException("could not analyse the constraint matrix (QR failed)");
    }
    int rank = qrp.getRank();
    if (rank == n) {
      return;
    }
    int[] pivots = qrp.getColPivots();
    int[] independent = Arrays.copyOf(pivots, rank);
    Arrays.sort(independent);
    DMatrixRMaj basis = new DMatrixRMaj(rank, rank);
    for (int a = 0; a < rank; a++) {
      for (int b = 0; b < rank; b++) {
        basis.set(a, b, gram.get(independent[a], independent[b]));
      }
    }
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(rank);
    if (!solver.setA(basis)) {
      solver = LinearSolverFactory_DDRM.pseudoInverse(true);
      solver.setA(basis);
    }
    for (int p = rank; p < n; p++) {
      int dependent = pivots[p];
      DMatrixRMaj right = new DMatrixRMaj(rank, 1);
      for (int a = 0; a < rank; a++) {
        right.set(a, 0, gram.get(independent[a], dependent));
      }
      DMatrixRMaj beta = new DMatrixRMaj(rank, 1);
      solver.solve(right, beta);
      Constraint target = constraints.get(equality.get(dependent));
      double implied = 0.0;
      double magnitude = Math.abs(target.target()) + atBase.absolute[equality.get(dependent)];
      double largest = 0.0;
      for (int a = 0; a < rank; a++) {
        double contribution = beta.get(a) * constraints.get(equality.get(independent[a])).target();
        implied += contribution;
        magnitude += Math.abs(contribution);
        largest = Math.max(largest, Math.abs(beta.get(a)));
      }
      if (Math.abs(target.target() - implied) > CONSISTENCY_TOLERANCE * magnitude) {
        List<String> names = new ArrayList<>();
        names.add(target.name());
        List<String> others = new ArrayList<>();
        boolean ratios = target.isRatio();
        for (int a = 0; a < rank; a++) {
          if (Math.abs(beta.get(a)) > 1e-9 * largest) {
            Constraint other = constraints.get(equality.get(independent[a]));
            names.add(other.name());
            others.add("'" + other.name() + "' = " + describeTarget(other));
            ratios |= other.isRatio();
          }
        }
        String message =
            ratios
                ? String.format(
                    Locale.ROOT,
                    "inconsistent targets: '%s' (%s) = %s contradicts %s (over the same records its"
                        + " statistic is a combination of theirs, e.g. two means of one column)",
                    target.name(),
                    target.statistic(),
                    describeTarget(target),
                    String.join(", ", others))
                : String.format(
                    Locale.ROOT,
                    "inconsistent targets: '%s' = %s but %s imply %s (its statistic is a"
                        + " combination of theirs, e.g. two margins with different totals)",
                    target.name(),
                    significant(target.target()),
                    String.join(", ", others),
                    significant(implied));
        throw new InfeasibleTargetsException(message, names);
      }
      status[equality.get(dependent)] = IMPLIED;
    }
  }

  /**
   * {@code value} to 10 significant digits without trailing zeros: the implied total of other
   * targets carries the rounding of their sums (700000.0000000049 for 700000).
   */
  private static String significant(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return new BigDecimal(value).round(new MathContext(10)).stripTrailingZeros().toPlainString();
  }
}
