package org.flowimpute.pipelines.io;

import java.io.Serializable;
import java.util.List;
import org.flowimpute.pipelines.values.ConditionField;
import org.flowimpute.pipelines.values.ModelFields;

/**
 * The model's condition columns each CSV file's header must hold, and where the job's record schema
 * comes from: a file whose header lacks a column the schema has (the first file's header had it)
 * has each row set aside as a {@code decode} {@code missing_field} dead letter naming the file and
 * the column as absent from its header ({@link CsvRowDecoder}); validation would have called each
 * row's value "null or empty".
 *
 * @param names the condition columns (not those the model computes, such as household features)
 * @param schemaOrigin where the job's record schema comes from, as messages name it (e.g. "that of
 *     in/a.csv")
 */
public record ConditionColumns(List<String> names, String schemaOrigin) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Copies the names. */
  public ConditionColumns {
    names = List.copyOf(names);
  }

  /** No column to check (no model). */
  static final ConditionColumns NONE = new ConditionColumns(List.of(), "");

  /** The condition columns of {@code model} (none if null) for a schema from {@code origin}. */
  static ConditionColumns of(ModelFields model, String origin) {
    return model == null
        ? NONE
        : new ConditionColumns(
            model.conditions().stream()
                .map(ConditionField::name)
                .filter(name -> !model.computes(name))
                .toList(),
            origin);
  }
}
