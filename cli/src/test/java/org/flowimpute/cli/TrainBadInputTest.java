package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input stops {@code train} before fitting, with one line naming column (and row). */
class TrainBadInputTest {

  @TempDir Path temp;

  private String goodCsv() {
    return TrainGenerateCommandTest.table(80, 3, true);
  }

  private CommandRun train(String csv, String... extra) throws Exception {
    Path data = temp.resolve("data.csv");
    Files.writeString(data, csv);
    return CommandRun.run(
        java.util.List.of(
            "train",
            "--data",
            data.toString(),
            "--out",
            temp.resolve("b").toString(),
            "--epochs",
            "1",
            "--no-progress"),
        extra);
  }

  private static void assertOneLine(CommandRun result, String... parts) {
    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    String line = result.err().strip();
    assertEquals(1, line.lines().count(), result.err());
    for (String part : parts) {
      assertTrue(line.contains(part), "'" + part + "' missing in: " + line);
    }
  }

  private CommandRun trainDefault(String csv) throws Exception {
    return train(csv, TrainGenerateCommandTest.TABLE_COLUMNS.toArray(String[]::new));
  }

  @Test
  void missingColumn() throws Exception {
    assertOneLine(
        train(goodCsv(), "--conditions", "age,height", "--targets", "income"),
        "column 'height' not found");
  }

  @Test
  void nonNumericValueInNumericColumn() throws Exception {
    String csv = goodCsv().replaceFirst("\np5,(\\d+),", "\np5,old,");
    assertOneLine(trainDefault(csv), "row 6", "'age'", "expected a number", "old");
  }

  /**
   * A text column of categories used as a condition but not listed in --categorical: the error
   * names the file and says how to declare it (it said only "row 1: ... expected a number").
   */
  @Test
  void categoryTextInAConditionNotDeclaredCategorical() throws Exception {
    assertOneLine(
        train(goodCsv(), "--conditions", "age,region", "--targets", "income"),
        "data.csv row 1: field 'region': expected a number, got '",
        "(if the column holds categories, list it in --categorical)");
  }

  /**
   * A row with a wrong number of cells names its file as given, as a bad value does: {@code train
   * --data bad/ragged.csv} said "--data ragged.csv row 11", a bad age in the same file "bad/... row
   * 5"; in a glob it said "--data g1/*.csv: b.csv row 10".
   */
  @Test
  void aRaggedRowNamesItsFileAsGivenAlsoInAGlob() throws Exception {
    Path sub = Files.createDirectories(temp.resolve("bad"));
    Files.writeString(sub.resolve("a.csv"), goodCsv());
    Files.writeString(sub.resolve("b.csv"), goodCsv().replaceFirst("\np9,", "\np9,extra,"));
    Path ragged = Path.of("").toAbsolutePath().relativize(sub.resolve("b.csv"));
    Path glob = ragged.resolveSibling("*.csv");
    String problem = " row 10: expected 6 cells as in the header, got 7";

    CommandRun relative = trainOn(ragged);
    CommandRun absolute = trainOn(sub.resolve("b.csv"));
    CommandRun inGlob = trainOn(glob);

    assertEquals("error: --data " + ragged + problem, relative.err().strip());
    assertEquals("error: --data " + sub.resolve("b.csv") + problem, absolute.err().strip());
    assertEquals("error: --data " + glob + ": " + ragged + problem, inGlob.err().strip());
    assertEquals(ExitCodes.FAILURE, inGlob.exitCode());
  }

  private CommandRun trainOn(Path data) {
    return CommandRun.run(
        java.util.List.of(
            "train",
            "--data",
            data.toString(),
            "--out",
            temp.resolve("b").toString(),
            "--epochs",
            "1",
            "--no-progress"),
        TrainGenerateCommandTest.TABLE_COLUMNS.toArray(String[]::new));
  }

  @Test
  void nanInCondition() throws Exception {
    String csv = goodCsv().replaceFirst("\np9,(\\d+),", "\np9,NaN,");
    assertOneLine(trainDefault(csv), "row 10", "'age'", "finite");
  }

  @Test
  void infinityInCondition() throws Exception {
    String csv = goodCsv().replaceFirst("\np9,(\\d+),", "\np9,Infinity,");
    assertOneLine(trainDefault(csv), "row 10", "'age'", "finite");
  }

  /** age and a categorical target code with {@code categories} values, each on 3 rows. */
  private static String manyCategories(int categories) {
    StringBuilder csv = new StringBuilder("age,code\n");
    for (int i = 0; i < 3 * categories; i++) {
      csv.append(20 + i % 60).append(",c").append(i % categories).append('\n');
    }
    return csv.toString();
  }

  @Test
  void aCategoricalTargetWithMoreThan128CategoriesTrains() throws Exception {
    CommandRun result =
        train(
            manyCategories(200),
            "--conditions",
            "age",
            "--targets",
            "code",
            "--categorical",
            "code");

    assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    assertEquals(
        200,
        org.flowimpute.bundle.ModelBundle.load(temp.resolve("b"))
            .manifest()
            .targets()
            .get(0)
            .gateStates()
            .size());
  }

