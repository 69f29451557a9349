package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FlowImputeTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = FlowImpute.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void versionPrintsTheBuildVersion() {
    int exit = run("--version");

    assertEquals(ExitCodes.OK, exit);
    assertTrue(
        out.toString().startsWith("flowimpute " + VersionProvider.version()), out.toString());
    assertTrue(
        VersionProvider.version().matches("\\d+\\.\\d+\\.\\d+.*"), VersionProvider.version());
  }

  @Test
  void helpListsUsage() {
    int exit = run("--help");

    assertEquals(ExitCodes.OK, exit);
    assertTrue(out.toString().contains("Usage: flowimpute"), out.toString());
  }

  @Test
  void missingSubcommandIsAUsageError() {
    int exit = run();

    assertEquals(ExitCodes.USAGE, exit);
    assertTrue(err.toString().contains("Missing subcommand"), err.toString());
  }

  @Test
  void unknownOptionIsAUsageError() {
    int exit = run("--no-such-option");

    assertEquals(ExitCodes.USAGE, exit);
    assertTrue(err.toString().contains("--no-such-option"), err.toString());
  }
}
