package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate --dcr-columns} chooses the columns of the DCR and its copies of unique training
 * rows: the targets, the whole record (the default with {@code --model}) or a list. The training
 * table holds a row A and a row B with A's age and targets but another region, and the synthetic
 * table 40 copies of A: on the targets, or on age and the targets, A is not unique (B is as near),
 * so its copies are not counted; on the whole record they are, and flagged.
 */
class EvaluateDcrColumnsTest {

  @TempDir static Path temp;

  private static Path bundle;
  private static Path real;
  private static Path train;
  private static Path holdout;
  private static Path synthetic;

  @BeforeAll
  static void trainAndPlantCopies() throws IOException {
    Path data = temp.resolve("model-data.csv");
    Files.writeString(data, TrainGenerateCommandTest.table(600, 1, true));
    bundle = temp.resolve("bundle");
    TrainGenerateCommandTest.trainSmall(data, bundle).assertOk();
    real = write("real.csv", TrainGenerateCommandTest.table(300, 3, true).lines().toList());
    holdout = write("holdout.csv", TrainGenerateCommandTest.table(200, 4, true).lines().toList());
    List<String> trainLines =
        new ArrayList<>(TrainGenerateCommandTest.table(400, 5, true).lines().toList());
    String rowA = trainLines.get(7);
    String[] a = rowA.split(",");
    String otherRegion = a[2].equals("north") ? "south" : "north";
    trainLines.add(String.join(",", "b", a[1], otherRegion, a[3], a[4], a[5]));
    train = write("train.csv", trainLines);
    List<String> syntheticLines =
        new ArrayList<>(TrainGenerateCommandTest.table(300, 6, true).lines().toList());
    for (int i = 0; i < 40; i++) {
      syntheticLines.set(1 + 7 * i, rowA);
    }
    synthetic = write("synthetic.csv", syntheticLines);
  }

  private static Path write(String name, List<String> lines) throws IOException {
    Path path = temp.resolve(name);
    Files.write(path, lines);
    return path;
  }

  private static CommandRun evaluate(Path out, String... dcrColumns) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "evaluate",
                "--real",
                real.toString(),
                "--synthetic",
                synthetic.toString(),
                "--targets",
                "income,savings",
                "--weight",
                "w",
                "--train",
                train.toString(),
                "--holdout",
                holdout.toString(),
                "--model",
                bundle.toString(),
                "--draws",
                "1",
                "--out",
                out.toString()));
    return run(command, dcrColumns);
  }

  private static JsonNode metrics(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
  }

  private static JsonNode modelCopies(Path out) throws IOException {
    return metrics(out).get("methods").get(0).get("dcr").get("copies");
  }

  private static List<String> dcrColumns(Path out) throws IOException {
    List<String> columns = new ArrayList<>();
    metrics(out).get("inputs").get("dcr_columns").forEach(c -> columns.add(c.asText()));
    return columns;
  }

  @Test
  void theWholeRecordByDefaultFindsTheCopiesOfARowUniqueByItsConditions() throws IOException {
    Path out = temp.resolve("default");

    CommandRun result = evaluate(out);

    assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    assertEquals(List.of("age", "region", "income", "savings"), dcrColumns(out));
    JsonNode copies = modelCopies(out);
    assertEquals(40, copies.get("synthetic_copies").intValue(), copies.toString());
    assertEquals(40, copies.get("synthetic_most_copies").intValue(), copies.toString());
    assertEquals(7 - 1, copies.get("most_copied_row").intValue(), copies.toString());
    assertTrue(copies.get("flagged").booleanValue(), copies.toString());
    assertTrue(
        result.out().contains("DCR on age, region, income, savings (model): copies of unique real"),
        result.out());
    assertTrue(
        result
            .err()
            .strip()
            .endsWith("(DCR on age, region, income, savings, against --train " + train + ")"),
        result.err());
    String page = Files.readString(out.resolve("report.html"));
    assertTrue(page.contains("on the columns age, region, income, savings"), page);
    assertTrue(
        page.contains("Copies of unique training rows (DCR on age, region, income, savings)"));
  }

  @Test
  void theTargetsAloneDoNotFindThem() throws IOException {
    Path out = temp.resolve("targets");

    CommandRun result = evaluate(out, "--dcr-columns", "targets");

    assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    assertEquals(List.of("income", "savings"), dcrColumns(out));
    JsonNode copies = modelCopies(out);
    assertEquals(0, copies.get("synthetic_copies").intValue(), copies.toString());
    assertFalse(copies.get("flagged").booleanValue(), copies.toString());
    assertEquals("", result.err());
    assertTrue(result.out().contains("DCR on the targets only (model): "), result.out());
    assertTrue(
        Files.readString(out.resolve("report.html"))
            .contains("Copies of unique training rows (DCR on the targets)"));
  }

  @Test
  void aListComparesTheColumnsItNames() throws IOException {
    Path withoutRegion = temp.resolve("without-region");
    Path withRegion = temp.resolve("with-region");

    CommandRun ageAndTargets = evaluate(withoutRegion, "--dcr-columns", "savings,age,income");
    CommandRun regionAndSavings = evaluate(withRegion, "--dcr-columns", "region,savings");

    assertEquals(ExitCodes.OK, ageAndTargets.exitCode(), ageAndTargets.err());
    assertEquals(List.of("age", "income", "savings"), dcrColumns(withoutRegion));
    assertEquals(0, modelCopies(withoutRegion).get("synthetic_copies").intValue());
    assertEquals(ExitCodes.OK, regionAndSavings.exitCode(), regionAndSavings.err());
    assertEquals(List.of("region", "savings"), dcrColumns(withRegion));
    assertEquals(40, modelCopies(withRegion).get("synthetic_copies").intValue());
  }

  @Test
  void aColumnThatIsNeitherAConditionNorATargetIsAOneLineError() {
    CommandRun result = evaluate(temp.resolve("bad"), "--dcr-columns", "age,w");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.out());
    assertEquals(
        "--dcr-columns w: not a condition of --model "
            + bundle
            + " nor one of --targets; name conditions (age, region) or --targets columns, or use"
            + " all or targets",
        result.err().lines().findFirst().orElseThrow());
  }

  @Test
  void allWithoutAModelIsRefused() {
    CommandRun result =
        run(
            "evaluate",
            "--real",
            real.toString(),
            "--synthetic",
            synthetic.toString(),
            "--targets",
            "income,savings",
            "--holdout",
            holdout.toString(),
            "--dcr-columns",
            "all",
            "--out",
            temp.resolve("no-model").toString());

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.out());
    assertEquals(
        "--dcr-columns all: needs --model, which says which columns are conditions and how"
            + " they are encoded; without it the DCR compares the --targets only",
        result.err().lines().findFirst().orElseThrow());
  }

  @Test
  void theOptionWithoutAHoldoutIsRefused() {
    CommandRun result =
        run(
            "evaluate",
            "--real",
            real.toString(),
            "--synthetic",
            synthetic.toString(),
            "--targets",
            "income,savings",
            "--model",
            bundle.toString(),
            "--dcr-columns",
            "all",
            "--out",
            temp.resolve("no-holdout").toString());

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.out());
    assertEquals(
        "--dcr-columns needs --holdout: the DCR compares synthetic and holdout rows with the"
            + " training rows",
        result.err().lines().findFirst().orElseThrow());
  }
}
