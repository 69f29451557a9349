package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Benchmark options that cannot give a result are refused before any work, naming the option. */
class BenchOptionsTest {

  @TempDir Path dir;

  /** No test households printed 'met' on no data, "tolerance / SE = Infinity" and "(NaNx". */
  @Test
  void householdsNeedHouseholdsToTrainAndTestOn() {
    CommandRun noTest =
        run(
            "bench",
            "households",
            "--train-households",
            "200",
            "--test-households",
            "0",
            "--epochs",
            "1");
    CommandRun noTrain = run("bench", "households", "--train-households", "0");

    assertEquals(ExitCodes.USAGE, noTest.exitCode(), noTest.err());
    assertTrue(
        noTest.err().startsWith("--test-households must be at least 1, got 0"), noTest.err());
    assertEquals(ExitCodes.USAGE, noTrain.exitCode(), noTrain.err());
    assertTrue(
        noTrain.err().startsWith("--train-households must be at least 1, got 0"), noTrain.err());
  }

  /**
   * bench train: --draws 0 said "got 0 and 0", mixing in --auc-draws; --flow both, which the help
   * offers, is taken and a wrong value's message offers it too; a negative --scale-rows (0 skips
   * the scale check) was taken silently.
   */
  @Test
  void trainNamesOnlyTheOffendingOption() {
    String data = dir.resolve("no-data").toString();
    CommandRun draws = run("bench", "train", "--data-dir", data, "--draws", "0");
    CommandRun aucDraws =
        run("bench", "train", "--data-dir", data, "--draws", "2", "--auc-draws", "3");
    CommandRun flow = run("bench", "train", "--data-dir", data, "--flow", "glow");
    CommandRun scale = run("bench", "train", "--data-dir", data, "--scale-rows", "-5");

    assertEquals(ExitCodes.USAGE, draws.exitCode(), draws.err());
    assertTrue(draws.err().startsWith("--draws must be at least 1, got 0\n"), draws.err());
    assertEquals(ExitCodes.USAGE, aucDraws.exitCode(), aucDraws.err());
    assertTrue(
        aucDraws.err().startsWith("--auc-draws must be between 0 and 2, got 3"), aucDraws.err());
    assertEquals(ExitCodes.USAGE, flow.exitCode(), flow.err());
    assertTrue(
        flow.err().startsWith("--flow must be maf, coupling or both, got 'glow'"), flow.err());
    assertEquals(ExitCodes.USAGE, scale.exitCode(), scale.err());
    assertTrue(scale.err().startsWith("--scale-rows must be at least 0, got -5"), scale.err());
  }

  /**
   * bench train: --scale-epochs 0 failed after the whole split benchmark with "epochs must be at
   * least 1, got 0"; --epochs -1, --lr 0 and --batch-size 0 exited 1, and --layers 0 or --hidden 0
   * said "layers, hidden sizes and clamp must be positive" naming no option. Refused as train
   * refuses them.
   */
  @Test
  void trainRefusesTrainingSettingsAsTrainDoes() {
    String data = dir.resolve("no-data").toString();
    String[][] cases = {
      {"--scale-epochs", "0", "--scale-epochs must be at least 1, got 0"},
      {"--epochs", "-1", "--epochs must be at least 1, got -1"},
      {"--batch-size", "0", "--batch-size must be at least 1, got 0"},
      {"--lr", "0", "--lr must be a finite number > 0, got 0.0"},
      {"--layers", "0", "--layers must be in 1..64, got 0"},
      {"--hidden", "0", "--hidden must be in 1..4096, got 0"},
      {"--gate-hidden", "0", "--gate-hidden must be in 1..4096, got 0"},
    };
    for (String[] c : cases) {
      CommandRun run = run("bench", "train", "--data-dir", data, c[0], c[1]);

      assertEquals(ExitCodes.USAGE, run.exitCode(), c[0] + ": " + run.err());
      assertTrue(run.err().startsWith(c[2] + "\n"), run.err());
    }
  }

