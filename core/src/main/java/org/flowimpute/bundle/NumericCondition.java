package org.flowimpute.bundle;

import java.util.List;

/**
 * A numeric condition, encoded as one column {@code (x - mean) / sd} with the survey-weighted mean
 * and standard deviation of the training data.
 *
 * @param name input column name
 * @param mean weighted mean of the training values
 * @param sd weighted (population) standard deviation of the training values, > 0
 */
public record NumericCondition(String name, double mean, double sd) implements ConditionSpec {

  /** Checks that the name is present and the statistics are usable. */
  public NumericCondition {
    Fields.requiredText(name, "name");
    Fields.finite(mean, "mean");
    Fields.positive(sd, "sd");
  }

  @Override
  public List<String> encodedColumns() {
    return List.of(name);
  }
}
