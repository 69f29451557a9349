package org.flowimpute.training.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which columns of the training table play which role: conditions (demographics), targets (what is
 * imputed), which of them are categorical, and the optional survey weight column.
 *
 * @param conditions condition columns in encoding order
 * @param targets target columns in output order
 * @param categorical columns (conditions or targets) to treat as categories
 * @param weight the weight column, or null for equal weights
 */
public record TrainingColumns(
    List<String> conditions, List<String> targets, Set<String> categorical, String weight) {

  /** Checks that the roles do not overlap. */
  public TrainingColumns {
    conditions = List.copyOf(conditions);
    targets = List.copyOf(targets);
    categorical = Set.copyOf(categorical);
    if (conditions.isEmpty()) {
      throw new IllegalArgumentException("at least one condition column is needed (--conditions)");
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("at least one target column is needed (--targets)");
    }
    Set<String> seen = new HashSet<>();
    for (String name : conditions) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException("column '" + name + "' is listed twice as a condition");
      }
    }
    Set<String> targetNames = new HashSet<>();
    for (String name : targets) {
      if (seen.contains(name)) {
        throw new IllegalArgumentException(
            "column '" + name + "' is listed both as a condition and as a target");
      }
      if (!targetNames.add(name)) {
        throw new IllegalArgumentException("column '" + name + "' is listed twice as a target");
      }
    }
    for (String name : categorical) {
      if (!seen.contains(name) && !targetNames.contains(name)) {
        throw new IllegalArgumentException(
            "column '"
                + name
                + "' is listed as categorical but is neither a condition nor a target");
      }
    }
    if (weight != null && (seen.contains(weight) || targetNames.contains(weight))) {
      throw new IllegalArgumentException(
          "column '" + weight + "' cannot be the weight and a condition or target");
    }
  }

  /** The weight column, if any. */
  public Optional<String> weightColumn() {
    return Optional.ofNullable(weight);
  }

  /** Every column the training reads. */
  public List<String> allColumns() {
    List<String> all = new ArrayList<>(conditions);
    all.addAll(targets);
    weightColumn().ifPresent(all::add);
    return all;
  }

  /** Whether {@code column} is categorical. */
  public boolean isCategorical(String column) {
    return categorical.contains(column);
  }
}
