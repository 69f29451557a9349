package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  @TempDir Path temp;

  @Test
  void runsTheUserPathAndPrintsSharesOfRealAndImputedValues() {
    CommandRun result =
        run("demo", "--rows", "400", "--epochs", "2", "--work-dir", temp.toString()).assertOk();

    String summary = result.out().substring(result.out().indexOf("== summary"));
    assertTrue(summary.contains("rows: 400 real, 400 imputed"), summary);
    for (String target : DemoCommand.TARGETS) {
      assertTrue(summary.contains(target), summary);
    }
    assertTrue(Files.isDirectory(temp.resolve("bundle")));
  }
}
