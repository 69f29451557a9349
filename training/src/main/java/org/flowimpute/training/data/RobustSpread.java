package org.flowimpute.training.data;

import java.util.Arrays;

/**
 * The median of some values and their robust standard deviation (1.4826 × the median absolute
 * deviation, the standard deviation of normal data), which a few absurd values barely move: what
 * the warnings of far-out target values ({@link TargetOutliers}) and numeric condition values
 * ({@link ConditionOutliers}) measure distances with, so that both call the same value far out.
 *
 * @param median the median of the values
 * @param sd the robust standard deviation, > 0
 */
record RobustSpread(double median, double sd) {

  /**
   * Robust standard deviations from the median beyond which a value is reported. The demo
   * population's targets reach at most about 5 on 200,000 persons, a Pareto tail of index 1.5 above
   * the 95th percentile of a million log-normal wages about 12; one wage of 1e10 among wages of
   * median 25,000 lies about 17 out, one of 1e300 about 900. An age of 999 among adult ages lies
   * about 50 out.
   */
  static final double FAR_OUT = 15;

  /** The median absolute deviation of normal data times this is its standard deviation. */
  private static final double MAD_TO_SD = 1.4826;

  /**
   * The spread of {@code values} (not changed), or null when there is none to measure with: no
   * values, or more than half of them equal (a median absolute deviation of 0).
   */
  static RobustSpread of(double[] values) {
    if (values.length == 0) {
      return null;
    }
    double[] work = values.clone();
    double median = median(work);
    for (int i = 0; i < work.length; i++) {
      work[i] = Math.abs(values[i] - median);
    }
    double sd = MAD_TO_SD * median(work);
    return sd > 0 ? new RobustSpread(median, sd) : null;
  }

  /**
   * How many robust standard deviations {@code value} lies above (positive) or below the median.
   */
  double distance(double value) {
    return (value - median) / sd;
  }

  /** Whether {@code value} lies more than {@link #FAR_OUT} robust standard deviations away. */
  boolean isFarOut(double value) {
    return Math.abs(distance(value)) > FAR_OUT;
  }

  /** Sorts {@code values} in place and returns their median. */
  private static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
