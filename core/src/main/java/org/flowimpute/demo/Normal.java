package org.flowimpute.demo;

import org.apache.commons.math3.special.Erf;

/** The standard normal distribution function, accurate in both tails. */
final class Normal {
  private static final double SQRT_HALF = Math.sqrt(0.5);

  private Normal() {}

  /** Φ(x). */
  static double cdf(double x) {
    return 0.5 * Erf.erfc(-x * SQRT_HALF);
  }
}
