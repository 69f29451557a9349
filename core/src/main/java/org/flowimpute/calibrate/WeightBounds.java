package org.flowimpute.calibrate;

/**
 * Bounds on the weight ratio g = w/q: lower·q ≤ w ≤ upper·q.
 *
 * <p>Bounds keep individual weights from exploding or vanishing (a common statistics-office rule,
 * e.g. 0.5 ≤ g ≤ 3). In the dual they clip the ratio function, so the solver stays a Newton method
 * on a concave, piecewise-smooth dual (see {@link Divergence}).
 *
 * @param lower smallest allowed ratio, ≥ 0 (or −∞ for the unbounded chi-square distance)
 * @param upper largest allowed ratio, may be +∞
 */
public record WeightBounds(double lower, double upper) {

  public WeightBounds {
    if (Double.isNaN(lower) || Double.isNaN(upper) || !(lower < upper)) {
      throw new IllegalArgumentException(
          "weight bounds need lower < upper, got [" + lower + ", " + upper + "]");
    }
    if (!(lower <= 1.0 && upper >= 1.0)) {
      throw new IllegalArgumentException(
          "weight bounds must contain 1 (w = q), got [" + lower + ", " + upper + "]");
    }
  }

  /** No bounds beyond w ≥ 0. */
  public static WeightBounds none() {
    return new WeightBounds(0.0, Double.POSITIVE_INFINITY);
  }

  /** Parses "L,U" as used on the command line. */
  public static WeightBounds parse(String text) {
    String[] parts = text.split(",");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "bounds must look like L,U (e.g. 0.5,3), got '" + text + "'");
    }
    try {
      return new WeightBounds(
          Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bounds must be two numbers L,U, got '" + text + "'", e);
    }
  }

  /** Whether these are the trivial bounds [0, ∞) (or wider). */
  public boolean isUnbounded() {
    return lower <= 0.0 && upper == Double.POSITIVE_INFINITY;
  }
}
