package org.flowimpute.encode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.TargetSpec;

/**
 * Finds records whose numeric conditions lie outside the range the model was trained on (an age of
 * 200, a missing-code 999), which the model imputes by extrapolation without a word, and, for a
 * model trained with {@code --missing-targets}, records whose observed continuous targets do (a
 * wage of 1e7 the model conditions on): counts them per column, remembers the first, and describes
 * them in one warning line. Columns whose training range the manifest does not give (conditions in
 * bundles before format 1.6, targets before 1.2) are never outside; an absent or null observed
 * target is missing, not outside.
 */
public final class OutOfRangeValues {
  private final List<Ranged> ranged;
  private final Map<String, Ranged> byName = new HashMap<>();
  private final FirstOccurrences<Double> outside = new FirstOccurrences<>();

  private OutOfRangeValues(List<Ranged> ranged) {
    this.ranged = ranged;
    ranged.forEach(column -> byName.put(column.name(), column));
  }

  /** A tally for the numeric conditions among {@code conditions} that have a training range. */
  public static OutOfRangeValues of(List<ConditionSpec> conditions) {
    return new OutOfRangeValues(List.copyOf(conditionRanges(conditions)));
  }

  /**
   * A tally for a model's ranged numeric conditions and, if it takes observed targets, its
   * continuous targets whose training range the manifest gives.
   */
  public static OutOfRangeValues of(Manifest manifest) {
    List<Ranged> ranged = conditionRanges(manifest.conditions());
    if (manifest.observedTargets()) {
      for (TargetSpec target : manifest.targets()) {
        if (target instanceof ContinuousTarget continuous) {
          continuous
              .trainingValueRange()
              .ifPresent(r -> ranged.add(new Ranged(target.name(), r.get(0), r.get(1), target)));
        }
      }
    }
    return new OutOfRangeValues(List.copyOf(ranged));
  }

  private static List<Ranged> conditionRanges(List<ConditionSpec> conditions) {
    List<Ranged> ranged = new ArrayList<>();
    for (ConditionSpec condition : conditions) {
      if (condition instanceof NumericCondition numeric && numeric.hasTrainingRange()) {
        ranged.add(new Ranged(numeric.name(), numeric.trainingMin(), numeric.trainingMax(), null));
      }
    }
    return ranged;
  }

  /**
   * Whether a value of {@code record} lies outside its training range (not tallied). Runs once per
   * imputed record in the pipelines, so it stops at the first such value and allocates nothing.
   *
   * @param recordRef how to name the record in errors
   * @throws EncodingException if a condition value is not a number (as encoding would)
   */
  public boolean anyOutside(GenericRecord record, String recordRef) {
    for (Ranged column : ranged) {
      if (column.isOutside(column.value(record, recordRef))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Tallies the values of {@code record} that lie outside their training range.
   *
   * @param recordRef how to name the record in the warning ("in.csv row 5")
   * @throws EncodingException if a condition value is not a number (as encoding would)
   */
  public void note(GenericRecord record, String recordRef) {
    for (Ranged column : ranged) {
      double value = column.value(record, recordRef);
      if (column.isOutside(value)) {
        outside.note(column.name(), recordRef, value);
      }
    }
  }

  /** The number of records tallied with column {@code name} outside its range. */
  public long count(String name) {
    return outside.count(name);
  }

  /**
   * One line saying, per column with values outside its training range, on how many records, the
   * first of them with its value, and the range; empty when there were none.
   */
  public Optional<String> warning() {
    if (outside.isEmpty()) {
      return Optional.empty();
    }
    boolean conditions = false;
    boolean targets = false;
    for (String name : outside.columns()) {
      conditions |= byName.get(name).target() == null;
      targets |= byName.get(name).target() != null;
    }
    String what =
        conditions && targets
            ? "condition and observed target values"
            : conditions ? "condition values" : "observed target values";
    return Optional.of(
        "warning: "
            + what
            + " outside the training range, imputed by extrapolation: "
            + outside.describe(
                (name, value) ->
                    text(value)
                        + "; trained on "
                        + text(byName.get(name).min())
                        + ".."
                        + text(byName.get(name).max())));
  }

  private static String text(double value) {
    return FieldValues.category(value, "", "");
  }

  /**
   * A column with a training range: a numeric condition ({@code target} null), or an observed
   * target ({@code target} its spec), which a record may lack.
   */
  private record Ranged(String name, double min, double max, TargetSpec target) {
    /**
     * The column's number in {@code record}; NaN (never outside) for a missing target (absent,
     * null, {@code NA}, NaN: {@link ObservedTargetEncoder#isMissing}).
     */
    double value(GenericRecord record, String recordRef) {
      if (target != null) {
        Schema.Field field = record.getSchema().getField(name);
        Object value = field == null ? null : record.get(field.pos());
        return ObservedTargetEncoder.isMissing(target, value)
            ? Double.NaN
            : FieldValues.number(value, recordRef, name);
      }
      return FieldValues.number(record.get(name), recordRef, name);
    }

    boolean isOutside(double value) {
      return value < min || value > max;
    }
  }
}
