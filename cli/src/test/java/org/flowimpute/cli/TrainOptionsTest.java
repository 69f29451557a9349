package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training settings of {@code train}: out-of-range values. */
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
   * Infinity} was accepted.
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
}
