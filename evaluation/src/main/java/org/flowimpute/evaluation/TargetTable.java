package org.flowimpute.evaluation;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.encode.FieldValues;

/**
 * The columns an evaluation compares, read once from a table: target values {@code [row][k]},
 * survey weights (null when unweighted), the category labels of the group-by columns and the
 * features of the record's other columns that the distance to closest record compares.
 *
 * @param targets target names, in column order of {@code values}
 * @param values target values per row
 * @param weights weight per row, or null (every row weight 1)
 * @param groups labels per row of each group-by column
 * @param dcrFeatures per row, the features of the columns other than the targets that the DCR
 *     compares (the conditions: one-hot categories and numbers), put before the targets in its
 *     points; no columns when the DCR compares targets only
 */
public record TargetTable(
    List<String> targets,
    double[][] values,
    double[] weights,
    Map<String, String[]> groups,
    double[][] dcrFeatures) {

  /** Checks that there are DCR features for every row. */
  public TargetTable {
    if (dcrFeatures.length != values.length) {
      throw new IllegalArgumentException(
          dcrFeatures.length + " rows of DCR features for a table of " + values.length + " rows");
    }
  }

  /** A table whose DCR compares targets only (no other columns' features). */
  public TargetTable(
      List<String> targets, double[][] values, double[] weights, Map<String, String[]> groups) {
    this(targets, values, weights, groups, new double[values.length][0]);
  }

  /**
   * Reads {@code rows}; {@code source} names the table in errors.
   *
   * @throws IllegalArgumentException naming the source, row and column of a missing or non-numeric
   *     value, or of a weight that is not positive
   */
  public static TargetTable of(
      List<GenericRecord> rows,
      List<String> targets,
      String weight,
      List<String> groupColumns,
      String source) {
    return of(rows, row -> "row " + (row + 1), targets, weight, groupColumns, source);
  }

  /**
   * Reads {@code rows}, whose errors name the table {@code source} and the row by {@code rowName}
   * (0-based index to a name such as {@code part-2.csv row 3}, for a table read from several
   * files).
   *
   * @throws IllegalArgumentException naming the source, row and column of a missing or non-numeric
   *     value, or of a weight that is not positive
   */
  public static TargetTable of(
      List<GenericRecord> rows,
      IntFunction<String> rowName,
      List<String> targets,
      String weight,
      List<String> groupColumns,
      String source) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(source + " has no rows");
    }
    if (new HashSet<>(targets).size() < targets.size()) {
      throw new IllegalArgumentException(
          "targets " + targets + " name a column more than once; each target counts once");
    }
    requireColumns(rows.get(0), targets, source);
    requireColumns(rows.get(0), groupColumns, source);
    if (weight != null) {
      requireColumns(rows.get(0), List.of(weight), source);
    }
    double[][] values = new double[rows.size()][targets.size()];
    double[] weights = weight == null ? null : new double[rows.size()];
    Map<String, String[]> groups = new LinkedHashMap<>();
    groupColumns.forEach(g -> groups.put(g, new String[rows.size()]));
    for (int r = 0; r < rows.size(); r++) {
      GenericRecord record = rows.get(r);
      String ref = source + " " + rowName.apply(r);
      for (int t = 0; t < targets.size(); t++) {
        values[r][t] = FieldValues.number(record.get(targets.get(t)), ref, targets.get(t));
        if (!Double.isFinite(values[r][t])) {
          throw new IllegalArgumentException(
              ref + ": target '" + targets.get(t) + "' must be finite, got " + values[r][t]);
        }
      }
      if (weights != null) {
        weights[r] = FieldValues.number(record.get(weight), ref, weight);
        if (!(weights[r] > 0) || !Double.isFinite(weights[r])) {
          throw new IllegalArgumentException(
              ref + ": weight '" + weight + "' must be positive and finite, got " + weights[r]);
        }
      }
      for (String g : groupColumns) {
        groups.get(g)[r] = FieldValues.category(record.get(g), ref, g);
      }
    }
    return new TargetTable(List.copyOf(targets), values, weights, groups);
  }

  private static void requireColumns(GenericRecord first, List<String> columns, String source) {
    for (String column : columns) {
      if (first.getSchema().getField(column) == null) {
        throw new IllegalArgumentException(
            source
                + " has no column '"
                + column
                + "' (columns: "
                + first.getSchema().getFields().stream().map(f -> f.name()).toList()
                + ")");
      }
    }
  }

  /** Number of rows. */
  public int rows() {
    return values.length;
  }

  /** Target {@code t} as a column. */
  public double[] column(int t) {
    double[] out = new double[values.length];
    for (int r = 0; r < values.length; r++) {
      out[r] = values[r][t];
    }
    return out;
  }

  /** A table with other target values for the same rows (same weights and groups). */
  public TargetTable withValues(double[][] newValues) {
    if (newValues.length != values.length) {
      throw new IllegalArgumentException(
          newValues.length + " rows of values for a table of " + values.length + " rows");
    }
    return new TargetTable(targets, newValues, weights, groups, dcrFeatures);
  }

  /**
   * The same table with these DCR features per row ({@link #dcrFeatures}); {@link #withValues}
   * keeps them, so a baseline's rows are the real rows' conditions with the baseline's targets.
   */
  public TargetTable withDcrFeatures(double[][] features) {
    return new TargetTable(targets, values, weights, groups, features);
  }

  /**
   * The points the DCR compares, one per row: the row's {@link #dcrFeatures}, then its values of
   * {@code dcrTargets} (a subset of {@link #targets}, in that order).
   */
  public double[][] dcrPoints(List<String> dcrTargets) {
    int[] columns = new int[dcrTargets.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = targets.indexOf(dcrTargets.get(i));
      if (columns[i] < 0) {
        throw new IllegalArgumentException(
            "DCR target '" + dcrTargets.get(i) + "' is not one of the targets " + targets);
      }
    }
    double[][] points = new double[values.length][];
    for (int r = 0; r < values.length; r++) {
      double[] point = Arrays.copyOf(dcrFeatures[r], dcrFeatures[r].length + columns.length);
      for (int i = 0; i < columns.length; i++) {
        point[dcrFeatures[r].length + i] = values[r][columns[i]];
      }
      points[r] = point;
    }
    return points;
  }

  /** The cell label of row {@code r}: its labels of {@code columns} joined. */
  public String cell(int r, List<String> columns) {
    StringBuilder key = new StringBuilder();
    for (String column : columns) {
      key.append(groups.get(column)[r]).append('|');
    }
    return key.toString();
  }
}
