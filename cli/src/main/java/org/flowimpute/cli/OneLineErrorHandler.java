package org.flowimpute.cli;

import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.util.UserCodeException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failed command's error as one line on stderr (the stack trace only with {@code
 * --verbose}), so that users see what went wrong and scripts see exit code 1. Options are named as
 * the command spells them ({@link OptionSpellings}). An argument Beam refuses as no option at all
 * or given a value not of its type is a usage error instead (exit code 2, {@link
 * UnknownBeamOption}).
 */
final class OneLineErrorHandler implements IExecutionExceptionHandler {

  /** How Jackson's {@link ValueInstantiationException} text begins. */
  private static final String JACKSON_INSTANTIATION_TEXT = "Cannot construct instance of";

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) throws Exception {
    if (exception instanceof CommandLine.ParameterException parameterException) {
      throw parameterException;
    }
    CommandLine.ParameterException unknownOption =
        UnknownBeamOption.asUsageError(commandLine, exception);
    if (unknownOption == null) {
      unknownOption = UnknownBeamOption.wrongTypeAsUsageError(commandLine, exception);
    }
    if (unknownOption != null) {
      return commandLine
          .getParameterExceptionHandler()
          .handleParseException(unknownOption, parseResult.originalArgs().toArray(String[]::new));
    }
    CommandLine.Help.ColorScheme colors = commandLine.getColorScheme();
    String message =
        OptionSpellings.inCommandSpelling(commandLine.getCommandSpec(), describe(exception));
    commandLine.getErr().println(colors.errorText("error: " + message));
    if (isVerbose(parseResult)) {
      exception.printStackTrace(commandLine.getErr());
    }
    return ExitCodes.FAILURE;
  }

  private static String describe(Throwable exception) {
    Throwable reported = exception;
    while (isWrapper(reported)) {
      reported = reported.getCause();
    }
    Throwable refusedValue = refusedOptionValue(reported);
    if (refusedValue != null) {
      reported = refusedValue;
    }
    String message = reported.getMessage();
    if (message == null || message.isBlank()) {
      message =
          "internal error "
              + reported.getClass().getSimpleName()
              + " (--verbose prints where it happened; please report it)";
    }
    return message.replace('\n', ' ');
  }

  /**
   * The error a value's own parser threw, when Beam read an option value through Jackson (which
   * wraps it in a {@link ValueInstantiationException} whose text Beam copies, with Jackson's class
   * and source details around the message); null otherwise, and null for an error whose message is
   * our own (a manifest or targets file refused with its path, which keeps Jackson's exception as
   * its cause).
   */
  private static Throwable refusedOptionValue(Throwable exception) {
    String message = exception.getMessage();
    if (message == null || !message.contains(JACKSON_INSTANTIATION_TEXT)) {
      return null;
    }
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof ValueInstantiationException && cause.getCause() != null) {
        return cause.getCause();
      }
      if (cause.getCause() == cause) {
        return null;
      }
    }
    return null;
  }

  /**
   * Whether {@code exception} only wraps the error that matters: Beam's wrappers of a failed step
   * ({@link UserCodeException}, {@link Pipeline.PipelineExecutionException}, the (vendored) Guava
   * cache's {@code UncheckedExecutionException} around a step's set-up), futures' {@link
   * ExecutionException} and {@link CompletionException}, Flink's job failure chain ({@code
   * JobExecutionException}, its restart strategy's {@code JobException}) and a bare {@link
   * RuntimeException} around a cause, as Beam's Flink runner throws ("Pipeline execution failed").
   */
  private static boolean isWrapper(Throwable exception) {
    Throwable cause = exception.getCause();
    if (cause == null || cause == exception) {
      return false;
    }
    return exception instanceof UserCodeException
        || exception instanceof Pipeline.PipelineExecutionException
        || exception instanceof ExecutionException
        || exception instanceof CompletionException
        || exception.getClass().getSimpleName().equals("UncheckedExecutionException")
        || exception.getClass().getName().startsWith("org.apache.flink.")
        || exception.getClass() == RuntimeException.class;
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
