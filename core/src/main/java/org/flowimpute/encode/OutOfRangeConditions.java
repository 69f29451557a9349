package org.flowimpute.encode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.NumericCondition;

/**
 * Finds records whose numeric conditions lie outside the range the model was trained on (an age of
 * 200, a missing-code 999), which the model imputes by extrapolation without a word: counts them
 * per condition, remembers the first, and describes them in one warning line. Conditions whose
 * training range the manifest does not give (bundles before format 1.6) are never outside.
 */
public final class OutOfRangeConditions {
  private final List<NumericCondition> ranged;
  private final Map<String, Outside> outside = new LinkedHashMap<>();

  private OutOfRangeConditions(List<NumericCondition> ranged) {
    this.ranged = ranged;
  }

  /** A tally for the numeric conditions among {@code conditions} that have a training range. */
  public static OutOfRangeConditions of(List<ConditionSpec> conditions) {
    List<NumericCondition> ranged = new ArrayList<>();
    for (ConditionSpec condition : conditions) {
      if (condition instanceof NumericCondition numeric && numeric.hasTrainingRange()) {
        ranged.add(numeric);
      }
    }
    return new OutOfRangeConditions(List.copyOf(ranged));
  }

  /**
   * Whether a numeric condition of {@code record} lies outside its training range (not tallied).
   * Runs once per imputed record in the pipelines, so it stops at the first such condition and
   * allocates nothing.
   *
   * @param recordRef how to name the record in errors
   * @throws EncodingException if a condition value is not a number (as encoding would)
   */
  public boolean anyOutside(GenericRecord record, String recordRef) {
    for (NumericCondition condition : ranged) {
      String name = condition.name();
      if (condition.isOutsideTrainingRange(FieldValues.number(record.get(name), recordRef, name))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Tallies the conditions of {@code record} that lie outside their training range.
   *
   * @param recordRef how to name the record in the warning ("in.csv row 5")
   * @throws EncodingException if a condition value is not a number (as encoding would)
   */
  public void note(GenericRecord record, String recordRef) {
    for (NumericCondition condition : ranged) {
      String name = condition.name();
      double value = FieldValues.number(record.get(name), recordRef, name);
      if (condition.isOutsideTrainingRange(value)) {
        outside.computeIfAbsent(name, n -> new Outside(condition, recordRef, value)).count++;
      }
    }
  }

  /** The number of records tallied with {@code condition} outside its range. */
  public long count(String condition) {
    Outside found = outside.get(condition);
    return found == null ? 0 : found.count;
  }

  /**
   * One line saying, per condition with values outside its training range, on how many records, the
   * first of them with its value, and the range; empty when there were none.
   */
  public Optional<String> warning() {
    if (outside.isEmpty()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    for (Outside found : outside.values()) {
      NumericCondition condition = found.condition;
      parts.add(
          condition.name()
              + " on "
              + found.count
              + (found.count == 1 ? " row" : " rows")
              + " (first "
              + found.firstRef
              + ": "
              + text(found.firstValue)
              + "; trained on "
              + text(condition.trainingMin())
              + ".."
              + text(condition.trainingMax())
              + ")");
    }
    return Optional.of(
        "warning: condition values outside the training range, imputed by extrapolation: "
            + String.join("; ", parts));
  }

  private static String text(double value) {
    return FieldValues.category(value, "", "");
  }

  /** What was seen of one condition outside its range. */
  private static final class Outside {
    private final NumericCondition condition;
    private final String firstRef;
    private final double firstValue;
    private long count;

    Outside(NumericCondition condition, String firstRef, double firstValue) {
      this.condition = condition;
      this.firstRef = firstRef;
      this.firstValue = firstValue;
    }
  }
}
