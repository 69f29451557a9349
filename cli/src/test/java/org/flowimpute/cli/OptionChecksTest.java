package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
