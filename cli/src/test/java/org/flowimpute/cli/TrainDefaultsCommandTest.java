package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowimpute.bundle.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults of {@code train} that depend on the data, and the learning-rate schedule option. */
class TrainDefaultsCommandTest {

  @TempDir Path temp;

  /**
   * Trains one epoch on 300 rows (2 targets) with {@code options}; returns the recorded settings.
   */
  private Map<String, Object> settings(String... options) throws Exception {
    Path data = temp.resolve("train.csv");
    Files.writeString(data, TrainGenerateCommandTest.table(300, 1, true));
    Path bundle = temp.resolve("bundle-" + options.length);
    List<String> command =
        List.of(
            "train",
            "--data",
            data.toString(),
            "--conditions",
            "age,region",
            "--categorical",
            "region",
            "--targets",
            "income,savings",
            "--epochs",
            "1",
            "--layers",
            "1",
            "--no-progress",
            "--out",
            bundle.toString());
    CommandRun result = run(command, options).assertOk();
    Map<String, Object> settings = ModelBundle.load(bundle).manifest().training().settings();
    assertTrue(
        result.out().contains("hidden " + settings.get("hidden") + ", epochs 1"), result.out());
    return settings;
  }

  @Test
  void hiddenWidthDefaultsToTheTargetRuleAndRecordsIt() throws Exception {
    Map<String, Object> settings = settings();

    assertEquals(32, ((Number) settings.get("hidden")).intValue()); // 2 targets: clamp(16, 32, 128)
    assertFalse(settings.containsKey("lr_schedule")); // fixed, as before
  }

  @Test
  void explicitHiddenAndScheduleAreKeptAndRecorded() throws Exception {
    Map<String, Object> settings = settings("--hidden", "24", "--lr-schedule", "plateau");

    assertEquals(24, ((Number) settings.get("hidden")).intValue());
    assertEquals("plateau", settings.get("lr_schedule"));
  }

  @Test
  void anUnknownScheduleIsAOneLineError() throws Exception {
    Path data = temp.resolve("bad.csv");
    Files.writeString(data, TrainGenerateCommandTest.table(100, 1, true));
    CommandRun result =
        run(
            "train",
            "--data",
            data.toString(),
            "--conditions",
            "age",
            "--targets",
            "income",
            "--lr-schedule",
            "cosine",
            "--out",
            temp.resolve("never").toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode());
    assertEquals("error: --lr-schedule must be fixed or plateau, got cosine", result.err().strip());
  }
}
