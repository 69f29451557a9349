package org.flowimpute.calibrate.targets;

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
      requireField(schema, targets.classColumn(), "classColumn", "");
    }
    requireIn(targets.targets(), "targets", schema);
    requireIn(targets.householdTargets(), "householdTargets", schema);
  }

  private static void requireIn(List<TargetSpec> targets, String list, Schema schema) {
    for (int t = 0; t < targets.size(); t++) {
      TargetSpec target = targets.get(t);
      String reader = TargetLabel.named(list, target.name());
      String place = " (at " + list + "[" + t + "])";
      for (String column : target.categoricalColumns()) {
        requireField(schema, column, reader, place);
      }
      for (String column : target.numericColumns()) {
        requireField(schema, column, reader, place);
      }
    }
  }

  private static void requireField(Schema schema, String column, String reader, String place) {
    if (schema.getField(column) == null) {
      throw new IllegalArgumentException(
          reader
              + " reads column '"
              + column
              + "', which the data do not have (fields: "
              + schema.getFields().stream().map(Schema.Field::name).toList()
              + ")"
              + place);
    }
  }
}
