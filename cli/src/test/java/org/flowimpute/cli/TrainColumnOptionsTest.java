package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowimpute.bundle.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code train} says about the column names it is given (spaces, household options that clash
 * with the other column options) and about a target value far out of the rest.
 */
class TrainColumnOptionsTest {

  @TempDir Path temp;

  private CommandRun train(String csv, String... options) throws Exception {
    Path data = temp.resolve("data.csv");
    Files.writeString(data, csv);
    return CommandRun.run(
        List.of(
            "train",
            "--data",
            data.toString(),
            "--out",
            temp.resolve("b").toString(),
            "--epochs",
            "1",
            "--hidden",
            "8",
            "--layers",
            "1",
            "--no-progress"),
        options);
  }

  private static String firstLine(CommandRun result) {
    return result.err().lines().findFirst().orElse("");
  }

  /**
   * {@code 'age, region'} was refused as "column 'region' is listed as categorical but is neither a
   * condition nor a target".
   */
  @Test
  void aSpaceAfterACommaIsAUsageErrorNamingTheNameAsTyped() throws Exception {
    CommandRun result =
        train(
            TrainGenerateCommandTest.table(80, 1, true),
            "--conditions",
            "age, region",
            "--categorical",
            "region",
            "--targets",
            "income");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertEquals(
        "--conditions: the column name ' region' (as typed) has a space before it, and column"
            + " names have none: write --conditions age,region (no spaces around the commas)",
        firstLine(result));
  }

  @Test
  void aTrailingSpaceIsAUsageError() throws Exception {
    CommandRun result =
        train(
            TrainGenerateCommandTest.table(80, 1, true),
            "--conditions",
            "age",
            "--targets",
            "income ");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertEquals(
        "--targets: the column name 'income ' (as typed) has a space after it, and column names"
            + " have none: write --targets income",
        firstLine(result));
  }

  /** The listed column was silently replaced by the computed household_size. */
  @Test
  void aHouseholdFeatureListedAsAConditionIsAUsageError() throws Exception {
    CommandRun result =
        train(
            "hid,household_size,age,income\n1,2,30,100\n",
            "--conditions",
            "age,household_size",
            "--targets",
            "income",
            "--household-id",
            "hid");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertEquals(
        "--conditions lists 'household_size', which --household-id computes from each household's"
            + " records and adds as a condition (the column's own values would be ignored):"
            + " remove it from --conditions",
        firstLine(result));
  }

  /** Households of 2 and 3 persons with adults and children, two targets and a weight. */
  private static String households() {
    StringBuilder csv = new StringBuilder("hid,pid,age,sex,income,benefit,weight\n");
    for (int person = 0; person < 90; person++) {
      int household = person * 2 / 5;
      csv.append("H")
          .append(household)
          .append(",P")
          .append(person)
          .append(',')
          .append(5 + person % 7 * 9)
          .append(',')
          .append(person % 2)
          .append(',')
          .append(person % 4 == 0 ? 0 : 1000 + 37 * person)
          .append(',')
          .append(person % 5 == 0 ? 120 : 0)
          .append(',')
          .append(1 + person % 3)
          .append('\n');
    }
    return csv.toString();
  }

  private CommandRun trainHouseholds(String... options) throws Exception {
    return train(households(), options);
  }

  /**
   * A condition named like the household total of a target was read by generate as a condition and
   * then replaced in its output by the computed total.
   */
  @Test
  void aConditionNamedLikeAHouseholdTotalIsAUsageError() throws Exception {
    CommandRun result =
        train(
            households().replace(",weight\n", ",household_benefit_total\n"),
            "--conditions",
            "age,household_benefit_total",
            "--targets",
            "income,benefit",
            "--household-id",
            "hid",
            "--household-age",
            "age");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertEquals(
        "--conditions lists 'household_benefit_total', the name under which generate and impute"
            + " write the sum of target 'benefit' over each household's imputed persons (an input"
            + " column of that name is replaced by the total in their output, after the model has"
            + " read it): rename the column, or remove it from --conditions",
        firstLine(result));
  }

  /**
   * The weight, like a condition, may not be named like a total (a categorical target has none).
   */
  @Test
  void theWeightNamedLikeAHouseholdTotalIsAUsageErrorButNotForACategoricalTarget()
      throws Exception {
    String csv = households().replace(",weight\n", ",household_income_total\n");

    CommandRun result =
        train(
            csv,
            "--conditions",
            "age",
            "--targets",
            "income",
            "--weight",
            "household_income_total",
            "--household-id",
            "hid");
    CommandRun categorical =
        train(
            csv.replace(",household_income_total\n", ",household_benefit_total\n"),
            "--conditions",
            "age",
            "--targets",
            "income,benefit",
            "--categorical",
            "benefit",
            "--weight",
            "household_benefit_total",
            "--household-id",
            "hid");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertTrue(
        firstLine(result).startsWith("--weight lists 'household_income_total', the name under"),
        result.err());
    categorical.assertOk();
  }