  /** --timeout 0s started Flink and failed "produced 0 of 1000 warm-up records in PT0S". */
  @Test
  void streamRefusesDurationsOfZero() {
    for (String option : new String[] {"--timeout", "--poll-interval", "--window"}) {
      CommandRun run = run("bench", "stream", "--model", "unused", option, "0ms");

      assertEquals(ExitCodes.USAGE, run.exitCode(), option + ": " + run.err());
      assertTrue(
          run.err()
              .startsWith(
                  option
                      + " must be a duration longer than zero (such as 500ms, 30s or 5m), got"
                      + " '0ms'"),
          run.err());
    }
  }

  /**
   * --records 0 or --rate 0 exited 1 with "--records, --rate and --file-records must be >= 1",
   * naming no one option and no range; --records near the int limit overflowed with the warm-up.
   * The model does not exist: the options are refused before it is loaded.
   */
  @Test
  void streamRefusesCountsOutOfRangeNamingTheOption() {
    String[][] cases = {
      {"--records", "0", "--records must be between 1 and 2147482647, got 0"},
      {"--records", "-3", "--records must be between 1 and 2147482647, got -3"},
      {"--records", "2147483647", "--records must be between 1 and 2147482647, got 2147483647"},
      {"--rate", "0", "--rate must be at least 1, got 0"},
      {"--rate", "-20", "--rate must be at least 1, got -20"},
      {"--file-records", "0", "--file-records must be at least 1, got 0"},
      {"--batch-size", "0", "--batch-size must be between 1 and 1048576, got 0"},
    };
    for (String[] c : cases) {
      CommandRun run = run("bench", "stream", "--model", "unused", c[0], c[1]);

      assertEquals(ExitCodes.USAGE, run.exitCode(), c[0] + " " + c[1] + ": " + run.err());
      assertTrue(run.err().startsWith(c[2] + "\n"), run.err());
    }
  }

  /** Parallelism 0 gave a raw rate ratio of Infinity, a negative one a negative ratio. */
  @Test
  void pipelineAndStreamNeedParallelismOfAtLeastOne() {
    CommandRun pipeline = run("bench", "pipeline", "--model", "unused", "--parallelism", "0");
    CommandRun stream = run("bench", "stream", "--model", "unused", "--parallelism", "-2");

    assertEquals(ExitCodes.USAGE, pipeline.exitCode(), pipeline.err());
    assertTrue(
        pipeline.err().startsWith("--parallelism must be at least 1, got 0"), pipeline.err());
    assertEquals(ExitCodes.USAGE, stream.exitCode(), stream.err());
    assertTrue(stream.err().startsWith("--parallelism must be at least 1, got -2"), stream.err());
  }

  /** A --work-dir that is a regular file printed only "error: FILE". */
  @Test
  void pipelineAndStreamRefuseAWorkDirThatIsAFile() throws IOException {
    Path file = Files.writeString(dir.resolve("afile"), "x");

    CommandRun pipeline =
        run("bench", "pipeline", "--model", "unused", "--work-dir", file.toString());
    CommandRun stream =
        run("bench", "stream", "--model", "unused", "--work-dir", file.resolve("x").toString());

    assertEquals(ExitCodes.FAILURE, pipeline.exitCode(), pipeline.err());
    assertTrue(
        pipeline.err().startsWith("error: --work-dir: " + file + " is a file, not a directory"),
        pipeline.err());
    assertEquals(ExitCodes.FAILURE, stream.exitCode(), stream.err());
    assertTrue(
        stream
            .err()
            .startsWith(
                "error: --work-dir: "
                    + file.resolve("x")
                    + " is not a directory and cannot be created: "
                    + file
                    + " is a file"),
        stream.err());
  }

  @Test
  void emmNeedsOneTimedSolveAndNoNegativeWarmUp() {
    CommandRun noRepeat = run("bench", "emm", "--generate", "100", "9", "--repeat", "0");
    CommandRun negativeWarmUp = run("bench", "emm", "--generate", "100", "9", "--warmup", "-1");

    assertEquals(ExitCodes.USAGE, noRepeat.exitCode(), noRepeat.err());
    assertTrue(
        noRepeat
            .err()
            .startsWith("--repeat must be at least 1 and --warmup at least 0, got 0 and 1"),
        noRepeat.err());
    assertEquals(ExitCodes.USAGE, negativeWarmUp.exitCode(), negativeWarmUp.err());
  }

