package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
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

  /** Numbers the CLI prints read the same in a locale with a decimal comma or other digits. */
  @Test
  void theProcessFormatsNumbersInTheRootLocale() {
    Locale before = Locale.getDefault(Locale.Category.FORMAT);
    try {
      Locale.setDefault(Locale.Category.FORMAT, Locale.GERMANY);
      FlowImpute.configureProcess();
      assertEquals("13.1 s, 2000 records", String.format("%.1f s, %d records", 13.1, 2000));
    } finally {
      Locale.setDefault(Locale.Category.FORMAT, before);
    }
  }

  /** Every subcommand's --version (listed by its --help) prints the version, not nothing. */
  @Test
  void subcommandsPrintTheVersionToo() {
    for (String[] command : new String[][] {{"train", "--version"}, {"bench", "emm", "-V"}}) {
      CommandRun result = run(command);
      assertEquals(ExitCodes.OK, result.exitCode(), result.err());
      assertTrue(
          result.out().startsWith("flowimpute " + VersionProvider.version()),
          String.join(" ", command) + ": " + result.out());
    }
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

  /** A misspelt required option is named as the unknown option it is, with the right spelling. */
  @Test
  void aMisspeltRequiredOptionIsNamed() {
    CommandRun misspelt = run("train", "--condition", "age", "--targets", "x", "--data", "a.csv");
    CommandRun missing = run("train", "--targets", "x", "--data", "a.csv");

    assertEquals(ExitCodes.USAGE, misspelt.exitCode(), misspelt.err());
    assertEquals(
        "Unknown options: '--condition', 'age'\nPossible solutions: --conditions",
        misspelt.err().strip().lines().limit(2).reduce((a, b) -> a + "\n" + b).orElse(""));
    assertEquals(ExitCodes.USAGE, missing.exitCode(), missing.err());
    assertTrue(
        missing
            .err()
            .startsWith("Missing required options: '--conditions=<conditions>', '--out=<out>'"),
        missing.err());
  }
}
