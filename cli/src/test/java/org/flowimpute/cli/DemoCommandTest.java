package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

  @TempDir Path temp;

  @Test
  void runsTheUserPathAndPrintsSharesOfRealAndImputedValues() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = FlowImpute.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));

    int exit =
        commandLine.execute(
            "demo", "--rows", "400", "--epochs", "2", "--work-dir", temp.toString());

    assertEquals(ExitCodes.OK, exit, err.toString() + out);
    String summary = out.toString().substring(out.toString().indexOf("== summary"));
    assertTrue(summary.contains("rows: 400 real, 400 imputed"), summary);
    for (String target : DemoCommand.TARGETS) {
      assertTrue(summary.contains(target), summary);
    }
    assertTrue(Files.isDirectory(temp.resolve("bundle")));
  }
}
