package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file an option names that is missing or cannot be read fails the command (exit 1) with one line
 * naming the option and the file ({@link OptionFiles}): the messages named the file alone ({@code
 * nofile.csv: cannot read CSV header: ...}, {@code nobundle: no such bundle ...}, {@code no file
 * matches x: No files matched spec: x}), not which of the command's inputs it was.
 */
class InputFileOptionsTest {

  private static final String NO_SUCH_BUNDLE =
      "no such bundle (expected a directory or .zip with manifest.json and model.onnx)";

  @TempDir static Path shared;

  /** A small bundle trained on demo data, for the commands that load it before their input. */
  private static Path bundle;

  /** A table that exists (what is in it does not matter: the commands fail before reading it). */
  private static Path table;

  @TempDir Path temp;

  @BeforeAll
  static void trainAndWriteTable() throws IOException {
    bundle = CliFixtures.trainOnDemoData(shared, 1, 8, 1);
    table = Files.writeString(shared.resolve("table.csv"), "id,income\n1,10\n");
  }

  @Test
  void trainNamesAMissingDataFile() {
    Path missing = temp.resolve("nofile.csv");

    CommandRun result =
        run(
            "train",
            "--data",
            missing.toString(),
            "--conditions",
            "age",
            "--targets",
            "income",
            "--no-progress",
            "--out",
            temp.resolve("bundle").toString());

    assertRefused(result, "--data " + missing + ": no such file or directory");
  }

  @Test
  void trainNamesADataGlobThatMatchesNothing() {
    Path glob = temp.resolve("part-*.csv");

    CommandRun result =
        run(
            "train",
            "--data",
            glob.toString(),
            "--conditions",
            "age",
            "--targets",
            "income",
            "--no-progress",
            "--out",
            temp.resolve("bundle").toString());

    assertRefused(result, "--data " + glob + ": no files match " + glob);
  }

  @Test
  void generateNamesAMissingInputFile() {
    Path missing = temp.resolve("nofile.csv");

    CommandRun result = CliFixtures.generate(bundle, missing, temp.resolve("out.csv"));

    assertRefused(result, "--input " + missing + ": no such file or directory");
  }

  @Test
  void generateNamesAMissingModel() {
    Path missing = temp.resolve("nobundle");

    CommandRun result = CliFixtures.generate(missing, table, temp.resolve("out.csv"));

    assertRefused(result, "--model " + missing + ": " + NO_SUCH_BUNDLE);
  }

  @Test
  void evaluateNamesAMissingRealFile() {
    Path missing = temp.resolve("nofile.csv");

    CommandRun result = evaluate("--real", missing.toString(), "--synthetic", table.toString());

    assertRefused(result, "--real " + missing + ": no such file or directory");
  }

  @Test
  void evaluateNamesAMissingSyntheticFile() {
    Path missing = temp.resolve("nofile.csv");

    CommandRun result = evaluate("--real", table.toString(), "--synthetic", missing.toString());

    assertRefused(result, "--synthetic " + missing + ": no such file or directory");
  }

  @Test
  void evaluateNamesAMissingTrainFile() {
    Path missing = temp.resolve("nofile.csv");

    CommandRun result = evaluate(realAndSynthetic("--train", missing.toString()));

    assertRefused(result, "--train " + missing + ": no such file or directory");
  }

  @Test
  void evaluateNamesAMissingHoldoutFile() {
    Path missing = temp.resolve("nofile.csv");

    CommandRun result = evaluate(realAndSynthetic("--holdout", missing.toString()));

    assertRefused(result, "--holdout " + missing + ": no such file or directory");
  }

  @Test
  void evaluateNamesAMissingModel() {
    Path missing = temp.resolve("nobundle");

    CommandRun result = evaluate(realAndSynthetic("--model", missing.toString()));

    assertRefused(result, "--model " + missing + ": " + NO_SUCH_BUNDLE);
  }

  @Test
  void evaluateNamesAMissingCalibrationReport() {
    Path missing = temp.resolve("nofile.avro");

    CommandRun result = evaluate(realAndSynthetic("--calibration-reports", missing.toString()));

    assertRefused(result, "--calibration-reports " + missing + ": no such file or directory");
  }

  @Test
  void calibrateNamesAMissingDataFile() throws IOException {
    Path missing = temp.resolve("nofile.csv");

    CommandRun result = CliFixtures.calibrate(missing.toString(), targets(), temp.resolve("o.csv"));

    assertRefused(result, "--data " + missing + ": no such file or directory");
  }

  @Test
  void calibrateNamesAMissingTargetsFile() {
    Path missing = temp.resolve("nofile.yaml");

    CommandRun result = CliFixtures.calibrate(table.toString(), missing, temp.resolve("o.csv"));

    assertRefused(result, "--targets " + missing + ": no such file or directory");
  }

  /** A directory given as the targets file said "cannot read targets file t: Is a directory". */
  @Test
  void calibrateNamesATargetsFileThatIsADirectory() throws IOException {
    Path directory = Files.createDirectories(temp.resolve("targets.yaml"));

    CommandRun result = CliFixtures.calibrate(table.toString(), directory, temp.resolve("o.csv"));

    assertRefused(result, "--targets " + directory + ": a directory, not a file");
  }

