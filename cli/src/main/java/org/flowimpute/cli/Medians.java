package org.flowimpute.cli;

import java.util.Collection;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * The median the benchmarks report of their timed runs: the middle value of an odd count and the
 * mean of the two middle values of an even one, so that {@code --repeat 4} does not report the
 * upper middle run as the median.
 */
final class Medians {

  private Medians() {}

  /** The median of {@code values}, which must not be empty. */
  static double of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("the median of no values is undefined");
    }
    return new Median().withEstimationType(EstimationType.R_7).evaluate(values);
  }

  /** The median of {@code values}, which must not be empty. */
  static double of(Collection<Double> values) {
    return of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
