package org.flowimpute.encode;

/**
 * Which exact values of a continuous target become point masses ("atoms", gate states of their own)
 * instead of being left to the flow's density: a nonzero value that occurs in at least {@code
 * minRows} training rows and carries at least {@code minShare} of the target's nonzero weight. At
 * most {@code maxAtoms} per target, the heaviest first. Heaped amounts (a benefit's maximum rate, a
 * tax credit's plateau) are thereby reproduced exactly; a continuous amount never repeats and gets
 * none.
 *
 * @param minShare smallest share of the nonzero weight, in (0, 1]
 * @param minRows smallest number of rows holding the value, at least 2
 * @param maxAtoms most atoms per target; 0 turns atoms off
 */
public record AtomPolicy(double minShare, int minRows, int maxAtoms) {

  /** Default smallest share of the nonzero weight: 1 %. */
  public static final double DEFAULT_MIN_SHARE = 0.01;

  /** Default smallest row count: 20. */
  public static final int DEFAULT_MIN_ROWS = 20;

  /** Default most atoms per target: 16. */
  public static final int DEFAULT_MAX_ATOMS = 16;

  /** Checks the ranges. */
  public AtomPolicy {
    if (!(minShare > 0 && minShare <= 1) || minRows < 2 || maxAtoms < 0) {
      throw new IllegalArgumentException(
          "atom policy needs 0 < min share <= 1, min rows >= 2 and max atoms >= 0, got "
              + minShare
              + ", "
              + minRows
              + ", "
              + maxAtoms);
    }
  }

  /** The defaults: 1 % of the nonzero weight, 20 rows, 16 atoms. */
  public static AtomPolicy defaults() {
    return new AtomPolicy(DEFAULT_MIN_SHARE, DEFAULT_MIN_ROWS, DEFAULT_MAX_ATOMS);
  }

  /** No atoms: every nonzero value is left to the flow. */
  public static AtomPolicy none() {
    return new AtomPolicy(DEFAULT_MIN_SHARE, DEFAULT_MIN_ROWS, 0);
  }

  /** Whether this policy can produce atoms. */
  public boolean enabled() {
    return maxAtoms > 0;
  }
}
