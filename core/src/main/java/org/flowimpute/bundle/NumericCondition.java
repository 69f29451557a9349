package org.flowimpute.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A numeric condition, encoded as one column {@code (x - mean) / sd} with the survey-weighted mean
 * and standard deviation of the training data. Since format 1.6 the manifest also stores the
 * smallest and largest training value ({@code training_range}), so that inference can say when a
 * record lies outside what the model has seen (it still imputes it, by extrapolation).
 *
 * @param name input column name
 * @param mean weighted mean of the training values
 * @param sd weighted (population) standard deviation of the training values, > 0
 * @param trainingRange the smallest and largest training value, {@code [min, max]}, or empty when
 *     unknown (format 1.5 and older)
 */
public record NumericCondition(
    String name,
    double mean,
    double sd,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Double> trainingRange)
    implements ConditionSpec {

  /** Checks that the name is present and the statistics and range are usable. */
  public NumericCondition {
    Fields.requiredText(name, "name");
    Fields.finite(mean, "mean");
    Fields.positive(sd, "sd");
    trainingRange = List.copyOf(Fields.requiredList(trainingRange, "training_range"));
    if (!trainingRange.isEmpty()) {
      checkRange(trainingRange);
    }
  }

  /** A condition whose training range is unknown (as in bundles before format 1.6). */
  public NumericCondition(String name, double mean, double sd) {
    this(name, mean, sd, List.of());
  }

  /** A condition whose training values lay between {@code min} and {@code max}. */
  public NumericCondition(String name, double mean, double sd, double min, double max) {
    this(name, mean, sd, List.of(min, max));
  }

  private static void checkRange(List<Double> range) {
    if (range.size() != 2) {
      throw new IllegalArgumentException(
          "field 'training_range' must hold [min, max], got " + range.size() + " values");
    }
    Fields.finite(range.get(0), "training_range[0]");
    if (!(Fields.finite(range.get(1), "training_range[1]") >= range.get(0))) {
      throw new IllegalArgumentException(
          "field 'training_range' must hold [min, max] with min <= max, got " + range);
    }
  }

  /** Whether the manifest says which values training saw (format 1.6). */
  public boolean hasTrainingRange() {
    return !trainingRange.isEmpty();
  }

  /** The smallest training value; only with {@link #hasTrainingRange()}. */
  public double trainingMin() {
    return trainingRange.get(0);
  }

  /** The largest training value; only with {@link #hasTrainingRange()}. */
  public double trainingMax() {
    return trainingRange.get(1);
  }

  @Override
  public List<String> encodedColumns() {
    return List.of(name);
  }
}
