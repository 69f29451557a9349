package org.flowimpute.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Set;

/**
 * Parameters of the magnitude transform of a continuous target: {@code y = (log1p(|x| / unit) - mu)
 * / sigma}, inverted as {@code x = sign * clip(unit * expm1(sigma * y + mu), lower, upper)}, where
 * for a sign with a {@link MagnitudeRange} the bounds are {@code minAbs / clipFactor} and {@code
 * maxAbs * clipFactor} of that sign's range, and otherwise 0 and {@code maxAbs * clipFactor}.
 * Stored so that training, the imputer and any reader agree on the exact numbers. The behaviour
 * lives in {@code org.flowimpute.encode.TargetTransform}.
 *
 * @param mu weighted mean of {@code log1p(|x| / unit)} over nonzero training values
 * @param sigma weighted standard deviation of the same, > 0
 * @param maxAbs largest {@code |x|} in training, > 0
 * @param clipFactor imputed magnitudes are capped at {@code maxAbs * clipFactor}, >= 1
 * @param signRanges per sign ({@code "negative"}, {@code "positive"}) the magnitudes training saw;
 *     empty in bundles of format 1.1 and earlier, whose magnitudes are bounded by 0 and the cap
 * @param unit the amount the log is taken in units of, > 0: 1 for amounts in currency units
 *     (written only when it is not 1, format 1.5); for amounts far below 1 a power of ten small
 *     enough for log1p to work as a log on nearly all of them rather than as the identity ({@code
 *     org.flowimpute.encode.TargetFitter})
 */
public record MagnitudeTransform(
    double mu,
    double sigma,
    double maxAbs,
    double clipFactor,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, MagnitudeRange> signRanges,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = UnitFilter.class) double unit) {

  /** The sign names a range may be given for. */
  private static final Set<String> SIGNS = Set.of("negative", "positive");

  /**
   * The default cap factor: imputed magnitudes never exceed the largest training magnitude. A flow
   * has no data beyond it, and its rare far-out samples there dominate every sum and correlation of
   * heavy-tailed amounts; an exact model would pass the largest of n training values with
   * probability 1 / (n + 1) only.
   */
  public static final double DEFAULT_CLIP_FACTOR = 1.0;

  /** Checks that all parameters are finite and in range. */
  @JsonCreator
  public MagnitudeTransform {
    Fields.finite(mu, "mu");
    Fields.positive(sigma, "sigma");
    Fields.positive(maxAbs, "max_abs");
    if (!(Fields.finite(clipFactor, "clip_factor") >= 1)) {
      throw new IllegalArgumentException("field 'clip_factor' must be >= 1, got " + clipFactor);
    }
    Fields.positive(unit, "unit");
    signRanges = Map.copyOf(Fields.required(signRanges, "sign_ranges"));
    for (Map.Entry<String, MagnitudeRange> range : signRanges.entrySet()) {
      if (!SIGNS.contains(range.getKey())) {
        throw new IllegalArgumentException(
            "field 'sign_ranges' may name negative and positive, got '" + range.getKey() + "'");
      }
      if (range.getValue().maxAbs() > maxAbs) {
        throw new IllegalArgumentException(
            "field 'sign_ranges."
                + range.getKey()
                + ".max_abs' must be <= max_abs "
                + maxAbs
                + ", got "
                + range.getValue().maxAbs());
      }
    }
  }

  /** A transform without per-sign ranges (magnitudes bounded by 0 and the cap), in units of 1. */
  public MagnitudeTransform(double mu, double sigma, double maxAbs, double clipFactor) {
    this(mu, sigma, maxAbs, clipFactor, Map.of(), 1.0);
  }

  /** A transform in units of 1. */
  public MagnitudeTransform(
      double mu,
      double sigma,
      double maxAbs,
      double clipFactor,
      Map<String, MagnitudeRange> signRanges) {
    this(mu, sigma, maxAbs, clipFactor, signRanges, 1.0);
  }

  /** {@code log1p(magnitude / unit)}: the log magnitude the flow's {@code y} standardizes. */
  public double logMagnitude(double magnitude) {
    return Math.log1p(magnitude / unit);
  }

  /** {@code unit * expm1(logMagnitude)}: a log magnitude back in original units. */
  public double magnitude(double logMagnitude) {
    return unit * Math.expm1(logMagnitude);
  }

  /** The largest magnitude inference may produce. */
  public double clipBound() {
    return maxAbs * clipFactor;
  }

  /**
   * {@code magnitude} held within the bounds of a sign state: {@link ContinuousTarget#NEGATIVE}'s
   * or {@link ContinuousTarget#POSITIVE}'s range widened by the clip factor, or, without a range
   * for that sign, 0 and {@link #clipBound()}.
   */
  public double bounded(int signState, double magnitude) {
    return Math.min(Math.max(magnitude, lowerBound(signState)), upperBound(signState));
  }

  /** The smallest magnitude of a sign state ({@link #bounded}). */
  public double lowerBound(int signState) {
    MagnitudeRange range = range(signState);
    return range == null ? 0.0 : range.minAbs() / clipFactor;
  }

  /** The largest magnitude of a sign state ({@link #bounded}). */
  public double upperBound(int signState) {
    MagnitudeRange range = range(signState);
    return range == null ? clipBound() : range.maxAbs() * clipFactor;
  }

  private MagnitudeRange range(int signState) {
    return signRanges.get(signState == ContinuousTarget.NEGATIVE ? "negative" : "positive");
  }

  /** Leaves {@code unit} out of the JSON when it is 1 (manifests before format 1.5 have none). */
  static final class UnitFilter {
    @Override
    public boolean equals(Object value) {
      return value instanceof Double unit && unit == 1.0;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }
}
