package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FlowImputeTest {

  @Test
  void versionPrintsTheBuildVersion() {
    CommandRun result = run("--version");

    assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    assertTrue(result.out().startsWith("flowimpute " + VersionProvider.version()), result.out());
    assertTrue(
        VersionProvider.version().matches("\\d+\\.\\d+\\.\\d+.*"), VersionProvider.version());
  }

  @Test
  void helpListsUsage() {
    CommandRun result = run("--help");

    assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    assertTrue(result.out().contains("Usage: flowimpute"), result.out());
  }

  @Test
  void missingSubcommandIsAUsageError() {
    CommandRun result = run();

    assertEquals(ExitCodes.USAGE, result.exitCode());
    assertTrue(result.err().contains("Missing subcommand"), result.err());
  }

  @Test
  void unknownOptionIsAUsageError() {
    CommandRun result = run("--no-such-option");

    assertEquals(ExitCodes.USAGE, result.exitCode());
    assertTrue(result.err().contains("--no-such-option"), result.err());
  }
}
