package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * An option with several names is named as typed in usage errors: {@code synthesize --n abc} said
 * "Invalid value for option '--rows'", the alias the user had not typed.
 */
class TypedOptionNameTest {

  private static String firstLine(CommandRun result) {
    return result.err().lines().findFirst().orElse("");
  }

  @Test
  void aBadValueOfNIsReportedForN() {
    CommandRun result = run("synthesize", "--model", "m.zip", "--n", "abc", "--out", "s.csv");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertEquals("Invalid value for option '--n': 'abc' is not a long", firstLine(result));
  }

  @Test
  void anAttachedBadValueOfNIsReportedForN() {
    CommandRun result = run("synthesize", "--model", "m.zip", "--n=1e3", "--out", "s.csv");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertEquals("Invalid value for option '--n': '1e3' is not a long", firstLine(result));
  }

  @Test
  void aBadValueOfRowsIsStillReportedForRows() {
    CommandRun result = run("synthesize", "--model", "m.zip", "--rows", "abc", "--out", "s.csv");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertEquals("Invalid value for option '--rows': 'abc' is not a long", firstLine(result));
  }
}
