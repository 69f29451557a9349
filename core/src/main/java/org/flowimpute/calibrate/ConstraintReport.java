package org.flowimpute.calibrate;

/**
 * How one constraint came out.
 *
 * @param name constraint name
 * @param statistic what it measures
 * @param loss loss kind
 * @param target t (ratio constraints: the target ratio m)
 * @param achieved achieved value in the same units as {@code target}
 * @param relativeError |achieved sum − target sum| / max(|t|, Σ w|F|); 0 inside a band
 * @param multiplier dual variable η_k
 * @param status "solved", "implied" (redundant, met through the others) or "trivial" (empty, 0)
 */
public record ConstraintReport(
    String name,
    String statistic,
    String loss,
    double target,
    double achieved,
    double relativeError,
    double multiplier,
    String status) {

  /**
   * Whether this row is not a target of the user's but the count that holds a softened mean's or
   * share's group at its weight ({@link HeldGroupWeights}).
   */
  public boolean holdsGroupWeight() {
    return name.endsWith(HeldGroupWeights.SUFFIX);
  }
}
