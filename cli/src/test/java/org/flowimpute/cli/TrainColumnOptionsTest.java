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
 * What {@code train} says about the column names it is given (spaces, household features listed as
 * columns) and about a target value far out of the rest.
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
