package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.flowimpute.bundle.ModelBundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training settings of {@code train}: out-of-range values and the validation split. */
class TrainOptionsTest {

  @TempDir Path temp;

  private Path data;

  @BeforeEach
  void writeData() throws Exception {
    data = temp.resolve("data.csv");
    Files.writeString(data, TrainGenerateCommandTest.table(80, 3, true));
  }

  private CommandRun train(String... extra) {
    return TrainGenerateCommandTest.trainSmall(data, temp.resolve("b"), extra);
  }

  /**
   * Each setting out of range is a usage error naming the option and the value; they were one
   * "epochs, batch size, learning rate and patience must be positive" (exit 1), and {@code --lr
   * Infinity} was accepted; the clip factor and the point-mass settings failed with exit 1 after
   * the data was read, the latter three in one message naming no option.
   */
  @Test
  void settingsOutOfRangeAreUsageErrorsNamingOptionAndValue() {
    String[][] cases = {
      {"--epochs", "0", "--epochs must be at least 1, got 0"},
      {"--batch-size", "0", "--batch-size must be at least 1, got 0"},
      {"--patience", "0", "--patience must be at least 1, got 0"},
      {"--lr", "0", "--lr must be a finite number > 0, got 0.0"},
      {"--lr", "NaN", "--lr must be a finite number > 0, got NaN"},
      {"--lr", "Infinity", "--lr must be a finite number > 0, got Infinity"},
      {"--lr", "-0.001", "--lr must be a finite number > 0, got -0.001"},
      {"--validation-fraction", "1", "--validation-fraction must be in [0, 1)"},
      {"--validation-fraction", "-0.1", "--validation-fraction must be in [0, 1)"},
      {
        "--clip-factor",
        "0.5",
        "--clip-factor must be a finite number of at least 1 (1: never beyond the largest training"
            + " magnitude), got 0.5"
      },
      {"--clip-factor", "Infinity", "--clip-factor must be a finite number of at least 1"},
      {"--atom-min-share", "2", "--atom-min-share must be a share in (0, 1], got 2.0"},
      {"--atom-min-share", "0", "--atom-min-share must be a share in (0, 1], got 0.0"},
      {"--atom-min-rows", "1", "--atom-min-rows must be at least 2, got 1"},
      {"--max-atoms", "-1", "--max-atoms must be at least 0, got -1"},
    };
    for (String[] c : cases) {
      CommandRun result =
          CommandRun.run(
              "train",
              "--data",
              data.toString(),
              "--out",
              temp.resolve("b").toString(),
              "--conditions",
              "age",
              "--targets",
              "income",
              c[0],
              c[1]);
      assertEquals(ExitCodes.USAGE, result.exitCode(), c[0] + " " + c[1] + ": " + result.err());
      assertTrue(result.err().startsWith(c[2]), result.err());
    }
  }

  /**
   * A validation share that leaves fewer than 50 training rows is refused naming the option: 0.999
   * of 300 rows left none and failed as "training diverged ... try a smaller --lr".
   */
  @Test
  void aValidationShareLeavingTooFewTrainingRowsIsRefused() {
    CommandRun all = train("--validation-fraction", "0.999");
    CommandRun most = train("--validation-fraction", "0.5");

    assertEquals(ExitCodes.FAILURE, all.exitCode(), all.out());
    assertTrue(
        all.err()
            .startsWith(
                "error: --validation-fraction 0.999 leaves 0 of the 80 rows to train on; training"
                    + " needs at least 50"),
        all.err());
    assertEquals(ExitCodes.FAILURE, most.exitCode(), most.out());
    assertTrue(most.err().contains("leaves 40 of the 80 rows"), most.err());
    assertFalse(Files.exists(temp.resolve("b")));
  }

  /** A share too small to hold out a row is refused rather than silently the same as 0. */
  @Test
  void aValidationShareHoldingOutNoRowIsRefused() {
    CommandRun result = train("--validation-fraction", "0.001");

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertTrue(
        result.err().startsWith("error: --validation-fraction 0.001 holds out no row of 80"),
        result.err());
  }

  /**
   * Without a validation split there is no validation NLL: train and inspect say n/a (it printed
   * the training NLL as the validation NLL).
   */
  @Test
  void withoutAValidationSplitTheValidationNllIsNotApplicable() throws Exception {
    CommandRun trained = train("--validation-fraction", "0", "--no-progress").assertOk();
    CommandRun inspected = CommandRun.run("inspect", temp.resolve("b").toString()).assertOk();

    assertTrue(trained.out().contains("validation NLL n/a (no validation split)"), trained.out());
    assertTrue(
        inspected.out().contains("validation NLL n/a (no validation split)"), inspected.out());
    assertEquals(
        0L,
        ((Number)
                ModelBundle.load(temp.resolve("b"))
                    .manifest()
                    .training()
                    .settings()
                    .get("validation_rows"))
            .longValue());
  }
}
