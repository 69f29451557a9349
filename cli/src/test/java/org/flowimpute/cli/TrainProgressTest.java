package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a terminal (a log file, a pipe, CI) {@code train} reports progress as one complete line
 * per epoch on stderr; a redrawn bar there was cut to an assumed width ({@code val 12.08}) and left
 * the log unreadable.
 */
class TrainProgressTest {

  private static final Pattern EPOCH_LINE =
      Pattern.compile(
          "epoch (\\d)/3 train -?\\d+\\.\\d{3} val -?\\d+\\.\\d{3}, \\d+\\.\\d s \\(at most \\d+ s to"
              + " go\\)");

  @TempDir Path temp;

  @Test
  void withoutATerminalEachEpochIsOneCompleteLine() throws Exception {
    Path data = temp.resolve("data.csv");
    Files.writeString(data, TrainGenerateCommandTest.table(600, 3, true));

    CommandRun trained = TrainGenerateCommandTest.trainSmall(data, temp.resolve("bundle"));

    trained.assertOk();
    List<String> lines = trained.err().lines().toList();
    assertEquals(3, lines.size(), trained.err());
    for (int i = 0; i < lines.size(); i++) {
      var matcher = EPOCH_LINE.matcher(lines.get(i));
      assertTrue(matcher.matches(), lines.get(i));
      assertEquals(String.valueOf(i + 1), matcher.group(1));
    }
    assertTrue(lines.get(2).endsWith("(at most 0 s to go)"), lines.get(2));
  }

  @Test
  void noProgressPrintsNothing() throws Exception {
    Path data = temp.resolve("data.csv");
    Files.writeString(data, TrainGenerateCommandTest.table(600, 3, true));

    CommandRun trained =
        TrainGenerateCommandTest.trainSmall(data, temp.resolve("bundle"), "--no-progress");

    trained.assertOk();
    assertEquals("", trained.err());
  }
}