  @Test
  void synthesizeNamesAMissingModel() {
    Path missing = temp.resolve("nobundle");

    CommandRun result =
        run(
            "synthesize",
            "--model",
            missing.toString(),
            "--n",
            "10",
            "--out",
            temp.resolve("s.csv").toString());

    assertRefused(result, "--model " + missing + ": " + NO_SUCH_BUNDLE);
  }

  /** The Beam job's message was "no file matches x: No files matched spec: x". */
  @Test
  void imputeNamesAnInputThatMatchesNothing() {
    Path missing = temp.resolve("nofile.csv");

    CommandRun result = CliFixtures.impute(bundle, missing, temp, "person_id");

    assertRefused(result, "--input " + missing + ": no file matches " + missing);
  }

  @Test
  void imputeNamesAMissingModel() {
    Path missing = temp.resolve("nobundle");

    CommandRun result = CliFixtures.impute(missing, table, temp, "id");

    assertRefused(result, "--model " + missing + ": " + NO_SUCH_BUNDLE);
  }

  @Test
  void streamNamesAMissingModel() throws IOException {
    Path missing = temp.resolve("nobundle");

    CommandRun result =
        run(
            "stream",
            "--model",
            missing.toString(),
            "--source",
            "dir://" + Files.createDirectories(temp.resolve("in")),
            "--targets",
            targets().toString(),
            "--output",
            temp.resolve("out").resolve("stream").toString());

    assertRefused(result, "--model " + missing + ": " + NO_SUCH_BUNDLE);
  }

  @Test
  void benchEmmNamesAMissingDataFile() {
    Path missing = temp.resolve("nofile.csv");

    CommandRun result =
        run("bench", "emm", "--data", missing.toString(), "--targets", table.toString());

    assertRefused(result, "--data " + missing + ": no such file or directory");
  }

  @Test
  void benchEmmNamesAMissingTargetsFile() {
    Path missing = temp.resolve("nofile.csv");

    CommandRun result =
        run("bench", "emm", "--data", table.toString(), "--targets", missing.toString());

    assertRefused(result, "--targets " + missing + ": no such file or directory");
  }

  @Test
  void benchEmmNamesAMissingWeightsReference() {
    Path missing = temp.resolve("nofile.csv");

    CommandRun result =
        run(
            "bench",
            "emm",
            "--data",
            table.toString(),
            "--targets",
            table.toString(),
            "--weights-ref",
            missing.toString());

    assertRefused(result, "--weights-ref " + missing + ": no such file or directory");
  }

  @Test
  void benchPipelineNamesAMissingModel() {
    Path missing = temp.resolve("nobundle");

    CommandRun result =
        run(
            "bench",
            "pipeline",
            "--model",
            missing.toString(),
            "--work-dir",
            temp.resolve("work").toString());

    assertRefused(result, "--model " + missing + ": " + NO_SUCH_BUNDLE);
  }

  @Test
  void benchStreamNamesAMissingModel() {
    Path missing = temp.resolve("nobundle");

    CommandRun result =
        run(
            "bench",
            "stream",
            "--model",
            missing.toString(),
            "--work-dir",
            temp.resolve("work").toString());

    assertRefused(result, "--model " + missing + ": " + NO_SUCH_BUNDLE);
  }

  /**
   * A missing --data-dir was reported as its first file, "nodir/train_data.csv: cannot read...".
   */
  @Test
  void benchTrainNamesAMissingDataDirectory() {
    Path missing = temp.resolve("nodir");

    CommandRun result = run("bench", "train", "--data-dir", missing.toString());

    assertRefused(result, "--data-dir " + missing + ": no such directory");
  }

  @Test
  void benchEvaluateNamesADataDirectoryThatIsAFile() {
    CommandRun result = run("bench", "evaluate", "--data-dir", table.toString());

    assertRefused(result, "--data-dir " + table + ": not a directory");
  }

  private static void assertRefused(CommandRun result, String message) {
    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.err() + result.out());
    assertEquals("error: " + message, result.err().strip());
  }

  /**
   * {@code evaluate} of target {@code income} into a new report directory, with {@code options}.
   */
  private CommandRun evaluate(String... options) {
    List<String> command = new ArrayList<>(List.of("evaluate", "--targets", "income"));
    command.addAll(List.of("--out", temp.resolve("report").toString()));
    return run(command, options);
  }

  /** {@code --real} and {@code --synthetic} both the existing table, then {@code options}. */
  private static String[] realAndSynthetic(String... options) {
    List<String> all =
        new ArrayList<>(List.of("--real", table.toString(), "--synthetic", table.toString()));
    all.addAll(List.of(options));
    return all.toArray(String[]::new);
  }

  /** A targets file that exists (its content is not read before the failure). */
  private Path targets() throws IOException {
    return Files.writeString(
        temp.resolve("targets.yaml"), "targets:\n  - {name: n, statistic: count, value: 1}\n");
  }
}
