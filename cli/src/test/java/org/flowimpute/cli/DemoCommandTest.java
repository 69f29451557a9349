package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    // the calibrate step reads the shards by the glob impute printed, quoted for a shell, so that
    // the printed steps can be repeated by hand; no merged file is made
    String shards = temp.resolve("imputed").resolve("imputed-[0-9]*.avro").toString();
    assertTrue(result.out().contains("output: " + shards + "\n"), result.out());
    assertTrue(
        result.out().contains("== flowimpute calibrate --data '" + shards + "' --weight weight"),
        result.out());
    assertFalse(Files.exists(temp.resolve("imputed.avro")));

    CommandRun again =
        run(
                "demo",
                "--rows",
                "400",
                "--epochs",
                "2",
                "--parallelism",
                "1",
                "--work-dir",
                temp.toString())
            .assertOk();

    String secondSummary = again.out().substring(again.out().indexOf("== summary"));
    assertTrue(secondSummary.contains("rows: 400 real, 400 imputed"), secondSummary);
  }

  @Test
  void optionValuesThatNoStepCouldUseAreRefusedBeforeAnyStepRuns() throws Exception {
    Path file = Files.writeString(temp.resolve("file"), "x");

    CommandRun rows = run("demo", "--rows", "0", "--work-dir", temp.resolve("a").toString());
    CommandRun parallelism =
        run("demo", "--parallelism", "-3", "--work-dir", temp.resolve("b").toString());
    CommandRun workDir = run("demo", "--work-dir", file.toString());

    assertEquals(ExitCodes.USAGE, rows.exitCode());
    assertTrue(rows.err().startsWith("--rows must be at least 1, got 0"), rows.err());
    assertEquals(ExitCodes.USAGE, parallelism.exitCode());
    assertTrue(
        parallelism.err().startsWith("--parallelism must be at least 1, got -3"),
        parallelism.err());
    assertEquals(ExitCodes.USAGE, workDir.exitCode());
    assertTrue(
        workDir.err().startsWith("--work-dir " + file + " is a file, expected a directory"),
        workDir.err());
    assertFalse(Files.exists(temp.resolve("a")));
  }
}
