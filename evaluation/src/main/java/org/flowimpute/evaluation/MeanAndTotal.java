package org.flowimpute.evaluation;

/**
 * The level of one target, synthetic against real: weighted means and, when both tables are
 * weighted, weighted totals Σ w·x, with their signed relative errors (synthetic / real − 1).
 * Statistics offices publish totals and means first, and a total 5 % low showed only as a KS of
 * 0.02. Where the real mean is 0 (up to rounding) a relative error is not defined and is null; the
 * difference of the means scaled by the real values' weighted standard deviation is given for every
 * target, so a target whose real mean is 0 or small against its spread is still compared.
 * Documented in docs/evaluation.md (metrics.json, {@code mean_and_total}).
 *
 * @param meanReal weighted mean of the real values
 * @param meanSynthetic weighted mean of the synthetic values
 * @param meanRelativeError meanSynthetic / meanReal − 1, or null when the real mean is 0
 * @param standardizedMeanDifference (meanSynthetic − meanReal) / the real values' weighted standard
 *     deviation, or null when every real value is the same
 * @param totalReal Σ w·x of the real rows, or null when either table is unweighted
 * @param totalSynthetic Σ w·x of the synthetic rows, or null when either table is unweighted
 * @param totalRelativeError totalSynthetic / totalReal − 1, or null when there are no totals or the
 *     real mean is 0
 */
public record MeanAndTotal(
    double meanReal,
    double meanSynthetic,
    Double meanRelativeError,
    Double standardizedMeanDifference,
    Double totalReal,
    Double totalSynthetic,
    Double totalRelativeError) {

  /**
   * A real mean whose magnitude is at most this share of the real values' mean magnitude is 0 up to
   * rounding (values 0.1, 0.2 and −0.3 sum to 5.6e-17, not 0).
   */
  static final double ZERO_MEAN_TOLERANCE = 1e-9;

  /**
   * The level of {@code synthetic} against {@code real}; weights null: every row weight 1, and no
   * totals (a sum of unweighted rows counts the sample, not a population).
   */
  public static MeanAndTotal of(
      double[] real, double[] realWeights, double[] synthetic, double[] syntheticWeights) {
    Sums r = Sums.of(real, realWeights);
    Sums s = Sums.of(synthetic, syntheticWeights);
    double meanReal = r.weightedSum / r.weight;
    double meanSynthetic = s.weightedSum / s.weight;
    boolean realMeanIsZero =
        Math.abs(meanReal) <= ZERO_MEAN_TOLERANCE * (r.weightedAbsoluteSum / r.weight);
    double sd = Math.sqrt(centeredVariance(real, realWeights, meanReal, r.weight));
    boolean totals = realWeights != null && syntheticWeights != null;
    return new MeanAndTotal(
        meanReal,
        meanSynthetic,
        realMeanIsZero ? null : meanSynthetic / meanReal - 1,
        r.constant ? null : (meanSynthetic - meanReal) / sd,
        totals ? r.weightedSum : null,
        totals ? s.weightedSum : null,
        totals && !realMeanIsZero ? s.weightedSum / r.weightedSum - 1 : null);
  }

  private static double centeredVariance(
      double[] values, double[] weights, double mean, double weight) {
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      double d = values[i] - mean;
      sum += (weights == null ? 1 : weights[i]) * d * d;
    }
    return sum / weight;
  }

  /**
   * Σw, Σw·x and Σw·|x| of one table's column, and whether all its values are the same (a computed
   * mean of equal values may differ from them in the last digit, leaving a spread of rounding).
   */
  private record Sums(
      double weight, double weightedSum, double weightedAbsoluteSum, boolean constant) {

    static Sums of(double[] values, double[] weights) {
      if (values.length == 0) {
        throw new IllegalArgumentException("no values to average");
      }
      if (weights != null && weights.length != values.length) {
        throw new IllegalArgumentException(
            values.length + " values but " + weights.length + " weights");
      }
      double weight = 0;
      double sum = 0;
      double absolute = 0;
      boolean constant = true;
      for (int i = 0; i < values.length; i++) {
        double w = weights == null ? 1 : weights[i];
        weight += w;
        sum += w * values[i];
        absolute += w * Math.abs(values[i]);
        constant &= values[i] == values[0];
      }
      return new Sums(weight, sum, absolute, constant);
    }
  }
}
