package org.flowimpute.training.data;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Coarsened stand-ins for exact extremes and counts of training data, for bundles that must not
 * reveal a single record ({@link SynthesisRelease}). Bounds are rounded strictly outward, so a
 * stored bound is never a value some record holds at the edge: it only says that the extreme lies
 * within one rounding step of it. A value is taken as the decimal it prints as (0.3, not the binary
 * double just below it, which the step of 0.1 rounded back to 0.3 itself).
 */
final class OutwardRounding {

  private static final MathContext TWO_DIGITS_DOWN = new MathContext(2, RoundingMode.FLOOR);
  private static final MathContext TWO_DIGITS_UP = new MathContext(2, RoundingMode.CEILING);

  private OutwardRounding() {}

  /**
   * The largest number of 2 significant digits strictly below {@code magnitude} (> 0): 717.868
   * gives 710, 700 gives 690. Positive for every positive magnitude.
   */
  static double magnitudeBelow(double magnitude) {
    BigDecimal exact = BigDecimal.valueOf(magnitude);
    BigDecimal rounded = exact.round(TWO_DIGITS_DOWN);
    if (rounded.compareTo(exact) == 0) {
      rounded = rounded.subtract(secondDigit(rounded));
    }
    return rounded.doubleValue();
  }

  /**
   * The smallest number of 2 significant digits strictly above {@code magnitude} (> 0): 423608
   * gives 430000, 430000 gives 440000.
   */
  static double magnitudeAbove(double magnitude) {
    BigDecimal exact = BigDecimal.valueOf(magnitude);
    BigDecimal rounded = exact.round(TWO_DIGITS_UP);
    if (rounded.compareTo(exact) == 0) {
      rounded = rounded.add(secondDigit(rounded));
    }
    return rounded.doubleValue();
  }

  /** One unit of the second significant digit of {@code value}: 10 for 700, 0.1 for 1. */
  private static BigDecimal secondDigit(BigDecimal value) {
    return BigDecimal.ONE.scaleByPowerOfTen(value.precision() - value.scale() - 2);
  }

  /**
   * {@code [min, max]} (min <= max) rounded strictly outward to multiples of the power of ten of
   * the span's leading digit: 16..90 (span 74) gives 10..100, 0..5 gives -1..6. A finer step (2
   * significant digits of each end) would leave integer extremes such as ages exact. Without a span
   * (min = max) the step is the power of ten of the value's leading digit, 1 for 0: 0..0 gives
   * -1..1, 45..45 gives 40..50.
   */
  static double[] range(double min, double max) {
    BigDecimal low = BigDecimal.valueOf(min);
    BigDecimal high = BigDecimal.valueOf(max);
    BigDecimal span = high.subtract(low);
    if (span.signum() == 0) {
      span = low.signum() == 0 ? BigDecimal.ONE : low.abs();
    }
    int exponent = span.precision() - span.scale() - 1;
    BigDecimal step = BigDecimal.ONE.scaleByPowerOfTen(exponent);
    BigDecimal lower = low.setScale(-exponent, RoundingMode.FLOOR);
    if (lower.compareTo(low) == 0) {
      lower = lower.subtract(step);
    }
    BigDecimal upper = high.setScale(-exponent, RoundingMode.CEILING);
    if (upper.compareTo(high) == 0) {
      upper = upper.add(step);
    }
    return new double[] {lower.doubleValue(), upper.doubleValue()};
  }

  /**
   * A count rounded half up to 2 significant digits and at least to tens: 20000 stays 20000, 23904
   * gives 24000, 57 gives 60, 3 gives 10; 0 stays 0.
   */
  static long count(long rows) {
    if (rows == 0) {
      return 0;
    }
    BigDecimal exact = BigDecimal.valueOf(rows);
    BigDecimal rounded = exact.round(new MathContext(2, RoundingMode.HALF_UP));
    if (rounded.scale() > -1) {
      rounded = exact.setScale(-1, RoundingMode.HALF_UP);
    }
    return Math.max(10, rounded.longValueExact());
  }
}
