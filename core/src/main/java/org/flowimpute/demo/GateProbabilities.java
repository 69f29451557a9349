package org.flowimpute.demo;

/**
 * The probabilities of the three gate states of one target for one person or cell.
 *
 * @param negative P(x &lt; 0)
 * @param zero P(x = 0)
 * @param positive P(x &gt; 0)
 */
public record GateProbabilities(double negative, double zero, double positive) {

  /** A two-state gate: zero or positive. */
  public static GateProbabilities zeroOrPositive(double positive) {
    return new GateProbabilities(0.0, 1.0 - positive, positive);
  }

  /** The probability of {@code state}. */
  public double of(GateState state) {
    return switch (state) {
      case NEGATIVE -> negative;
      case ZERO -> zero;
      case POSITIVE -> positive;
    };
  }
}
