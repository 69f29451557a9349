package org.flowimpute.infer;

import java.util.List;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.TargetSpec;

/**
 * What a model's manifest fixes about the amounts of its continuous targets, applied to the graph's
 * float32 values in double precision by {@link ImputedBatch#value}:
 *
 * <ul>
 *   <li>The exact amounts of point-mass gate states ({@link ContinuousTarget#atoms}). Most heaped
 *       amounts have no float32 of their own (2444.4 becomes 2444.39990234375): the graph's value
 *       for an atom state is the nearest float, a hair off the amount the manifest names, so the
 *       heap would not be reproduced exactly.
 *   <li>The magnitudes of the sign states, held within what training saw for that sign ({@link
 *       MagnitudeTransform#bounded}). The graph clips magnitudes to 0 and the overall cap only, so
 *       for amounts of order 1 or less a flow sample below the smallest one came out as exactly 0
 *       in a positive or negative state, a negative amount could reach the largest positive one,
 *       and float32 rounding could put a value a hair above the cap.
 * </ul>
 *
 * Every other state keeps the graph's value, and so does a value the record carried (models trained
 * with {@code --missing-targets}).
 */
public final class ImputedAmounts {

  private static final ImputedAmounts NONE =
      new ImputedAmounts(new double[0][], new double[0][], null, 0);

  /** Per target in manifest order: its atoms ascending, or {@code null} if it has none. */
  private final double[][] atomsByTarget;

  /**
   * Per target in manifest order: the bounds of its sign states' magnitudes, [negative lower,
   * negative upper, positive lower, positive upper] (read per value, so looked up once), or {@code
   * null} if not continuous.
   */
  private final double[][] bounds;

  /**
   * A batch's observed-target encoding ([rows, observedWidth], its first columns one flag per
   * target), or {@code null}: observed values pass through unchanged.
   */
  private final float[] observed;

  private final int observedWidth;

  private ImputedAmounts(
      double[][] atomsByTarget, double[][] bounds, float[] observed, int observedWidth) {
    this.atomsByTarget = atomsByTarget;
    this.bounds = bounds;
    this.observed = observed;
    this.observedWidth = observedWidth;
  }

  /** No rules: every value as the graph gives it. */
  public static ImputedAmounts none() {
    return NONE;
  }

  /** The rules of {@code manifest}'s targets. */
  public static ImputedAmounts of(Manifest manifest) {
    List<TargetSpec> targets = manifest.targets();
    double[][] atoms = new double[targets.size()][];
    double[][] bounds = new double[targets.size()][];
    for (int t = 0; t < atoms.length; t++) {
      if (targets.get(t) instanceof ContinuousTarget continuous) {
        MagnitudeTransform transform = continuous.transform();
        bounds[t] =
            new double[] {
              transform.lowerBound(ContinuousTarget.NEGATIVE),
              transform.upperBound(ContinuousTarget.NEGATIVE),
              transform.lowerBound(ContinuousTarget.POSITIVE),
              transform.upperBound(ContinuousTarget.POSITIVE)
            };
        if (!continuous.atoms().isEmpty()) {
          atoms[t] = continuous.atoms().stream().mapToDouble(Double::doubleValue).toArray();
        }
      }
    }
    return new ImputedAmounts(atoms, bounds, null, 0);
  }

  /**
   * These rules for one batch whose observed targets are flagged in {@code observed} (core's
   * observed-target encoding, {@code observedWidth} floats per record; none when 0): a value the
   * record carried is the record's, whatever the range training saw.
   */
  ImputedAmounts observedIn(float[] observed, int observedWidth) {
    return observedWidth == 0
        ? this
        : new ImputedAmounts(atomsByTarget, bounds, observed, observedWidth);
  }

  /**
   * The value of continuous target {@code target} of record {@code row} in gate state {@code
   * state}: 0 in the zero state, the graph's magnitude held within the sign's bounds in a sign
   * state (unless the record carried the value), the atom's exact amount in an atom state; the
   * graph's value for other targets.
   */
  double value(int row, int target, long state, float graphValue) {
    if (target >= bounds.length || bounds[target] == null) {
      return graphValue;
    }
    if (state == ContinuousTarget.ZERO) {
      return 0.0;
    }
    boolean carried = observed != null && observed[row * observedWidth + target] > 0.5f;
    if (ContinuousTarget.hasMagnitude((int) state) && !carried) {
      int sign = state == ContinuousTarget.NEGATIVE ? 0 : 2;
      double[] range = bounds[target];
      double magnitude =
          Math.min(Math.max(Math.abs((double) graphValue), range[sign]), range[sign + 1]);
      return sign == 0 ? -magnitude : magnitude;
    }
    double[] atoms = atomsByTarget[target];
    if (atoms != null) {
      long atom = state - ContinuousTarget.FIRST_ATOM;
      if (atom >= 0 && atom < atoms.length) {
        return atoms[(int) atom];
      }
    }
    return graphValue;
  }
}
