package org.flowimpute.cli;

import java.util.List;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.household.HouseholdFeature;
import picocli.CommandLine;

/**
 * Usage checks of the column names {@code train} is given (--conditions, --targets, --categorical,
 * --weight, the household fields), made before any data is read: a name with a space before or
 * after it (a column name never has one, so {@code --conditions 'age, region'} was reported as
 * "column 'region' is listed as categorical but is neither a condition nor a target"), and a
 * household feature listed as a column (its values were silently replaced by the computed ones).
 */
final class ColumnOptions {

  private ColumnOptions() {}

  /**
   * Refuses a name of {@code names} (the value of {@code option}, split at commas) with a leading
   * or trailing space, naming it as typed.
   */
  static void requireTrimmed(CommandLine commandLine, String option, List<String> names) {
    for (String name : names) {
      if (!name.equals(name.strip())) {
        throw new CommandLine.ParameterException(
            commandLine,
            option
                + ": the column name '"
                + name
                + "' (as typed) has a space "
                + (name.equals(name.stripLeading()) ? "after" : "before")
                + " it, and column names have none: write "
                + option
                + " "
                + String.join(",", names.stream().map(String::strip).toList())
                + (names.size() > 1 ? " (no spaces around the commas)" : ""));
      }
    }
  }

  /**
   * Refuses a household feature of {@code household} listed in {@code names} (the value of {@code
   * option}): training computes it from each household's records and adds it as a condition, so a
   * column of that name would be ignored.
   */
  static void requireNoFeature(
      CommandLine commandLine, HouseholdContext household, String option, List<String> names) {
    for (HouseholdFeature feature : household.features()) {
      if (names.contains(feature.name())) {
        throw new CommandLine.ParameterException(
            commandLine,
            option
                + " lists '"
                + feature.name()
                + "', which "
                + (feature.kind().equals(HouseholdFeature.SIZE)
                    ? "--household-id"
                    : "--household-age")
                + " computes from each household's records and adds as a condition (the column's"
                + " own values would be ignored): remove it from "
                + option);
      }
    }
  }
}
