package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defaults of {@code train} that depend on the data, the learning-rate schedule option and the cap
 * of imputed magnitudes ({@code --clip-factor}).
 */
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
    assertEquals("gate-plateau", settings.get("lr_schedule"));
  }

  @Test
  void explicitHiddenAndScheduleAreKeptAndRecorded() throws Exception {
    Map<String, Object> settings = settings("--hidden", "24", "--lr-schedule", "plateau");

    assertEquals(24, ((Number) settings.get("hidden")).intValue());
    assertEquals("plateau", settings.get("lr_schedule"));
  }

  @Test
  void theFixedScheduleIsRecordedByName() throws Exception {
    assertEquals("fixed", settings("--lr-schedule", "fixed").get("lr_schedule"));
  }

  @Test
  void clipFactorDefaultsToOneAndCapsImputedMagnitudesAtTheTrainingMaximum() throws Exception {
    Path data = temp.resolve("train.csv");
    Files.writeString(data, TrainGenerateCommandTest.table(600, 1, true));
    Path conditions = temp.resolve("conditions.csv");
    Files.writeString(conditions, TrainGenerateCommandTest.table(20_000, 2, false));
    List<GenericRecord> capped = trainAndGenerate(data, conditions, "capped");
    List<GenericRecord> loose = trainAndGenerate(data, conditions, "loose", "--clip-factor", "100");

    Manifest manifest = ModelBundle.load(temp.resolve("capped")).manifest();
    assertEquals(1.0, ((Number) manifest.training().settings().get("clip_factor")).doubleValue());
    for (String target : List.of("income", "savings")) {
      MagnitudeTransform transform = transform(manifest, target);
      assertEquals(1.0, transform.clipFactor());
      double largest = transform.maxAbs();
      assertEquals(largest, largestMagnitude(Tables.readAll(data), target), largest * 1e-9);
      int atCap = 0;
      int beyond = 0;
      for (int i = 0; i < capped.size(); i++) {
        double magnitude = Math.abs(value(capped.get(i), target));
        assertTrue(magnitude <= largest * (1 + 1e-5), target + " row " + i + ": " + magnitude);
        atCap += magnitude >= largest * (1 - 1e-5) ? 1 : 0;
        beyond += Math.abs(value(loose.get(i), target)) > largest * (1 + 1e-5) ? 1 : 0;
      }
      // Three epochs leave the flow's tails wide: uncapped, some draws pass the maximum (the two
      // bundles have different model ids, hence different noise: the rows are not paired);
      // capped, no draw passes it and some stop exactly at it.
      assertTrue(atCap > 0, target + ": no draw reached the cap");
      assertTrue(beyond > 0, target + ": no draw passed the training maximum");
    }
  }

  /** Trains the shared small model with {@code options}, generates for {@code conditions}. */
  private List<GenericRecord> trainAndGenerate(
      Path data, Path conditions, String name, String... options) throws Exception {
    Path bundle = temp.resolve(name);
    List<String> extra = new ArrayList<>(List.of("--no-progress"));
    extra.addAll(List.of(options));
    TrainGenerateCommandTest.trainSmall(data, bundle, extra.toArray(String[]::new)).assertOk();
    Path out = temp.resolve(name + ".csv");
    CliFixtures.generate(bundle, conditions, out, "--seed", "3", "--key-column", "id").assertOk();
    return Tables.readAll(out);
  }

  private static double value(GenericRecord row, String field) {
    return ((Number) row.get(field)).doubleValue();
  }

  @Test
  void anExplicitClipFactorIsStoredPerTargetAndRecorded() throws Exception {
    Map<String, Object> settings = settings("--clip-factor", "2.5");

    assertEquals(2.5, ((Number) settings.get("clip_factor")).doubleValue());
    Manifest manifest = ModelBundle.load(temp.resolve("bundle-2")).manifest();
    assertEquals(2.5, transform(manifest, "income").clipFactor());
  }

  @Test
  void aClipFactorBelowOneIsAUsageErrorNamingTheOption() throws Exception {
    CommandRun result = trainWith("--clip-factor", "0.5");

    assertEquals(ExitCodes.USAGE, result.exitCode());
    assertEquals(
        "--clip-factor must be a finite number of at least 1 (1: never beyond the largest"
            + " training magnitude), got 0.5",
        result.err().lines().findFirst().orElseThrow());
  }

  private static MagnitudeTransform transform(Manifest manifest, String target) {
    return manifest.targets().stream()
        .filter(spec -> spec.name().equals(target))
        .map(spec -> ((ContinuousTarget) spec).transform())
        .findFirst()
        .orElseThrow();
  }

  private static double largestMagnitude(List<GenericRecord> rows, String field) {
    return rows.stream()
        .mapToDouble(row -> Math.abs(((Number) row.get(field)).doubleValue()))
        .max()
        .orElseThrow();
  }

  @Test
  void anUnknownScheduleIsAOneLineError() throws Exception {
    CommandRun result = trainWith("--lr-schedule", "cosine");

    assertEquals(ExitCodes.FAILURE, result.exitCode());
    assertEquals(
        "error: --lr-schedule must be fixed, plateau or gate-plateau, got cosine",
        result.err().strip());
  }

  /** Runs {@code train} on 100 rows (age → income) with one more {@code option value}. */
  private CommandRun trainWith(String option, String value) throws Exception {
    Path data = temp.resolve("small.csv");
    Files.writeString(data, TrainGenerateCommandTest.table(100, 1, true));
    return run(
        "train",
        "--data",
        data.toString(),
        "--conditions",
        "age",
        "--targets",
        "income",
        option,
        value,
        "--out",
        temp.resolve("never").toString());
  }
}
