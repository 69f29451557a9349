package org.flowimpute.calibrate;

/**
 * How a miss on one constraint is penalised: the term loss_k((Fᵀw)_k, t_k) of the EMM objective.
 *
 * <p>Each loss enters the dual through its convex conjugate, which is why only these four closed
 * forms are offered. A {@code scale} of {@code NaN} means "use the constraint's natural size"
 * (max(|t|, Σ q|F_k|)), which makes λ comparable across targets measured in different units.
 */
public sealed interface Loss {

  /** Hard constraint (Fᵀw)_k = t_k. With the entropy term this is raking. */
  static Loss equality() {
    return Equality.INSTANCE;
  }

  /** ½((a − t)/scale)²; {@code scale = NaN} for the natural size. */
  static Loss leastSquares(double scale) {
    return new LeastSquares(scale, 1.0);
  }

  /** weight·½((a − t)/scale)². */
  static Loss leastSquares(double scale, double weight) {
    return new LeastSquares(scale, weight);
  }

  /** Hard band lower ≤ a ≤ upper; either side may be infinite (a one-sided inequality). */
  static Loss band(double lower, double upper) {
    return new Band(lower, upper);
  }

  /**
   * Generalised Kullback–Leibler divergence (t/scale²)·[t log(t/a) − t + a] between target and
   * achieved amounts (target must be positive); near the target it equals the least-squares loss of
   * the same scale.
   */
  static Loss kullbackLeibler(double scale) {
    return new KullbackLeibler(scale, 1.0);
  }

  /** weight times the KL loss of {@link #kullbackLeibler(double)}. */
  static Loss kullbackLeibler(double scale, double weight) {
    return new KullbackLeibler(scale, weight);
  }

  /** Whether the constraint must hold exactly (equality or band). */
  default boolean isHard() {
    return this instanceof Equality || this instanceof Band;
  }

  /** Short name used in reports: equality, least_squares, band, kl. */
  String kind();

  /** Hard equality. */
  enum Equality implements Loss {
    INSTANCE;

    @Override
    public String kind() {
      return "equality";
    }
  }

  /** Weighted least squares. */
  record LeastSquares(double scale, double weight) implements Loss {
    public LeastSquares {
      if (!(scale > 0) && !Double.isNaN(scale)) {
        throw new IllegalArgumentException("least-squares scale must be positive, got " + scale);
      }
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("loss weight must be positive, got " + weight);
      }
    }

    @Override
    public String kind() {
      return "least_squares";
    }
  }

  /** Inequality band. */
  record Band(double lower, double upper) implements Loss {
    public Band {
      if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
        throw new IllegalArgumentException(
            "band needs lower <= upper, got [" + lower + ", " + upper + "]");
      }
      if (lower == upper) {
        throw new IllegalArgumentException("band with lower == upper: use an equality target");
      }
    }

    @Override
    public String kind() {
      return "band";
    }
  }

  /** Generalised KL on positive amounts. */
  record KullbackLeibler(double scale, double weight) implements Loss {
    public KullbackLeibler {
      if (!(scale > 0) && !Double.isNaN(scale)) {
        throw new IllegalArgumentException("KL scale must be positive, got " + scale);
      }
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("loss weight must be positive, got " + weight);
      }
    }

    @Override
    public String kind() {
      return "kl";
    }
  }
}
