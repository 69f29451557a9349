package org.flowimpute.training.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.household.HouseholdFeature;
import org.flowimpute.table.RowNames;
import org.flowimpute.table.TableReader;

/**
 * Reads the training table of a household-aware model ({@code train --household-id}): the whole
 * table in memory (a household's records need not be contiguous), each record with its household's
 * features. Like {@link TrainingTable#read}, it refuses a missing column before reading any row and
 * names a bad row by its file and row there; a feature that comes out the same on every row is
 * refused pointing at the household options, since the user did not list it as a condition.
 */
final class HouseholdTrainingTable {

  private HouseholdTrainingTable() {}

  /**
   * Reads {@code file} (a file or a glob), with the reader {@code open} returns for it, for {@code
   * columns}, whose conditions end with the features of {@code household}.
   */
  static TrainingTable read(
      Path file,
      TrainingColumns columns,
      HouseholdContext household,
      Function<Path, TableReader> open)
      throws IOException {
    List<GenericRecord> records = new ArrayList<>();
    RowNames names = new RowNames();
    try (TableReader reader = open.apply(file)) {
      TrainingTable.checkColumns(file, reader.schema(), columnsRead(columns, household));
      while (reader.hasNext()) {
        records.add(reader.next());
        names.add(reader);
      }
    }
    TrainingTable table =
        TrainingTable.of(
            household.addFeaturesToAll(records, names::of), columns, names::of, file.toString());
    for (HouseholdFeature feature : household.features()) {
      requireVaries(table, feature, household.idField(), file);
    }
    return table;
  }

  /**
   * The columns the file must have: the household id, the fields the features read (the age) and
   * the training columns but the computed features.
   */
  private static List<String> columnsRead(TrainingColumns columns, HouseholdContext household) {
    Set<String> names = new LinkedHashSet<>();
    names.add(household.idField());
    for (HouseholdFeature feature : household.features()) {
      if (!feature.field().isEmpty()) {
        names.add(feature.field());
      }
    }
    names.addAll(columns.allColumns());
    household.featureNames().forEach(names::remove);
    return List.copyOf(names);
  }

  /**
   * Refuses a feature with one value on every row: as a condition it carries no information, and
   * the condition check would ask to drop a column the user never listed.
   */
  private static void requireVaries(
      TrainingTable table, HouseholdFeature feature, String idField, Path file) {
    double[] values = table.numbers(feature.name());
    double first = values[0];
    for (double value : values) {
      if (value != first) {
        return;
      }
    }
    String count = String.format(Locale.ROOT, "%.0f", first);
    if (!feature.kind().equals(HouseholdFeature.SIZE)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "--household-age %s: every household in %s has %s members with %s %s %s (%s is %s"
                  + " on every row), so it carries no information; check the age column, or"
                  + " train without --household-age",
              feature.field(),
              file,
              count,
              feature.field(),
              feature.kind().equals(HouseholdFeature.COUNT_BELOW) ? "<" : ">=",
              String.format(Locale.ROOT, "%.0f", feature.threshold()),
              feature.name(),
              count));
    }
    String households;
    String advice;
    if (first == 1) {
      households = "every household in " + file + " has one member (no two rows share a value)";
      advice = "check that " + idField + " holds household ids (not person ids), or ";
    } else if (first == table.rows()) {
      households =
          "all " + table.rows() + " rows of " + file + " are one household (they share one value)";
      advice = "check that " + idField + " holds household ids, or ";
    } else {
      households = "every household in " + file + " has " + count + " members";
      advice = "";
    }
    throw new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "--household-id %s: %s, so %s is %s on every row and carries no information: %strain"
                + " without --household-id",
            idField,
            households,
            feature.name(),
            count,
            advice));
  }
}
