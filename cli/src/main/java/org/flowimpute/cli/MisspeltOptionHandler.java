package org.flowimpute.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a misspelt required option as the unknown option it is. picocli checks required options
 * before it refuses unknown ones, so {@code train --condition age} said only that {@code
 * --conditions} was missing, never naming what was typed; when a required option is missing and
 * some arguments matched nothing, those are reported instead, with picocli's suggestions ({@code
 * --conditions}). An option with several names is named as typed ({@link TypedOptionName}).
 * Everything else goes to picocli's own handler (message, suggestions, usage).
 */
final class MisspeltOptionHandler implements IParameterExceptionHandler {

  private final IParameterExceptionHandler standard;

  MisspeltOptionHandler(IParameterExceptionHandler standard) {
    this.standard = standard;
  }

  @Override
  public int handleParseException(ParameterException error, String[] args) throws Exception {
    CommandLine command = error.getCommandLine();
    List<String> unmatched = command.getUnmatchedArguments();
    if (error instanceof MissingParameterException && !unmatched.isEmpty()) {
      return standard.handleParseException(
          new UnmatchedArgumentException(command, unmatched), args);
    }
    return standard.handleParseException(TypedOptionName.of(error, args), args);
  }
}
