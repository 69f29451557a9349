package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * One in-process run of the {@code flowimpute} command line, as the CLI tests make it: the exit
 * code and what the command printed to stdout and stderr (without ANSI styles, so the text is the
 * same on a terminal and in CI).
 *
 * @param exitCode the command's exit code ({@link ExitCodes})
 * @param out what it printed to stdout
 * @param err what it printed to stderr
 */
record CommandRun(int exitCode, String out, String err) {

  /** Runs {@code flowimpute args...} as {@link FlowImpute#main} would, capturing its output. */
  static CommandRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = FlowImpute.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    int exitCode = commandLine.execute(args);
    return new CommandRun(exitCode, out.toString(), err.toString());
  }

  /** Runs {@code command} followed by {@code extraOptions}. */
  static CommandRun run(List<String> command, String... extraOptions) {
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of(extraOptions));
    return run(args.toArray(String[]::new));
  }

  /** Fails, showing stderr and stdout, unless the command exited {@link ExitCodes#OK}. */
  CommandRun assertOk() {
    assertEquals(ExitCodes.OK, exitCode, err + out);
    return this;
  }
}
