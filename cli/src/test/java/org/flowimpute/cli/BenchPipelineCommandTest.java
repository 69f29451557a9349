package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench pipeline} on a tiny input, twice into one {@code --work-dir} at different
 * parallelisms: the second run counts only its own jobs' files. It failed with "the job counted
 * 1500 imputed records but its files under .../output-small-0/imputed hold 3000", counting the
 * first run's shards too. Timings are not asserted.
 */
class BenchPipelineCommandTest {

  @TempDir Path temp;

  @Test
  void aSecondRunIntoTheSameWorkDirectoryCountsOnlyItsOwnFiles() {
    Path bundle = CliFixtures.trainOnDemoData(temp, 1, 8, 1);
    Path work = temp.resolve("bench");

    CommandRun first = bench(bundle, work, "2");
    CommandRun second = bench(bundle, work, "1");

    first.assertOk();
    second.assertOk();
    assertTrue(
        second.out().matches("(?s).*ratio pipeline / \\(raw batch 1024 x 1 cores\\).*"),
        second.out());
  }

  private static CommandRun bench(Path bundle, Path work, String parallelism) {
    return run(
        "bench",
        "pipeline",
        "--model",
        bundle.toString(),
        "--rows",
        "3000",
        "--repeat",
        "1",
        "--parallelism",
        parallelism,
        "--work-dir",
        work.toString());
  }
}
