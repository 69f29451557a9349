package org.flowimpute.calibrate;

/**
 * The distance D(g) between calibrated and base weights (g = w/q) that calibration minimises, seen
 * through its dual: the ratio function g(u) = (D')⁻¹(u) clipped to the weight bounds, its
 * derivative, and the conjugate D*(u) = u·g(u) − D(g(u)).
 *
 * <p>EMM uses the entropy distance g log g − g + 1, giving g = exp(u) (raking, exponential tilting;
 * weights never negative). The chi-square distance gives R's calfun="linear" (and its bounded,
 * truncated form) and the logit distance R's calfun="logit"; they are here so that the same solver
 * reproduces every R fixture, and so users can compare.
 */
public interface Divergence {

  /** g(u), clipped to the bounds. */
  double ratio(double u);

  /** dg/du (0 where clipped). */
  double ratioDerivative(double u);

  /** D*(u) = u·g(u) − D(g(u)); +∞ when g(u) overflows. */
  double conjugate(double u);

  /** D(g) for a ratio g inside the bounds. */
  double distance(double g);

  /** D*(u) when g = ratio(u) is already known (saves a second exp in the hot loop). */
  default double conjugate(double u, double g) {
    return conjugate(u);
  }

  /** g'(u) when g = ratio(u) is already known. */
  default double ratioDerivative(double u, double g) {
    return ratioDerivative(u);
  }

  /** The bounds this divergence keeps the ratio in. */
  WeightBounds bounds();

  /**
   * Whether a ratio can equal a finite bound, so that a target met only with weights at their
   * bounds is met: true where g is clipped to them, false for logit, whose g only approaches them.
   */
  default boolean reachesBounds() {
    return true;
  }

  /** Name for reports: entropy, chi_square, logit. */
  String name();

  /** EMM / raking: D(g) = g log g − g + 1, g = exp(u) clipped to {@code bounds}. */
  static Divergence entropy(WeightBounds bounds) {
    return new Entropy(bounds);
  }

  /** EMM without bounds. */
  static Divergence entropy() {
    return new Entropy(WeightBounds.none());
  }

  /**
   * Chi-square (GREG / R calfun="linear"): D(g) = (g − 1)²/2, g = 1 + u clipped to {@code bounds}.
   * Unbounded (−∞, ∞) it reproduces GREG weights, which can be negative.
   */
  static Divergence chiSquare(WeightBounds bounds) {
    return new ChiSquare(bounds);
  }

  /** R's calfun="logit" with finite bounds L &lt; 1 &lt; U: g stays strictly inside (L, U). */
  static Divergence logit(WeightBounds bounds) {
    return new Logit(bounds);
  }

  /** Exponential ratio, truncated to the bounds. */
  final class Entropy implements Divergence {
    private static final double MAX_EXPONENT = 700.0;
    private final WeightBounds bounds;
    private final double logLower;
    private final double logUpper;

    private Entropy(WeightBounds bounds) {
      if (bounds.lower() < 0) {
        throw new IllegalArgumentException(
            "entropy calibration needs a lower bound >= 0 (its weights are never negative), got "
                + bounds.lower());
      }
      this.bounds = bounds;
      this.logLower = Math.log(bounds.lower());
      this.logUpper = Math.log(bounds.upper());
    }

    @Override
    public double ratio(double u) {
      if (u <= logLower) {
        return bounds.lower();
      }
      if (u >= logUpper) {
        return bounds.upper();
      }
      return u > MAX_EXPONENT ? Double.POSITIVE_INFINITY : Math.exp(u);
    }

    @Override
    public double ratioDerivative(double u) {
      return (u <= logLower || u >= logUpper) ? 0.0 : ratio(u);
    }

    @Override
    public double conjugate(double u) {
      double g = ratio(u);
      if (g == Double.POSITIVE_INFINITY) {
        return Double.POSITIVE_INFINITY;
      }
      if (u > logLower && u < logUpper) {
        return g - 1.0;
      }
      return u * g - distance(g);
    }

    @Override
    public double conjugate(double u, double g) {
      if (g == Double.POSITIVE_INFINITY) {
        return Double.POSITIVE_INFINITY;
      }
      return (u > logLower && u < logUpper) ? g - 1.0 : u * g - distance(g);
    }

    @Override
    public double ratioDerivative(double u, double g) {
      return (u <= logLower || u >= logUpper) ? 0.0 : g;
    }

    @Override
    public double distance(double g) {
      return g <= 0 ? 1.0 : g * Math.log(g) - g + 1.0;
    }

    @Override
    public WeightBounds bounds() {
      return bounds;
    }

    @Override
    public String name() {
      return "entropy";
    }
  }

  /** Linear ratio, truncated to the bounds. */
  final class ChiSquare implements Divergence {
    private final WeightBounds bounds;

    private ChiSquare(WeightBounds bounds) {
      this.bounds = bounds;
    }

    @Override
    public double ratio(double u) {
      return Math.min(Math.max(1.0 + u, bounds.lower()), bounds.upper());
    }

    @Override
    public double ratioDerivative(double u) {
      double g = 1.0 + u;
      return (g <= bounds.lower() || g >= bounds.upper()) ? 0.0 : 1.0;
    }

    @Override
    public double conjugate(double u) {
      double g = ratio(u);
      return u * g - distance(g);
    }

    @Override
    public double distance(double g) {
      return 0.5 * (g - 1.0) * (g - 1.0);
    }

    @Override
    public WeightBounds bounds() {
      return bounds;
    }

    @Override
    public String name() {
      return "chi_square";
    }
  }

  /** Deville–Särndal logit distance with bounds (L, U). */
  final class Logit implements Divergence {
    private final WeightBounds bounds;
    private final double lower;
    private final double upper;
    private final double slope;
    private final double offset;

    private Logit(WeightBounds bounds) {
      if (!(bounds.lower() < 1.0 && bounds.upper() > 1.0)
          || Double.isInfinite(bounds.upper())
          || bounds.lower() < 0) {
        throw new IllegalArgumentException(
            "logit calibration needs finite bounds 0 <= L < 1 < U, got ["
                + bounds.lower()
                + ", "
                + bounds.upper()
                + "]");
      }
      this.bounds = bounds;
      this.lower = bounds.lower();
      this.upper = bounds.upper();
      this.slope = (upper - lower) / ((1.0 - lower) * (upper - 1.0));
      this.offset = Math.log((1.0 - lower) / (upper - 1.0));
    }

    private double sigmoid(double u) {
      double z = slope * u + offset;
      return z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
    }

    @Override
    public double ratio(double u) {
      return lower + (upper - lower) * sigmoid(u);
    }

    @Override
    public double ratioDerivative(double u) {
      double s = sigmoid(u);
      return (upper - lower) * slope * s * (1.0 - s);
    }

    @Override
    public double conjugate(double u) {
      double g = ratio(u);
      return u * g - distance(g);
    }

    @Override
    public double distance(double g) {
      return (xLogXOverY(g - lower, 1.0 - lower) + xLogXOverY(upper - g, upper - 1.0)) / slope;
    }

    private static double xLogXOverY(double x, double y) {
      return x <= 0 ? 0.0 : x * Math.log(x / y);
    }

    @Override
    public WeightBounds bounds() {
      return bounds;
    }

    @Override
    public boolean reachesBounds() {
      return false;
    }

    @Override
    public String name() {
      return "logit";
    }
  }
}
