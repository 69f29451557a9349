package org.flowimpute.bundle;

/**
 * The smallest and largest magnitude {@code |x|} one sign of a continuous target took in training
 * (over the values the flow models: nonzero, not point masses). Imputed magnitudes of that sign
 * stay within it (widened by the transform's clip factor): without the range a negative amount
 * could reach the largest positive one, and a small positive amount could come out as exactly 0.
 *
 * @param minAbs smallest magnitude, > 0
 * @param maxAbs largest magnitude, >= minAbs
 */
public record MagnitudeRange(double minAbs, double maxAbs) {

  /** Checks that both ends are positive and in order. */
  public MagnitudeRange {
    Fields.positive(minAbs, "min_abs");
    if (!(Fields.positive(maxAbs, "max_abs") >= minAbs)) {
      throw new IllegalArgumentException(
          "field 'max_abs' must be >= min_abs " + minAbs + ", got " + maxAbs);
    }
  }
}