  @Test
  void aCategoricalTargetWithMoreThan256CategoriesIsRefused() throws Exception {
    assertOneLine(
        train(
            manyCategories(300),
            "--conditions",
            "age",
            "--targets",
            "code",
            "--categorical",
            "code"),
        "target 'code' has 300 categories",
        "at most 256");
  }

  /**
   * A categorical condition whose one-hot encoding cannot be held (40,000 rows x 14,000 levels: 2.1
   * GiB, over half the tests' 4 GiB heap) is refused naming it; it was an OutOfMemoryError or an
   * overflowed number.
   */
  @Test
  void aConditionTooWideToEncodeIsRefusedNamingIt() throws Exception {
    StringBuilder csv = new StringBuilder("zip,income\n");
    for (int i = 0; i < 40_000; i++) {
      csv.append('z').append(i % 14_000).append(',').append(i % 7 * 100).append('\n');
    }
    assertOneLine(
        train(csv.toString(), "--conditions", "zip", "--targets", "income", "--categorical", "zip"),
        "the encoded conditions would take",
        "condition 'zip' alone encodes to",
        "group its rare categories");
  }

  /** Network sizes outside their range are usage errors naming the option. */
  @Test
  void networkSizesOutOfRangeAreUsageErrors() throws Exception {
    CommandRun defaults = trainDefault(goodCsv());
    CommandRun tooManyLayers =
        train(goodCsv(), concat(TrainGenerateCommandTest.TABLE_COLUMNS, "--layers", "100000"));
    CommandRun tooWide =
        train(goodCsv(), concat(TrainGenerateCommandTest.TABLE_COLUMNS, "--hidden", "2147483647"));

    assertEquals(ExitCodes.OK, defaults.exitCode(), defaults.err());
    assertEquals(ExitCodes.USAGE, tooManyLayers.exitCode(), tooManyLayers.err());
    assertTrue(
        tooManyLayers.err().startsWith("--layers must be in 1..64, got 100000"),
        tooManyLayers.err());
    assertEquals(ExitCodes.USAGE, tooWide.exitCode(), tooWide.err());
    assertTrue(
        tooWide.err().startsWith("--hidden must be in 1..4096, got 2147483647"), tooWide.err());
  }

  private static String[] concat(java.util.List<String> first, String... more) {
    java.util.List<String> all = new java.util.ArrayList<>(first);
    all.addAll(java.util.List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void constantTarget() throws Exception {
    StringBuilder csv = new StringBuilder("age,income\n");
    for (int i = 0; i < 80; i++) {
      csv.append(20 + i).append(",5\n");
    }
    assertOneLine(
        train(csv.toString(), "--conditions", "age", "--targets", "income"),
        "'income'",
        "constant");
  }

  @Test
  void allZeroTarget() throws Exception {
    StringBuilder csv = new StringBuilder("age,income\n");
    for (int i = 0; i < 80; i++) {
      csv.append(20 + i).append(",0\n");
    }
    assertOneLine(train(csv.toString(), "--conditions", "age", "--targets", "income"), "'income'");
  }

  @Test
  void negativeWeight() throws Exception {
    String csv = replaceWeight(goodCsv(), 12, "-1.5");
    assertOneLine(trainDefault(csv), "row 12", "'w'", "weight must be > 0");
  }

  @Test
  void zeroWeight() throws Exception {
    String csv = replaceWeight(goodCsv(), 4, "0");
    assertOneLine(trainDefault(csv), "row 4", "'w'", "weight must be > 0");
  }

  @Test
  void tooFewRows() throws Exception {
    String csv = TrainGenerateCommandTest.table(20, 3, true);
    assertOneLine(trainDefault(csv), "only 20 rows", "at least 50");
    assertOneLine(
        trainDefault(TrainGenerateCommandTest.table(1, 3, true)), "only 1 row in", "at least 50");
  }

  /**
   * Errors in the column options are usage errors (exit 2): the message and where the options are
   * described; they exited 1 as if the data were at fault.
   */
  @Test
  void targetAlsoConditionAndOtherColumnListErrorsAreUsageErrors() throws Exception {
    String[][] cases = {
      {"--conditions", "age,income", "--targets", "income"},
      {"--conditions", "age,age", "--targets", "income"},
      {"--conditions", "age", "--targets", "income,income"},
      {"--conditions", "age", "--targets", "income", "--categorical", "region"},
    };
    String[] messages = {
      "column 'income' is listed both as a condition and as a target",
      "column 'age' is listed twice as a condition",
      "column 'income' is listed twice as a target",
      "column 'region' is listed as categorical but is neither a condition nor a target",
    };
    for (int c = 0; c < cases.length; c++) {
      CommandRun result = train(goodCsv(), cases[c]);

      assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
      assertEquals(
          messages[c] + "\nRun 'flowimpute train --help' for the options.", result.err().strip());
    }
    assertFalse(Files.exists(temp.resolve("b")));
  }

  private static String replaceWeight(String csv, int row, String weight) {
    String[] lines = csv.split("\n");
    String line = lines[row];
    lines[row] = line.substring(0, line.lastIndexOf(',') + 1) + weight;
    return String.join("\n", lines) + "\n";
  }
}
