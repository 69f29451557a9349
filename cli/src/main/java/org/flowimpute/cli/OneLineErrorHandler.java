package org.flowimpute.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failed command's error as one line on stderr (the stack trace only with {@code
 * --verbose}), so that users see what went wrong and scripts see exit code 1.
 */
final class OneLineErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) {
    if (exception instanceof CommandLine.ParameterException parameterException) {
      throw parameterException;
    }
    CommandLine.Help.ColorScheme colors = commandLine.getColorScheme();
    commandLine.getErr().println(colors.errorText("error: " + describe(exception)));
    if (isVerbose(parseResult)) {
      exception.printStackTrace(commandLine.getErr());
    }
    return ExitCodes.FAILURE;
  }

  private static String describe(Throwable exception) {
    String message = exception.getMessage();
    if (message == null || message.isBlank()) {
      message = exception.getClass().getSimpleName();
    }
    return message.replace('\n', ' ');
  }

  private static boolean isVerbose(ParseResult parseResult) {
    for (ParseResult current = parseResult; current != null; current = current.subcommand()) {
      if (current.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
