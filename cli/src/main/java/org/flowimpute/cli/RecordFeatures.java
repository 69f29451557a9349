package org.flowimpute.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.CategoricalTarget;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.TargetSpec;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.synth.ConditionSynthesis;

/**
 * The feature vector of a record for the distance to closest record: of the whole record
 * (conditions and targets) for {@code synthesize --real}, of the conditions {@code evaluate
 * --dcr-columns} compares beside its targets. Categorical conditions and categorical targets are
 * one-hot, numeric conditions and continuous targets numbers (the DCR puts every feature on a
 * signed-log scale and standardizes it).
 */
final class RecordFeatures {

  /** One column's features. */
  private sealed interface Column permits NumberColumn, ConditionLevels, TargetLevels {
    void append(GenericRecord record, String ref, List<Double> out);
  }

  /** A numeric condition or continuous target: its value. */
  private record NumberColumn(String name) implements Column {
    @Override
    public void append(GenericRecord record, String ref, List<Double> out) {
      out.add(FieldValues.number(field(record, name, ref), ref, name));
    }
  }

  /**
   * A categorical condition, one-hot over {@code levels}: the category as the model's encoder finds
   * it among {@code known} ({@code 1.0} is the category {@code 1}); one the model does not know is
   * the {@value CategoricalCondition#OTHER_LEVEL} level where {@code levels} has it (a synthesis
   * bundle's pooled categories, or a model that encodes unknown values), and otherwise refused: it
   * matched no level, so the record counted as unlike every other (regions written {@code SOUTH}
   * moved the held-out DCR of synthesize from 0.93 to 0.45 without a word).
   */
  private record ConditionLevels(String name, List<String> known, List<String> levels)
      implements Column {
    @Override
    public void append(GenericRecord record, String ref, List<Double> out) {
      String value = FieldValues.category(field(record, name, ref), ref, name);
      String found = FieldValues.knownCategory(value, known::contains);
      if (!known.contains(found) && levels.contains(CategoricalCondition.OTHER_LEVEL)) {
        found = CategoricalCondition.OTHER_LEVEL;
      } else if (!known.contains(found)) {
        throw new IllegalArgumentException(
            ref
                + ": field '"
                + name
                + "': category '"
                + value
                + "' is not one the model knows ("
                + String.join(", ", known)
                + ")");
      }
      for (String level : levels) {
        out.add(level.equals(found) ? 1.0 : 0.0);
      }
    }
  }

  /** A categorical target, one-hot over its categories. */
  private record TargetLevels(String name, List<String> levels) implements Column {
    @Override
    public void append(GenericRecord record, String ref, List<Double> out) {
      String category = FieldValues.category(field(record, name, ref), ref, name);
      for (String level : levels) {
        out.add(level.equals(category) ? 1.0 : 0.0);
      }
    }
  }

  private final List<Column> columns;

  private RecordFeatures(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  /**
   * The whole record as {@code synthesize --real} compares it: the categorical conditions of {@code
   * synthesis}, one-hot over the categories its cells release (and the pooled level where the
   * bundle pooled rare categories), its numeric conditions, then every target of the model.
   */
  static RecordFeatures of(ConditionSynthesis synthesis, Manifest manifest) {
    List<Column> columns = new ArrayList<>();
    List<String> categorical = synthesis.categorical();
    for (int k = 0; k < categorical.size(); k++) {
      String name = categorical.get(k);
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
      TreeSet<String> levels = new TreeSet<>();
      for (ConditionSynthesis.Cell cell : synthesis.cells()) {
        levels.add(cell.categories().get(k));
      }
      if (condition.hasPooledCategories()) {
        levels.add(CategoricalCondition.OTHER_LEVEL);
      }
      columns.add(new ConditionLevels(name, condition.categories(), List.copyOf(levels)));
    }
    for (ConditionSynthesis.NumericMarginal numeric : synthesis.numeric()) {
      columns.add(new NumberColumn(numeric.name()));
    }
    for (TargetSpec target : manifest.targets()) {
      columns.add(
          target instanceof CategoricalTarget categoricalTarget
              ? new TargetLevels(target.name(), categoricalTarget.categories())
              : new NumberColumn(target.name()));
    }
    return new RecordFeatures(columns);
  }

  /**
   * The {@code conditions} of the model, in that order, encoded as its encoder does: a categorical
   * condition one-hot over its categories (and the {@value CategoricalCondition#OTHER_LEVEL} level
   * where the model maps unknown values there), a numeric one as its number.
   */
  static RecordFeatures conditions(Manifest manifest, List<String> conditions) {
    List<Column> columns = new ArrayList<>();
    for (String name : conditions) {
      ConditionSpec spec =
          manifest.conditions().stream()
              .filter(condition -> condition.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalArgumentException("the model has no condition '" + name + "'"));
      if (spec instanceof CategoricalCondition categorical) {
        List<String> levels = new ArrayList<>(categorical.categories());
        if (categorical.hasOtherLevel()) {
          levels.add(CategoricalCondition.OTHER_LEVEL);
        }
        columns.add(new ConditionLevels(name, categorical.categories(), levels));
      } else {
        columns.add(new NumberColumn(name));
      }
    }
    return new RecordFeatures(columns);
  }

  /** The features of {@code record}; every column must be present. */
  double[] of(GenericRecord record, String ref) {
    List<Double> out = new ArrayList<>();
    for (Column column : columns) {
      column.append(record, ref, out);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
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
