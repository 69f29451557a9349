package org.flowimpute.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.CategoricalTarget;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.TargetSpec;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.synth.ConditionSynthesis;

/**
 * The feature vector of a whole record (conditions and targets) for the distance to closest record
 * of {@code synthesize --real}: categorical conditions and categorical targets one-hot, numeric
 * conditions and continuous targets as numbers (the DCR puts them on a signed-log scale and
 * standardizes them).
 */
final class RecordFeatures {
  private final List<String> categorical;
  private final List<List<String>> levels;
  private final List<List<String>> known;
  private final List<Boolean> pooled;
  private final List<String> numeric;
  private final List<TargetSpec> targets;

  private RecordFeatures(ConditionSynthesis synthesis, Manifest manifest) {
    this.categorical = synthesis.categorical();
    this.known = new ArrayList<>();
    this.pooled = new ArrayList<>();
    for (String name : categorical) {
      CategoricalCondition condition =
          manifest.conditions().stream()
              .filter(spec -> spec.name().equals(name))
              .map(CategoricalCondition.class::cast)
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "synthesis.json names the condition '"
                              + name
                              + "', which the model does not have"));
      known.add(condition.categories());
      pooled.add(condition.hasPooledCategories());
    }
    this.levels = new ArrayList<>();
    for (int k = 0; k < categorical.size(); k++) {
      TreeSet<String> values = new TreeSet<>();
      for (ConditionSynthesis.Cell cell : synthesis.cells()) {
        values.add(cell.categories().get(k));
      }
      if (pooled.get(k)) {
        values.add(CategoricalCondition.OTHER_LEVEL);
      }
      levels.add(List.copyOf(values));
    }
    this.numeric =
        synthesis.numeric().stream().map(ConditionSynthesis.NumericMarginal::name).toList();
    this.targets = List.copyOf(manifest.targets());
  }

  static RecordFeatures of(ConditionSynthesis synthesis, Manifest manifest) {
    return new RecordFeatures(synthesis, manifest);
  }

  /** The features of {@code record}; every condition and target must be present. */
  double[] of(GenericRecord record, String ref) {
    List<Double> out = new ArrayList<>();
    for (int k = 0; k < categorical.size(); k++) {
      String value = knownCategory(record, k, ref);
      for (String level : levels.get(k)) {
        out.add(level.equals(value) ? 1.0 : 0.0);
      }
    }
    for (String name : numeric) {
      out.add(FieldValues.number(field(record, name, ref), ref, name));
    }
    for (TargetSpec target : targets) {
      Object value = field(record, target.name(), ref);
      if (target instanceof CategoricalTarget categoricalTarget) {
        String category = FieldValues.category(value, ref, target.name());
        for (String level : categoricalTarget.categories()) {
          out.add(level.equals(category) ? 1.0 : 0.0);
        }
      } else {
        out.add(FieldValues.number(value, ref, target.name()));
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * The category of condition {@code k} of {@code record}, as the model's encoder finds it ({@code
   * 1.0} is the category {@code 1}); one the bundle does not name is its pooled level {@value
   * CategoricalCondition#OTHER_LEVEL} where a synthesis bundle pooled rare categories (never drawn,
   * so such a real record is unlike every synthetic one there), and otherwise refused: it matched
   * no level, so the record counted as unlike every other (regions written {@code SOUTH} moved the
   * held-out DCR from 0.93 to 0.45 without a word).
   */
  private String knownCategory(GenericRecord record, int k, String ref) {
    String name = categorical.get(k);
    List<String> categories = known.get(k);
    String value = FieldValues.category(field(record, name, ref), ref, name);
    String found = FieldValues.knownCategory(value, categories::contains);
    if (!categories.contains(found) && pooled.get(k)) {
      return CategoricalCondition.OTHER_LEVEL;
    }
    if (!categories.contains(found)) {
      throw new IllegalArgumentException(
          ref
              + ": field '"
              + name
              + "': category '"
              + value
              + "' is not one the model knows ("
              + String.join(", ", categories)
              + ")");
    }
    return found;
  }

  private static Object field(GenericRecord record, String name, String ref) {
    Schema.Field field = record.getSchema().getField(name);
    if (field == null) {
      throw new IllegalArgumentException(
          ref
              + ": no column '"
              + name
              + "' (the model's condition or target; columns: "
              + record.getSchema().getFields().stream().map(Schema.Field::name).toList()
              + ")");
    }
    if (record.get(field.pos()) == null) {
      throw new IllegalArgumentException(ref + ": column '" + name + "' is empty");
    }
    return record.get(field.pos());
  }
}
