package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options are checked before the work, naming the option: a value out of range is a usage error
 * (exit 2), an output location that cannot be written fails (exit 1) before anything is computed.
 */
class OptionChecksTest {

  @TempDir Path dir;

  /**
   * {@code evaluate --out} naming a file failed only after every metric was computed, with
   * "FILE/plots: Not a directory" and no option named.
   */
  @Test
  void evaluateRefusesAnOutThatIsAFileBeforeReadingAnything() throws IOException {
    Path file = Files.writeString(dir.resolve("taken"), "x");

    CommandRun run =
        CommandRun.run(
            "evaluate",
            "--real",
            dir.resolve("missing-real.csv").toString(),
            "--synthetic",
            dir.resolve("missing-synthetic.csv").toString(),
            "--targets",
            "x",
            "--out",
            file.toString());

    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertTrue(
        run.err().startsWith("error: --out: cannot write into directory " + file + ": "),
        run.err());
  }

  /**
   * An --out whose metrics.json is a directory failed only after every metric was computed, with
   * "OUT/metrics.json (Is a directory)".
   */
  @Test
  void evaluateRefusesAnOutWhoseMetricsFileIsADirectoryBeforeReadingAnything() throws IOException {
    Path out = dir.resolve("mj");
    Files.createDirectories(out.resolve("metrics.json"));

    CommandRun run = evaluate("--out", out.toString());

    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertEquals(
        "error: --out: "
            + out.resolve("metrics.json")
            + " is a directory, where the report writes its file metrics.json",
        run.err().strip());
  }

  /** A --out that cannot be created said only "error: /proc/evx", without the option. */
  @Test
  void evaluateNamesOutWhenItsDirectoryCannotBeCreated() {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");

    CommandRun run = evaluate("--out", "/proc/flowimpute-evaluate-test");

    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertTrue(
        run.err()
            .startsWith(
                "error: --out: cannot write into directory /proc/flowimpute-evaluate-test: "),
        run.err());
  }

  /** --by region,region was taken (its category error reported twice), unlike --targets x,x. */
  @Test
  void evaluateRefusesAColumnNamedTwiceInBy() {
    CommandRun run = evaluate("--by", "region,region", "--out", dir.resolve("r").toString());

    assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
    assertTrue(
        run.err().startsWith("--by names column 'region' more than once; name each column once"),
        run.err());
  }

  /**
   * A --calibration-reports file of other records failed, after every metric was computed, with
   * Avro's words only; it is refused naming the file before the tables are read.
   */
  @Test
  void evaluateRefusesAFileOfOtherRecordsAsCalibrationReportsBeforeReadingTheTables() {
    Path people = dir.resolve("people.avro");
    CommandRun.run("demo-data", "--rows", "5", "--out", people.toString()).assertOk();

    CommandRun run =
        evaluate("--calibration-reports", people.toString(), "--out", dir.resolve("r").toString());

    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertTrue(
        run.err()
            .startsWith(
                "error: --calibration-reports "
                    + people
                    + ": not a calibration report file: its records are"
                    + " org.flowimpute.avro.DemoPerson, expected"),
        run.err());
  }

  /**
   * The --out directory was created before the tables were read, so a run failing in its work (here
   * a --real file that does not exist) left an empty report directory behind.
   */
  @Test
  void evaluateFailingInItsWorkLeavesNoOutDirectory() {
    Path out = dir.resolve("reports").resolve("run1");

    CommandRun run = evaluate("--out", out.toString());

    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertTrue(run.err().contains("missing-real.csv"), run.err());
    assertFalse(Files.exists(dir.resolve("reports")), "left behind: " + dir.resolve("reports"));
  }

