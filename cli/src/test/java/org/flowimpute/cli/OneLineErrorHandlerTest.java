package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** An error without a message is reported as an internal error, not as a bare class name. */
class OneLineErrorHandlerTest {

  @Test
  void anErrorWithoutAMessageSaysItIsInternal() throws Exception {
    CommandLine commandLine = FlowImpute.newCommandLine();
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err));
    CommandLine.ParseResult parsed = commandLine.parseArgs("inspect", "bundle.zip");

    int exitCode =
        new OneLineErrorHandler()
            .handleExecutionException(new NullPointerException(), commandLine, parsed);

    assertEquals(ExitCodes.FAILURE, exitCode);
    assertEquals(
        "error: internal error NullPointerException (--verbose prints where it happened; please"
            + " report it)",
        err.toString().strip());
  }
}