  /** --household-id income grouped the records by their income value into households. */
  @Test
  void theHouseholdIdAsATargetIsAUsageError() throws Exception {
    CommandRun result =
        trainHouseholds("--conditions", "age", "--targets", "income", "--household-id", "income");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertEquals(
        "--household-id 'income' is also listed in --targets: the household id only groups the"
            + " records into households and can play no other part: name the household id column"
            + " in --household-id, or remove 'income' from --targets",
        firstLine(result));
  }

  @Test
  void theHouseholdIdAsAConditionOrTheWeightIsAUsageError() throws Exception {
    CommandRun condition =
        trainHouseholds(
            "--conditions",
            "age,hid",
            "--categorical",
            "hid",
            "--targets",
            "income",
            "--household-id",
            "hid");
    CommandRun weight =
        trainHouseholds(
            "--conditions",
            "sex",
            "--targets",
            "income",
            "--weight",
            "age",
            "--household-id",
            "age");

    assertEquals(ExitCodes.USAGE, condition.exitCode(), condition.err());
    assertTrue(
        firstLine(condition).startsWith("--household-id 'hid' is also listed in --conditions: "),
        condition.err());
    assertEquals(ExitCodes.USAGE, weight.exitCode(), weight.err());
    assertTrue(
        firstLine(weight).startsWith("--household-id 'age' is also the --weight column: "),
        weight.err());
  }

  /** It failed reading the data: "field 'hid': expected a number, got 'H0'". */
  @Test
  void theHouseholdIdAsTheAgeFieldIsAUsageError() throws Exception {
    CommandRun result =
        trainHouseholds(
            "--conditions",
            "age",
            "--targets",
            "income",
            "--household-id",
            "hid",
            "--household-age",
            "hid");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertEquals(
        "--household-id and --household-age both name 'hid': the household id groups the records"
            + " into households and the age field (a number per person) counts each household's"
            + " adults and children: name the age column in --household-age",
        firstLine(result));
  }

  @Test
  void theAgeFieldAsATargetIsAUsageErrorAndAsAConditionIsNot() throws Exception {
    CommandRun target =
        trainHouseholds(
            "--conditions",
            "sex",
            "--targets",
            "income,age",
            "--household-id",
            "hid",
            "--household-age",
            "age");
    CommandRun condition =
        trainHouseholds(
            "--conditions",
            "age",
            "--targets",
            "income",
            "--weight",
            "weight",
            "--household-id",
            "hid",
            "--household-age",
            "age");

    assertEquals(ExitCodes.USAGE, target.exitCode(), target.err());
    assertEquals(
        "--household-age 'age' is also listed in --targets: the age field counts each household's"
            + " adults and children from the ages its members have, which no model imputes: name"
            + " the age column in --household-age (it may also be a condition)",
        firstLine(target));
    condition.assertOk();
  }

  /**
   * One income of 1e30 among ordinary ones trains silently into a model whose log scale is
   * stretched to reach it (one of 1e300 gave sigma 11.3 instead of 0.83 and imputations of 1e23).
   */
  @Test
  void aTargetValueFarOutOfTheRestIsAWarningNamingItsRow() throws Exception {
    String csv = TrainGenerateCommandTest.table(300, 1, true);
    List<String> lines = csv.lines().toList();
    String[] cells = lines.get(6).split(",");
    cells[3] = "1e30";
    String edited = csv.replace(lines.get(6), String.join(",", cells));
    assertFalse(edited.equals(csv));

    CommandRun result =
        train(edited, "--conditions", "age", "--targets", "income", "--max-atoms", "0");

    result.assertOk();
    String warning = firstLine(result);
    assertTrue(
        warning.startsWith(
            "warning: target 'income': " + temp.resolve("data.csv") + " row 6 has 1.0E30, "),
        result.err());
    assertEquals(
        warning.substring("warning: ".length()),
        ModelBundle.load(temp.resolve("b")).manifest().training().settings().get("warnings"));
  }

  @Test
  void ordinaryTargetsTrainWithoutAWarning() throws Exception {
    CommandRun result =
        train(
            TrainGenerateCommandTest.table(300, 1, true),
            "--conditions",
            "age",
            "--targets",
            "income");

    result.assertOk();
    assertEquals("", result.err());
  }
}