  private CommandRun evaluate(String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "evaluate",
                "--real",
                dir.resolve("missing-real.csv").toString(),
                "--synthetic",
                dir.resolve("missing-synthetic.csv").toString(),
                "--targets",
                "x"));
    args.addAll(List.of(options));
    return CommandRun.run(args.toArray(String[]::new));
  }

  /** {@code evaluate --draws 0} exited 1 after the data and the bundle were read. */
  @Test
  void evaluateRefusesDrawsBelowOneAsAUsageError() {
    CommandRun run =
        CommandRun.run(
            "evaluate",
            "--real",
            dir.resolve("missing-real.csv").toString(),
            "--synthetic",
            dir.resolve("missing-synthetic.csv").toString(),
            "--targets",
            "x",
            "--draws",
            "0",
            "--out",
            dir.resolve("report").toString());

    assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
    assertTrue(run.err().contains("--draws must be at least 1, got 0"), run.err());
  }

  /**
   * Values out of range and output names without a table extension are usage errors (exit 2) naming
   * the option, as {@code train} and {@code calibrate} refuse theirs: they exited 1, some with the
   * library's words ("intra-op threads must be at least 1").
   */
  @Test
  void rangesAndOutputExtensionsAreUsageErrorsNamingTheOption() {
    String bundle = dir.resolve("model.zip").toString();
    String input = dir.resolve("in.csv").toString();
    String table = dir.resolve("out.csv").toString();
    String text = dir.resolve("out.txt").toString();
    String prefix = dir.resolve("imputed").resolve("part").toString();
    assertUsageError(
        "--n must be between 1 and 100000000, got 0",
        "synthesize",
        "--model",
        bundle,
        "--n",
        "0",
        "--out",
        table);
    assertUsageError(
        "--n must be between 1 and 100000000, got 3000000000",
        "synthesize",
        "--model",
        bundle,
        "--n",
        "3000000000",
        "--out",
        table);
    assertUsageError(
        "--rows must be between 1 and 100000000, got 0",
        "synthesize",
        "--model",
        bundle,
        "--rows",
        "0",
        "--out",
        table);
    assertUsageError(
        "--batch-size must be between 1 and 1048576, got 0",
        "generate",
        "--model",
        bundle,
        "--input",
        input,
        "--output",
        table,
        "--batch-size",
        "0");
    assertUsageError(
        "--threads must be at least 1, got 0",
        "generate",
        "--model",
        bundle,
        "--input",
        input,
        "--output",
        table,
        "--threads",
        "0");
    assertUsageError(
        "--batch-size must be between 1 and 1048576, got 0",
        "impute",
        "--model",
        bundle,
        "--input",
        input,
        "--output",
        prefix,
        "--batch-size",
        "0");
    assertUsageError(
        "--intra-op-threads must be at least 1, got 0",
        "impute",
        "--model",
        bundle,
        "--input",
        input,
        "--output",
        prefix,
        "--intra-op-threads",
        "0");
    assertUsageError(
        "--parallelism must be at least 1 (or -1 for Flink's default), got 0",
        "impute",
        "--model",
        bundle,
        "--input",
        input,
        "--output",
        prefix,
        "--runner",
        "FlinkRunner",
        "--parallelism",
        "0");
    String unknownFormat =
        ": unknown table format; the file name must end with .csv, .avro or .parquet";
    assertUsageError(
        "--output: " + text + unknownFormat,
        "generate",
        "--model",
        bundle,
        "--input",
        input,
        "--output",
        text);
    assertUsageError(
        "--out: " + text + unknownFormat,
        "synthesize",
        "--model",
        bundle,
        "--n",
        "10",
        "--out",
        text);
    assertUsageError("--out: " + text + unknownFormat, "demo-data", "--rows", "10", "--out", text);
  }

  /**
   * A {@code --device} that is not one is a usage error naming the option and the value as given,
   * in generate, impute and stream alike: it was "error: device 'gpu': expected ..." (exit 1),
   * cuda:-1 gave "CUDA device index must be >= 0, got -1" and cuda:99999999999 "expected
   * cuda:<index>", and stream knew --device only as a Beam option written --device=cuda ("unknown
   * option --device" with a space).
   */
  @Test
  void aDeviceThatIsNoneIsAUsageErrorNamingTheOptionAndTheValue() {
    String bundle = dir.resolve("model.zip").toString();
    String input = dir.resolve("in.csv").toString();
    String prefix = dir.resolve("imputed").resolve("part").toString();
    String range = "': the CUDA device index must be between 0 and 2147483647";
    assertUsageError(
        "--device 'GPU': expected cpu, cuda, cuda:<index> or auto",
        "impute",
        "--model",
        bundle,
        "--input",
        input,
        "--output",
        prefix,
        "--device",
        "GPU");
    assertUsageError(
        "--device 'cuda:99999999999" + range,
        "generate",
        "--model",
        bundle,
        "--input",
        input,
        "--output",
        dir.resolve("out.csv").toString(),
        "--device",
        "cuda:99999999999");
    assertUsageError(
        "--device 'cuda:-1" + range,
        "stream",
        "--model",
        bundle,
        "--source",
        "dir://" + dir,
        "--targets",
        dir.resolve("targets.yaml").toString(),
        "--output",
        dir.resolve("out").resolve("stream").toString(),
        "--device",
        "cuda:-1");
    assertUsageError(
        "--intra-op-threads must be at least 1, got 0",
        "stream",
        "--model",
        bundle,
        "--source",
        "dir://" + dir,
        "--targets",
        dir.resolve("targets.yaml").toString(),
        "--output",
        dir.resolve("out").resolve("stream").toString(),
        "--intra-op-threads",
        "0");
  }

  /**
   * {@code stream --run-for 0s} ran forever on the DirectRunner (Beam waits without end for a wait
   * under 1 ms) and stopped at once on Flink; a poll or checkpoint interval of zero is no interval.
   */
  @Test
  void streamRefusesDurationsOfZero() {
    String[][] cases = {
      {"--run-for", "0s"}, {"--poll-interval", "0ms"}, {"--checkpoint-interval", "0s"}
    };
    for (String[] c : cases) {
      CommandRun run =
          CommandRun.run(
              "stream",
              "--model",
              "unused.zip",
              "--source",
              "dir://" + dir,
              "--targets",
              "unused.yaml",
              "--output",
              dir.resolve("out").resolve("stream").toString(),
              "--runner",
              "FlinkRunner",
              c[0],
              c[1]);

      assertEquals(ExitCodes.USAGE, run.exitCode(), c[0] + ": " + run.err());
      assertTrue(
          run.err()
              .startsWith(
                  c[0]
                      + " must be a duration longer than zero (such as 500ms, 30s or 5m), got '"
                      + c[1]
                      + "'"),
          run.err());
    }
  }

  /**
   * {@code stream --resume} without {@code --checkpoint-dir} exited 1, while {@code train
   * --household-age} without {@code --household-id} is a usage error.
   */
  @Test
  void streamCheckpointOptionsThatDoNotGoTogetherAreUsageErrors() {
    String[] stream = {
      "stream",
      "--model",
      dir.resolve("model.zip").toString(),
      "--source",
      "dir://" + dir,
      "--targets",
      dir.resolve("targets.yaml").toString(),
      "--output",
      dir.resolve("out").resolve("stream").toString()
    };
    assertUsageError(
        "--resume needs --checkpoint-dir, the directory of the checkpoints to resume from",
        concat(stream, "--runner", "FlinkRunner", "--resume"));
    assertUsageError(
        "--checkpoint-interval applies to --runner FlinkRunner only (the DirectRunner does not"
            + " checkpoint)",
        concat(stream, "--checkpoint-interval", "30s"));
  }

  /**
   * {@code train --household-id --synthesis} is a usage error: it trained and wrote a
   * synthesis.json that {@code synthesize} refuses to use (it refuses household-aware bundles).
   */
  @Test
  void trainSynthesisForAHouseholdModelIsAUsageError() {
    assertUsageError(
        "--synthesis does not go with --household-id: synthesize draws persons one by one and"
            + " refuses a household-aware bundle, so its synthesis.json could never be used",
        "train",
        "--data",
        dir.resolve("people.csv").toString(),
        "--conditions",
        "age,region",
        "--targets",
        "wage_income",
        "--household-id",
        "household_id",
        "--synthesis",
        "--out",
        dir.resolve("model.zip").toString());
    assertFalse(Files.exists(dir.resolve("model.zip")));
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  private static void assertUsageError(String message, String... args) {
    CommandRun run = CommandRun.run(args);
    assertEquals(ExitCodes.USAGE, run.exitCode(), String.join(" ", args) + ": " + run.err());
    assertEquals(message, run.err().strip().lines().findFirst().orElse(""), run.err());
  }
}
