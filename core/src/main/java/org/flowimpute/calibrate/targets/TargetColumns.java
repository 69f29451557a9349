package org.flowimpute.calibrate.targets;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Checks that the records have every column a targets file reads, naming the target: a misspelt
 * column was reported as "no field 'wage_incme' in the data" without the target that named it, and
 * a stream took such a file and left every window uncalibrated.
 */
public final class TargetColumns {

  private TargetColumns() {}

  /**
   * Checks every column {@code targets} read (their class column, {@code by} columns and the
   * columns of shares, totals, means and histograms) against {@code schema}.
   *
   * @throws IllegalArgumentException naming the first target that reads a column {@code schema}
   *     lacks
   */
  public static void requireIn(TargetsFile targets, Schema schema) {
    if (targets.classColumn() != null) {
      requireField(schema, targets.classColumn(), "classColumn");
    }
    List<TargetSpec> all = new ArrayList<>(targets.targets());
    all.addAll(targets.householdTargets());
    for (TargetSpec target : all) {
      String reader = "target '" + target.name() + "'";
      for (String column : target.categoricalColumns()) {
        requireField(schema, column, reader);
      }
      for (String column : target.numericColumns()) {
        requireField(schema, column, reader);
      }
    }
  }

  private static void requireField(Schema schema, String column, String reader) {
    if (schema.getField(column) == null) {
      throw new IllegalArgumentException(
          reader
              + " reads column '"
              + column
              + "', which the data do not have (fields: "
              + schema.getFields().stream().map(Schema.Field::name).toList()
              + ")");
    }
  }
}
