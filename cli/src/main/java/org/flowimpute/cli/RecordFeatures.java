package org.flowimpute.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.CategoricalTarget;
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
  private final List<String> numeric;
  private final List<TargetSpec> targets;

  private RecordFeatures(ConditionSynthesis synthesis, List<TargetSpec> targets) {
    this.categorical = synthesis.categorical();
    this.levels = new ArrayList<>();
    for (int k = 0; k < categorical.size(); k++) {
      TreeSet<String> values = new TreeSet<>();
      for (ConditionSynthesis.Cell cell : synthesis.cells()) {
        values.add(cell.categories().get(k));
      }
      levels.add(List.copyOf(values));
    }
    this.numeric =
        synthesis.numeric().stream().map(ConditionSynthesis.NumericMarginal::name).toList();
    this.targets = List.copyOf(targets);
  }

  static RecordFeatures of(ConditionSynthesis synthesis, List<TargetSpec> targets) {
    return new RecordFeatures(synthesis, targets);
  }

  /** The features of {@code record}; every condition and target must be present. */
  double[] of(GenericRecord record, String ref) {
    List<Double> out = new ArrayList<>();
    for (int k = 0; k < categorical.size(); k++) {
      String value = FieldValues.category(field(record, categorical.get(k), ref), ref, "");
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

  private static Object field(GenericRecord record, String name, String ref) {
    Schema.Field field = record.getSchema().getField(name);
    if (field == null || record.get(field.pos()) == null) {
      throw new IllegalArgumentException(ref + ": column '" + name + "' is missing or empty");
    }
    return record.get(field.pos());
  }
}
