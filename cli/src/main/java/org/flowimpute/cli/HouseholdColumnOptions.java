package org.flowimpute.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.household.HouseholdFeature;
import org.flowimpute.household.HouseholdTotals;
import picocli.CommandLine;

/**
 * Usage checks of {@code train --household-id [--household-age]} against the other column options,
 * made before any data is read. The household id only groups records, so it may play no other role
 * ({@code --household-id income} had grouped the records by their income value); the age field
 * counts adults and children from known values, so it may be no target or weight (it may be a
 * condition); and a column may not be named like what a household model computes: a household
 * feature ({@code household_size}, whose listed values were silently replaced by the computed ones)
 * or a total {@code household_<target>_total} of a continuous target (a condition of that name was
 * read by {@code generate} and then replaced in its output by the total).
 */
final class HouseholdColumnOptions {

  private static final String ID = "--household-id";
  private static final String AGE = "--household-age";

  private HouseholdColumnOptions() {}

  /**
   * Refuses the first clash of the household options with the others.
   *
   * @param columns each column option ({@code --conditions}, {@code --targets}, {@code
   *     --categorical}, {@code --weight}, {@code --household-id}, {@code --household-age}) and the
   *     names it was given (empty when not given)
   * @param household the household context {@code train} would store
   * @param categorical the categorical columns (targets not among them get a household total)
   */
  static void require(
      CommandLine commandLine,
      Map<String, List<String>> columns,
      HouseholdContext household,
      Set<String> categorical) {
    String id = household.idField();
    List<String> age = columns.getOrDefault(AGE, List.of());
    if (age.contains(id)) {
      throw new CommandLine.ParameterException(
          commandLine,
          ID
              + " and "
              + AGE
              + " both name '"
              + id
              + "': the household id groups the records into households and the age field (a"
              + " number per person) counts each household's adults and children: name the age"
              + " column in "
              + AGE);
    }
    for (String option : List.of("--conditions", "--targets", "--categorical", "--weight")) {
      List<String> names = columns.getOrDefault(option, List.of());
      if (names.contains(id)) {
        throw new CommandLine.ParameterException(
            commandLine,
            ID
                + " '"
                + id
                + "' is also "
                + listedIn(option)
                + ": the household id only groups the records into households and can play no"
                + " other part: name the household id column in "
                + ID
                + ", or remove '"
                + id
                + "' from "
                + option);
      }
    }
    for (String option : List.of("--targets", "--weight")) {
      for (String field : age) {
        if (columns.getOrDefault(option, List.of()).contains(field)) {
          throw new CommandLine.ParameterException(
              commandLine,
              AGE
                  + " '"
                  + field
                  + "' is also "
                  + listedIn(option)
                  + ": the age field counts each household's adults and children from the ages"
                  + " its members have, "
                  + (option.equals("--weight")
                      ? "not from survey weights"
                      : "which no model imputes")
                  + ": name the age column in "
                  + AGE
                  + " (it may also be a condition)");
        }
      }
    }
    columns.forEach(
        (option, names) -> {
          requireNoFeature(commandLine, household, option, names);
          requireNoTotal(commandLine, columns.get("--targets"), categorical, option, names);
        });
  }

  private static String listedIn(String option) {
    return option.equals("--weight") ? "the --weight column" : "listed in " + option;
  }

  /**
   * Refuses a household feature of {@code household} listed in {@code names} (the value of {@code
   * option}): training computes it from each household's records and adds it as a condition, so a
   * column of that name would be ignored.
   */
  private static void requireNoFeature(
      CommandLine commandLine, HouseholdContext household, String option, List<String> names) {
    for (HouseholdFeature feature : household.features()) {
      if (names.contains(feature.name())) {
        throw new CommandLine.ParameterException(
            commandLine,
            option
                + " lists '"
                + feature.name()
                + "', which "
                + (feature.kind().equals(HouseholdFeature.SIZE) ? ID : AGE)
                + " computes from each household's records and adds as a condition (the column's"
                + " own values would be ignored): remove it from "
                + option);
      }
    }
  }

  /**
   * Refuses a name in {@code names} (the value of {@code option}) that is the household total of a
   * continuous target: {@code generate} and {@code impute} write that total under this name,
   * replacing an input column of the name after the model has read it.
   */
  private static void requireNoTotal(
      CommandLine commandLine,
      List<String> targets,
      Set<String> categorical,
      String option,
      List<String> names) {
    for (String target : targets) {
      String total = HouseholdTotals.fieldName(target);
      if (!categorical.contains(target) && names.contains(total)) {
        throw new CommandLine.ParameterException(
            commandLine,
            option
                + " lists '"
                + total
                + "', the name under which generate and impute write the sum of target '"
                + target
                + "' over each household's imputed persons (an input column of that name is"
                + " replaced by the total in their output, after the model has read it): rename"
                + " the column, or remove it from "
                + option);
      }
    }
  }
}
