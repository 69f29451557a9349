package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Benchmark options that cannot give a result are refused before any work, naming the option. */
class BenchOptionsTest {

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
        result.err().startsWith("--rows must be more than the small job's 2000"), result.err());
  }
}
