package org.flowimpute.calibrate;

import java.util.Objects;

/**
 * One named row of the calibration system: the weighted sum Σ w_i F_ik must meet {@code target}
 * under {@code loss}.
 *
 * <p>Ratio statistics (means, shares) are linearised as Σ w 1{g}(x − m) = 0; for them {@code
 * ratioCenter} holds m and the report recovers the achieved ratio m + a / Σ w 1{g}. For plain
 * totals {@code ratioCenter} is {@code NaN}.
 *
 * @param name unique name used in reports and errors
 * @param statistic what the row measures, e.g. "count", "mean(x)", for reports
 * @param loss how a miss is penalised
 * @param target t_k (for a band: unused, the band is in the loss)
 * @param ratioCenter m for ratio statistics, NaN otherwise
 * @param note what an error about an empty group or an unreachable share adds: which level of the
 *     group, class or share category no record has, where the targets file gives it, and how it
 *     differs from a level of the data that looks the same; null when there is nothing to add
 * @param kind how errors name the target the row is of: "target", or "household target" for a
 *     target of a targets file's {@code householdTargets}, so that a file with both says which
 */
public record Constraint(
    String name,
    String statistic,
    Loss loss,
    double target,
    double ratioCenter,
    String note,
    String kind) {

  /** How errors name a row of a person target, or of a target outside a targets file. */
  public static final String TARGET = "target";

  public Constraint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(statistic, "statistic");
    Objects.requireNonNull(loss, "loss");
    if (Double.isNaN(target) || Double.isInfinite(target)) {
      throw new IllegalArgumentException("constraint '" + name + "': target must be finite");
    }
    if (loss instanceof Loss.KullbackLeibler && !(target > 0)) {
      throw new IllegalArgumentException(
          "constraint '" + name + "': KL loss needs a positive target, got " + target);
    }
  }

  /** A constraint of a {@value #TARGET}. */
  public Constraint(
      String name, String statistic, Loss loss, double target, double ratioCenter, String note) {
    this(name, statistic, loss, target, ratioCenter, note, TARGET);
  }

  /** A constraint without a note. */
  public Constraint(String name, String statistic, Loss loss, double target, double ratioCenter) {
    this(name, statistic, loss, target, ratioCenter, null);
  }

  /** A plain (non-ratio) constraint. */
  public static Constraint of(String name, String statistic, Loss loss, double target) {
    return new Constraint(name, statistic, loss, target, Double.NaN);
  }

  /** The same constraint with a note (see {@link #note}). */
  public Constraint withNote(String note) {
    return new Constraint(name, statistic, loss, target, ratioCenter, note, kind);
  }

  /** The same constraint, its target named {@code kind} in errors (see {@link #kind}). */
  public Constraint withKind(String kind) {
    return new Constraint(name, statistic, loss, target, ratioCenter, note, kind);
  }

  /** Whether this row is a linearised ratio (mean, share). */
  public boolean isRatio() {
    return !Double.isNaN(ratioCenter);
  }

  /** The same constraint with another loss (used when softening infeasible targets). */
  public Constraint withLoss(Loss newLoss) {
    return new Constraint(name, statistic, newLoss, target, ratioCenter, note, kind);
  }
}
