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
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate --holdout} reports the copies of unique training rows beside the mean DCR ratio
 * and warns of the model's when they exceed what new real data shows: 100 copies among 10,000
 * records moved the ratio from 0.881 to 0.876 without a word.
 */
class EvaluateCopiesTest {

  @TempDir Path dir;

  /** Rows (w, wage, savings) with amounts of a continuous law: no two rows coincide. */
  private static List<String> rows(int n, SplittableRandom random) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          String.format(
              Locale.ROOT,
              "1,%.2f,%.2f",
              Math.exp(10 + random.nextGaussian()),
              (random.nextBoolean() ? -1 : 1) * Math.exp(7 + random.nextGaussian())));
    }
    return out;
  }

  private Path table(String name, List<String> rows) throws IOException {
    Path path = dir.resolve(name);
    List<String> lines = new ArrayList<>(List.of("w,wage,savings"));
    lines.addAll(rows);
    Files.write(path, lines);
    return path;
  }

  private CommandRun evaluate(Path train, Path synthetic, Path holdout, Path out) {
    return run(
        "evaluate",
        "--real",
        train.toString(),
        "--synthetic",
        synthetic.toString(),
        "--holdout",
        holdout.toString(),
        "--targets",
        "wage,savings",
        "--weight",
        "w",
        "--out",
        out.toString());
  }

  private static JsonNode copies(Path out, int method) throws IOException {
    return new ObjectMapper()
        .readTree(out.resolve("metrics.json").toFile())
        .get("methods")
        .get(method)
        .get("dcr")
        .get("copies");
  }

  @Test
  void freshRecordsAreNotFlaggedAndTheHotDeckIs() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    Path train = table("train.csv", rows(400, random));
    Path holdout = table("holdout.csv", rows(200, random));
    Path synthetic = table("synthetic.csv", rows(1000, random));
    Path out = dir.resolve("report");

    CommandRun result = evaluate(train, synthetic, holdout, out);

    assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    assertEquals("", result.err());
    assertTrue(
        result
            .out()
            .contains(
                "DCR on the targets only (model): copies of unique real records (within 1e-06 of a"
                    + " real record no other real record is as near): synthetic 0 of 1000"),
        result.out());
    JsonNode model = copies(out, 0);
    assertEquals(0, model.get("synthetic_copies").intValue(), model.toString());
    assertFalse(model.get("flagged").booleanValue(), model.toString());
    // the hot-deck draws whole donor rows: its records copy the training rows' targets
    JsonNode hotDeck = copies(out, 1);
    assertEquals(400, hotDeck.get("synthetic_copies").intValue(), hotDeck.toString());
    assertTrue(hotDeck.get("flagged").booleanValue(), hotDeck.toString());
    assertTrue(
        Files.readString(out.resolve("report.html"))
            .contains("Copies of unique training rows (DCR on the targets)"));
  }

  @Test
  void aTrainingRowCopiedManyTimesIsWarnedOfByFileAndRow() throws IOException {
    SplittableRandom random = new SplittableRandom(12);
    List<String> trainRows = rows(400, random);
    Path train = table("train.csv", trainRows);
    Path holdout = table("holdout.csv", rows(200, random));
    List<String> syntheticRows = rows(1000, random);
    for (int i = 0; i < 40; i++) {
      syntheticRows.set(20 * i, trainRows.get(6));
    }
    Path synthetic = table("synthetic.csv", syntheticRows);
    Path out = dir.resolve("report");

    CommandRun result = evaluate(train, synthetic, holdout, out);

    assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertTrue(
        result
            .err()
            .startsWith(
                "warning: model ("
                    + synthetic
                    + "): the synthetic records copy unique real records more than new real data"
                    + " would: 40 of 1000 synthetic records copy 1 unique real records, held-out"
                    + " real 0 of 200"),
        result.err());
    assertTrue(
        result
            .err()
            .strip()
            .endsWith(
                "most copies of one real record: 40, of "
                    + train
                    + " row 7 (34 or more flag it) (DCR on the targets only, against --real "
                    + train
                    + ")"),
        result.err());
    JsonNode model = copies(out, 0);
    assertEquals(40, model.get("synthetic_most_copies").intValue(), model.toString());
    assertEquals(6, model.get("most_copied_row").intValue(), model.toString());
    assertTrue(model.get("flagged").booleanValue(), model.toString());
  }
}
