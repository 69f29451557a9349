package org.flowimpute.calibrate;

import java.util.Collection;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.encode.FieldValues;

/**
 * Builds {@link CalibrationData} from Avro records (as read by {@code org.flowimpute.table} or held
 * by a pipeline window), taking only the columns the targets need.
 *
 * <p>Numbers may be int, long, float or double fields, or text holding a decimal number (as CSV
 * columns with a non-numeric cell are read), parsed by {@link FieldValues#number}; categories are
 * any field's string form (so a region coded 1..9 works as a category); a numeric field's levels
 * match a target level by number ("0.0" is the level "0"). Missing, non-numeric and non-finite
 * values are rejected naming the first such row, the field and the value, because calibration has
 * no sensible default for them; so are base weights and numbers outside the solver's safe range
 * ({@link CalibrationData#MAX_MAGNITUDE}).
 */
public final class RecordColumns {

  private RecordColumns() {}

  /** The data set of {@code records} with base weights from {@code weightField}. */
  public static CalibrationData toData(
      List<? extends GenericRecord> records,
      String weightField,
      Collection<String> numericFields,
      Collection<String> categoricalFields) {
    return toData(
        records, row -> "row " + (row + 1), weightField, numericFields, categoricalFields);
  }

  /**
   * The data set of {@code records} with base weights from {@code weightField}; errors name the
   * {@code i}th record (0-based) {@code rowName.apply(i)}, e.g. its file and row.
   */
  public static CalibrationData toData(
      List<? extends GenericRecord> records,
      IntFunction<String> rowName,
      String weightField,
      Collection<String> numericFields,
      Collection<String> categoricalFields) {
    int n = records.size();
    if (n == 0) {
      throw new IllegalArgumentException("no records to calibrate");
    }
    Schema schema = records.get(0).getSchema();
    requireField(schema, weightField);
    double[] weights = numbers(records, rowName, weightField);
    CalibrationData.Builder builder =
        CalibrationData.withBaseWeights(weights, rowName, weightField);
    for (String field : numericFields) {
      requireField(schema, field);
      builder.numeric(field, numbers(records, rowName, field));
    }
    for (String field : categoricalFields) {
      if (numericFields.contains(field)) {
        throw new IllegalArgumentException(
            "column '" + field + "' is used both as a number and as a category");
      }
      requireField(schema, field);
      String[] values = new String[n];
      for (int row = 0; row < n; row++) {
        Object value = records.get(row).get(field);
        if (value == null) {
          throw new IllegalArgumentException(
              rowName.apply(row) + ", field '" + field + "': expected a category, found no value");
        }
        values[row] = categoryOf(value);
      }
      if (isNumeric(schema.getField(field).schema())) {
        builder.categoricalNumbers(field, values);
      } else {
        builder.categorical(field, values);
      }
    }
    return builder.build();
  }

  /** A category's label; whole floating-point numbers print without ".0" (3.0 is category "3"). */
  private static String categoryOf(Object value) {
    if ((value instanceof Double || value instanceof Float)
        && ((Number) value).doubleValue() == Math.rint(((Number) value).doubleValue())
        && Math.abs(((Number) value).doubleValue()) < 1e15) {
      return Long.toString((long) ((Number) value).doubleValue());
    }
    return value.toString();
  }

  /** Whether the field holds numbers (int, long, float or double, possibly nullable). */
  private static boolean isNumeric(Schema schema) {
    return switch (schema.getType()) {
      case INT, LONG, FLOAT, DOUBLE -> true;
      case UNION ->
          schema.getTypes().stream()
              .allMatch(branch -> branch.getType() == Schema.Type.NULL || isNumeric(branch));
      default -> false;
    };
  }

  private static void requireField(Schema schema, String field) {
    if (schema.getField(field) == null) {
      throw new IllegalArgumentException(
          "no field '"
              + field
              + "' in the data (fields: "
              + schema.getFields().stream().map(Schema.Field::name).toList()
              + ")");
    }
  }

  /**
   * The field's numbers, row by row; text holding a number counts (a CSV column that is not numeric
   * in every row is read as text), and the first row that holds no finite number fails.
   */
  private static double[] numbers(
      List<? extends GenericRecord> records, IntFunction<String> rowName, String field) {
    double[] values = new double[records.size()];
    for (int row = 0; row < values.length; row++) {
      values[row] = FieldValues.number(records.get(row).get(field), rowName.apply(row), field);
    }
    return values;
  }
}
