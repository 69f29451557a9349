package org.flowimpute.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a usage error in a few lines: the message, picocli's suggestions for a misspelt option,
 * and where the options are described ({@code Run 'flowimpute train --help' for the options.});
 * picocli's own handler printed the command's whole usage after the message (98 lines for {@code
 * train}), so the message scrolled out of a log.
 *
 * <p>A misspelt required option is reported as the unknown option it is. picocli checks required
 * options before it refuses unknown ones, so {@code train --condition age} said only that {@code
 * --conditions} was missing, never naming what was typed; when a required option is missing and
 * some arguments matched nothing, those are reported instead, with picocli's suggestions ({@code
 * --conditions}). An option with several names is named as typed ({@link TypedOptionName}).
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException error, String[] args) {
    CommandLine command = error.getCommandLine();
    List<String> unmatched = command.getUnmatchedArguments();
    ParameterException reported =
        error instanceof MissingParameterException && !unmatched.isEmpty()
            ? new UnmatchedArgumentException(command, unmatched)
            : TypedOptionName.of(error, args);
    PrintWriter err = command.getErr();
    err.println(command.getColorScheme().errorText(reported.getMessage()));
    UnmatchedArgumentException.printSuggestions(reported, err);
    err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }
}