  /** --threads 0 exited 1 with the solver's "threads must be >= 1", unlike --repeat 0. */
  @Test
  void emmNeedsAThread() {
    CommandRun run = run("bench", "emm", "--generate", "100", "9", "--threads", "0");

    assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("--threads must be at least 1, got 0\n"), run.err());
  }

  /** N = 300,000,000 overflowed the size of the feature array: "error: -1894967296". */
  @Test
  void emmRefusesMoreRecordsThanAnArrayHolds() {
    CommandRun run = run("bench", "emm", "--generate", "300000000", "20");

    assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
    assertTrue(
        run.err().startsWith("--generate N must be between 1 and 268435454, got 300000000\n"),
        run.err());
  }

  /**
   * A K whose curvature sums do not fit the heap was refused only when the solve began, after the
   * problem was generated (K = 100,000,000: more than 100 s). K = 1,000,000,000 needs some 97 GiB
   * even if no two constraints shared a record.
   */
  @Test
  void emmRefusesATooLargeKBeforeGenerating() {
    String k = "1000000000";

    CommandRun run = run("bench", "emm", "--generate", "1000", k);

    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertTrue(
        run.err()
            .startsWith(
                "error: --generate K "
                    + k
                    + ": the targets make "
                    + k
                    + " constraints: the solver"),
        run.err());
    assertEquals("", run.out(), "nothing generated");
  }

  /**
   * A second --generate was taken and ignored (only N=5000 K=9 was solved, exit 0), and the usage
   * line showed "--generate=N K N K [--generate=N K N K]...".
   */
  @Test
  void emmTakesOneGeneratedProblem() {
    CommandRun twice =
        run("bench", "emm", "--generate", "5000", "9", "--generate", "1000", "20", "--repeat", "1");
    CommandRun help = run("bench", "emm", "--help");

    assertEquals(ExitCodes.USAGE, twice.exitCode(), twice.err());
    assertTrue(
        twice
            .err()
            .startsWith("--generate takes one problem (N K) and is given once, got it again\n"),
        twice.err());
    assertEquals("", twice.out(), "nothing generated");
    assertTrue(help.out().contains("(--generate=<N> <K> |"), help.out());
    assertTrue(!help.out().contains("[--generate"), help.out());
  }

  /** --generate takes two integers, N and K, and names the one that is missing or not a number. */
  @Test
  void emmGenerateNeedsTwoIntegers() {
    CommandRun noK = run("bench", "emm", "--generate", "100");
    CommandRun textK = run("bench", "emm", "--generate", "100", "many");

    assertEquals(ExitCodes.USAGE, noK.exitCode(), noK.err());
    assertTrue(noK.err().startsWith("--generate takes two integers N K, got no K\n"), noK.err());
    assertEquals(ExitCodes.USAGE, textK.exitCode(), textK.err());
    assertTrue(
        textK.err().startsWith("--generate K must be an integer, got 'many'\n"), textK.err());
  }

  @Test
  void emmSyntheticProblemsNeedNineConstraints() {
    CommandRun eight = run("bench", "emm", "--generate", "100", "8");

    assertEquals(ExitCodes.FAILURE, eight.exitCode());
    assertEquals("error: need N >= 1 and K >= 9, got N=100, K=8", eight.err().strip());
  }

  /** The marginal rate is (full - small) / (time full - time small): NaN below the small job. */
  @Test
  void pipelineNeedsMoreRowsThanItsSmallJob() {
    CommandRun result = run("bench", "pipeline", "--model", "unused", "--rows", "0");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertTrue(
        result
            .err()
            .startsWith(
                "--rows must be more than 2000 (the small job takes min(2000, rows / 2) of them;"),
        result.err());
  }
}
