package org.flowimpute.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * Usage checks of the column names {@code train} is given (--conditions, --targets, --categorical,
 * --weight, the household fields), made before any data is read: a name with a space before or
 * after it (a column name never has one, so {@code --conditions 'age, region'} was reported as
 * "column 'region' is listed as categorical but is neither a condition nor a target"). The
 * household options' own checks are {@link HouseholdColumnOptions}.
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
}
