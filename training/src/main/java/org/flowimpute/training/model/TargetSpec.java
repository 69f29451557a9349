package org.flowimpute.training.model;

import java.util.Arrays;

/**
 * One target as the network sees it: its gate (state count, which states were seen in training)
 * and, for continuous targets, the magnitude transform y = (log1p(|x| / unit) - mu) / sigma with
 * the clip range [logLow, logHigh] of log1p(|x| / unit) applied when inverting.
 *
 * @param name column name
 * @param kind continuous or categorical
 * @param seen per gate state: seen in training (unseen states get probability exactly 0)
 * @param mu weighted mean of log1p(|x| / unit) over nonzero values (continuous only, else 0)
 * @param sigma weighted standard deviation of the same (continuous only)
 * @param logLow lower clip of log1p(|x| / unit) for nonzero values at generation
 * @param logHigh upper clip of log1p(|x| / unit) at generation
 * @param unit the unit magnitudes are logged in (1 unless the amounts are mostly below 1)
 * @param atoms point masses of a continuous target: gate state {@code 3 + k} means exactly {@code
 *     atoms[k]} (empty for categorical targets)
 */
public record TargetSpec(
    String name,
    TargetKind kind,
    boolean[] seen,
    double mu,
    double sigma,
    double logLow,
    double logHigh,
    double unit,
    double[] atoms) {

  /** Gate states of a continuous target. */
  public static final int NEGATIVE = 0;

  /** Gate state "exactly zero". */
  public static final int ZERO = 1;

  /** Gate state "positive". */
  public static final int POSITIVE = 2;

  /** Gate state of the first point mass. */
  public static final int FIRST_ATOM = 3;

  public TargetSpec {
    seen = seen.clone();
    atoms = atoms.clone();
    if (kind == TargetKind.CONTINUOUS && seen.length != FIRST_ATOM + atoms.length) {
      throw new IllegalArgumentException(
          "continuous target " + name + " needs 3 gate states plus one per atom");
    }
    if (kind == TargetKind.CATEGORICAL && atoms.length > 0) {
      throw new IllegalArgumentException("categorical target " + name + " has no atoms");
    }
  }

  /** A continuous target in units of 1 without point masses. */
  public static TargetSpec continuous(
      String name, boolean[] seen, double mu, double sigma, double logLow, double logHigh) {
    return continuous(name, seen, mu, sigma, logLow, logHigh, 1.0, new double[0]);
  }

  /** A continuous target with point masses {@code atoms} (gate states 3, 4, ...). */
  public static TargetSpec continuous(
      String name,
      boolean[] seen,
      double mu,
      double sigma,
      double logLow,
      double logHigh,
      double unit,
      double[] atoms) {
    return new TargetSpec(
        name, TargetKind.CONTINUOUS, seen, mu, sigma, logLow, logHigh, unit, atoms);
  }

  /** A categorical target with {@code seen.length} categories. */
  public static TargetSpec categorical(String name, boolean[] seen) {
    return new TargetSpec(name, TargetKind.CATEGORICAL, seen, 0, 1, 0, 0, 1.0, new double[0]);
  }

  /** The sign a state gives the flow's magnitude: -1 negative, +1 positive, 0 zero or atom. */
  public static float sign(int state) {
    return state == NEGATIVE ? -1f : state == POSITIVE ? 1f : 0f;
  }

  /**
   * What a state multiplies {@code expm1} of the flow's log magnitude by: the {@link #sign} times
   * the unit (in float32, as the ONNX graph applies it).
   */
  public float signedUnit(int state) {
    return sign(state) * (float) unit;
  }

  /** The value a state adds to the signed magnitude: its atom, or 0 for sign states. */
  public float atomValue(int state) {
    return state >= FIRST_ATOM ? (float) atoms[state - FIRST_ATOM] : 0f;
  }

  /** Number of gate states. */
  public int states() {
    return seen.length;
  }

  /** Whether gate state {@code state} was seen in training. */
  public boolean seen(int state) {
    return seen[state];
  }

  /** The highest seen state (sampling never goes beyond it). */
  public int lastSeenState() {
    for (int s = seen.length - 1; s >= 0; s--) {
      if (seen[s]) {
        return s;
      }
    }
    throw new IllegalStateException("target " + name + " has no seen state");
  }

  @Override
  public boolean[] seen() {
    return seen.clone();
  }

  @Override
  public double[] atoms() {
    return atoms.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TargetSpec that
        && name.equals(that.name)
        && kind == that.kind
        && Arrays.equals(seen, that.seen)
        && mu == that.mu
        && sigma == that.sigma
        && logLow == that.logLow
        && logHigh == that.logHigh
        && unit == that.unit
        && Arrays.equals(atoms, that.atoms);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(seen);
  }
}
