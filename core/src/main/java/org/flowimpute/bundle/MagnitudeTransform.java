package org.flowimpute.bundle;

/**
 * Parameters of the magnitude transform of a continuous target: {@code y = (log1p(|x|) - mu) /
 * sigma}, inverted as {@code x = sign * clip(expm1(sigma * y + mu), 0, maxAbs * clipFactor)}.
 * Stored so that training, the ONNX graph and any reader agree on the exact numbers. The behaviour
 * lives in {@code org.flowimpute.encode.TargetTransform}.
 *
 * @param mu weighted mean of {@code log1p(|x|)} over nonzero training values
 * @param sigma weighted standard deviation of the same, > 0
 * @param maxAbs largest {@code |x|} in training, > 0
 * @param clipFactor imputed magnitudes are capped at {@code maxAbs * clipFactor}, >= 1
 */
public record MagnitudeTransform(double mu, double sigma, double maxAbs, double clipFactor) {

  /**
   * The default cap factor: imputed magnitudes never exceed the largest training magnitude. A flow
   * has no data beyond it, and its rare far-out samples there dominate every sum and correlation of
   * heavy-tailed amounts; an exact model would pass the largest of n training values with
   * probability 1 / (n + 1) only.
   */
  public static final double DEFAULT_CLIP_FACTOR = 1.0;

  /** Checks that all parameters are finite and in range. */
  public MagnitudeTransform {
    Fields.finite(mu, "mu");
    Fields.positive(sigma, "sigma");
    Fields.positive(maxAbs, "max_abs");
    if (!(Fields.finite(clipFactor, "clip_factor") >= 1)) {
      throw new IllegalArgumentException("field 'clip_factor' must be >= 1, got " + clipFactor);
    }
  }

  /** The largest magnitude inference may produce. */
  public double clipBound() {
    return maxAbs * clipFactor;
  }
}
