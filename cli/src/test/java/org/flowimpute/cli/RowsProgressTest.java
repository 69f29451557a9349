package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@code generate} shows on a terminal while it imputes: the rows so far and their rate. */
class RowsProgressTest {

  @Test
  void aTerminalShowsTheRowsImputedSoFarAndTheirRate() {
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    try (RowsProgress progress =
        RowsProgress.onTerminal(
            "generate", new PrintStream(terminal, true, StandardCharsets.UTF_8))) {
      progress.add(4_096);
      progress.add(1_000);
    }

    String shown = terminal.toString(StandardCharsets.UTF_8);
    assertTrue(shown.contains("generate"), shown);
    assertTrue(shown.contains("5096/? rows"), shown);
    assertTrue(shown.contains("rows/s"), shown);
  }

  /** Nothing is drawn before the first rows, so that the input's warnings stand on their own. */
  @Test
  void nothingIsDrawnBeforeTheFirstRows() {
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    RowsProgress.onTerminal("generate", new PrintStream(terminal, true, StandardCharsets.UTF_8))
        .close();

    assertEquals("", terminal.toString(StandardCharsets.UTF_8));
  }
}
