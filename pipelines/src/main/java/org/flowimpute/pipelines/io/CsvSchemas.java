package org.flowimpute.pipelines.io;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.flowimpute.pipelines.values.ConditionField;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.TargetField;
import org.flowimpute.table.CsvColumnNames;

/**
 * The Avro schema of CSV records, from the header and the model: CSV has no types, the model knows
 * them. Numeric conditions, continuous targets and the weight are {@code double}; every other
 * column (and a column of a field the model computes, such as {@code household_size}) is a {@code
 * string}; all are nullable (an empty cell is null) so that validation, not decoding, reports
 * missing values. Columns keep the header's order.
 */
public final class CsvSchemas {

  /** Name of the record schema of CSV inputs. */
  public static final String RECORD_NAME = "CsvRecord";

  private CsvSchemas() {}

  /**
   * @throws IllegalArgumentException if a column name repeats or is not a valid Avro field name
   */
  public static Schema forHeader(List<String> header, ModelFields model) {
    Set<String> seen = new HashSet<>();
    List<Schema.Field> fields = new ArrayList<>();
    for (int index = 0; index < header.size(); index++) {
      String column = header.get(index);
      if (!seen.add(column)) {
        throw new IllegalArgumentException("CSV header names column '" + column + "' twice");
      }
      Schema type = nullable(isNumber(column, model) ? Schema.Type.DOUBLE : Schema.Type.STRING);
      try {
        fields.add(new Schema.Field(column, type, null, Schema.Field.NULL_DEFAULT_VALUE));
      } catch (SchemaParseException e) {
        throw new IllegalArgumentException(
            "CSV header: " + CsvColumnNames.problem(column, index), e);
      }
    }
    return Schema.createRecord(
        RECORD_NAME,
        "Rows of a CSV file typed by model " + model.modelId(),
        "org.flowimpute.input",
        false,
        fields);
  }

  /**
   * Whether {@code column} holds numbers for {@code model}. A target column counts only for a model
   * that keeps the targets records hold: any other model replaces the column, so its cells are read
   * as text and a cell such as {@code NA} does not make the row a dead letter. Likewise a column of
   * a field the model computes (a household feature, though a numeric condition, or total): its
   * cells are never read, so a cell such as {@code 8+} in {@code household_size} does not make the
   * row, and with it its whole household, a dead letter.
   */
  static boolean isNumber(String column, ModelFields model) {
    if (model.computes(column)) {
      return false;
    }
    ConditionField condition = model.condition(column);
    if (condition != null) {
      return condition.numeric();
    }
    TargetField target = model.target(column);
    if (target != null) {
      return model.observedTargets() && target.numeric();
    }
    return column.equals(model.weightField());
  }

  private static Schema nullable(Schema.Type type) {
    return Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(type));
  }
}
