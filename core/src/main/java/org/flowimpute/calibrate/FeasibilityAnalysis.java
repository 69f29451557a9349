package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
 * <p>Dependence is found by {@link ImpliedTargets}.
 */
final class FeasibilityAnalysis {

  static final String SOLVED = "solved";
  static final String TRIVIAL = "trivial";
  static final String IMPLIED = "implied";

  private FeasibilityAnalysis() {}

  /**
   * Status per constraint ("solved", "trivial", "implied"); throws when infeasible.
   *
   * @param groupMass per constraint, the base weight of its group (Σ q·1{g}); read for ratio rows
   * @param divergence whose bounds, reached or only approached, limit the weights
   */
  static String[] analyze(
      List<Constraint> constraints,
      DualPass.Sums atBase,
      double[] groupMass,
      Divergence divergence) {
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
          checkReachable(constraint, total, absolute, divergence);
        } catch (InfeasibleTargetsException out) {
          unreachable.add(out);
        }
      }
    }
    if (!unreachable.isEmpty()) {
      throw allUnreachable(unreachable);
    }
    ImpliedTargets.mark(constraints, atBase, status);
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
              "%s '%s' (%s) = %s but no record contributes to it (empty group)%s",
              constraint.kind(),
              constraint.name(),
              constraint.statistic(),
              describeTarget(constraint),
              constraint.note() == null ? "" : ": " + constraint.note()),
          List.of(constraint.name()));
    }
    return TRIVIAL;
  }

  /**
   * Throws when a hard target lies outside the values the weights give its statistic. The ends of
   * that range are reached with weights at their bounds, and so are out of reach where a bound is 0
   * or ∞ (raking's exp approaches them) and for logit, whose weights lie strictly inside (L·q,
   * U·q): a count of every record at U times its base count "converged" with logit to weights 2e-10
   * below U.
   */
  private static void checkReachable(
      Constraint constraint, double total, double absolute, Divergence divergence) {
    WeightBounds bounds = divergence.bounds();
    double positive = 0.5 * (absolute + total);
    double negative = 0.5 * (absolute - total);
    double lower = bounds.lower();
    double upper = bounds.upper();
    double min = times(lower, positive) - times(upper, negative);
    double max = times(upper, positive) - times(lower, negative);
    boolean closed = divergence.reachesBounds();
    boolean minAttainable =
        closed
            && (lower > 0 || positive == 0)
            && (upper < Double.POSITIVE_INFINITY || negative == 0);
    boolean maxAttainable =
        closed
            && (upper < Double.POSITIVE_INFINITY || positive == 0)
            && (lower > 0 || negative == 0);
    String weights = weightRange(bounds, closed);
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
                "%s '%s' (%s) = %s lies within %s of the %s value weights %s"
                    + " approach (%s), relative to the size of its statistic at the base weights"
                    + " (Σ q|F| = %s): it cannot be met to the solver's precision; check the"
                    + " target's units against the data's",
                constraint.kind(),
                constraint.name(),
                constraint.statistic(),
                describeTarget(constraint),
                1e-12,
                tooLow ? "lowest" : "highest",
                weights,
                tooLow ? min : max,
                absolute);
      } else if (constraint.isRatio() && !bounds.isUnbounded()) {
        reason =
            String.format(
                Locale.ROOT,
                "%s '%s' (%s) = %s cannot be reached with weights %s: the %s its group %s"
                    + " with them lies %s it",
                constraint.kind(),
                constraint.name(),
                constraint.statistic(),
                describeTarget(constraint),
                weights,
                tooHigh ? "highest value" : "lowest value",
                closed ? "reaches" : "approaches",
                (closed ? "" : "at or ") + (tooHigh ? "below" : "above"));
      } else if (constraint.isRatio()) {
        reason =
            String.format(
                Locale.ROOT,
                "%s '%s' (%s) = %s lies at or %s every value in its group, so no positive"
                    + " weights reach it%s",
                constraint.kind(),
                constraint.name(),
                constraint.statistic(),
                describeTarget(constraint),
                tooHigh ? "above" : "below",
                tooHigh ? shareHint(constraint, positive) : "");
      } else {
        reason =
            String.format(
                Locale.ROOT,
                "%s '%s' (%s) = %s cannot be reached: weights %s give values in %s%s, %s%s",
                constraint.kind(),
                constraint.name(),
                constraint.statistic(),
                describeTarget(constraint),
                weights,
                minAttainable ? "[" : "(",
                min,
                max,
                maxAttainable ? "]" : ")");
      }
      throw new InfeasibleTargetsException(reason, List.of(constraint.name()));
    }
  }

  /**
   * Why a share lies above every value of its group: its category is in no record (the note says
   * which levels the data has and how the category differs from one that looks the same), or in no
   * record of the group, or the share is 1, which leaves no weight to the records without the
   * category.
   */
  private static String shareHint(Constraint constraint, double positive) {
    if (!constraint.statistic().startsWith("share(")) {
      return "";
    }
    if (constraint.note() != null) {
      return ": " + constraint.note();
    }
    if (constraint.ratioCenter() >= 1.0) {
      return " (a share of 1 leaves no weight to the group's records without that category)";
    }
    return positive == 0
        ? " (no record of the group has that category: is it spelled as in the data?)"
        : "";
  }

  /**
   * "in [L·q, U·q]" for weights that reach their bounds, "strictly inside (L·q, U·q)" for logit's,
   * which only approach them.
   */
  private static String weightRange(WeightBounds bounds, boolean closed) {
    return closed
        ? "in [" + bounds.lower() + "·q, " + bounds.upper() + "·q]"
        : "strictly inside (" + bounds.lower() + "·q, " + bounds.upper() + "·q)";
  }

  private static double times(double bound, double mass) {
    return mass == 0.0 ? 0.0 : bound * mass;
  }

  static String describeTarget(Constraint constraint) {
    if (constraint.loss() instanceof Loss.Band band) {
      return "[" + band.lower() + ", " + band.upper() + "]";
    }
    return constraint.isRatio()
        ? String.valueOf(constraint.ratioCenter())
        : String.valueOf(constraint.target());
  }
}
