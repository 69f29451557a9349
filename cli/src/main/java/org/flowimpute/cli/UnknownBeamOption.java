package org.flowimpute.cli;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A {@code --name=value} argument passed to Beam that names no option of the command nor of Beam
 * ({@code impute ... --outputFormat=csv}) as a usage error: Beam refuses it when the command builds
 * its pipeline options, and its text ("Class interface
 * org.flowimpute.pipelines.options.ImputeOptions missing a property named 'outputFormat'.") was
 * printed as a failure with exit code 1. Beam's suggestion of a close option name is kept, in the
 * command's spelling when it is the command's option ({@code --batch-size}, not {@code batchSize},
 * which the command refuses). A Beam option given a value not of its type ({@code
 * --maxBundleSize=abc}) is a usage error naming it too ({@link #wrongTypeAsUsageError}).
 */
final class UnknownBeamOption {

  /** Beam's {@code PipelineOptionsFactory} text for an unknown property, with its suggestions. */
  private static final Pattern BEAM_TEXT =
      Pattern.compile(
          "Class (?:interface )?\\S+ missing a property named '([^']+)'\\."
              + "(?: Did you mean (?:'([^']+)'|one of \\[([^\\]]*)\\])\\?)?");

  /** How Jackson's text for a value not of the target type begins (Beam copies it). */
  private static final String JACKSON_TYPE_TEXT = "Cannot deserialize value of type";

  /** A pass-through argument {@code --name=value}. */
  private static final Pattern BEAM_ARGUMENT = Pattern.compile("--([^=]+)=(.*)", Pattern.DOTALL);

  private UnknownBeamOption() {}

  /**
   * The usage error for {@code error} when it is Beam's refusal of an unknown option, else null.
   */
  static ParameterException asUsageError(CommandLine commandLine, Throwable error) {
    String message = error instanceof IllegalArgumentException ? error.getMessage() : null;
    Matcher matcher = message == null ? null : BEAM_TEXT.matcher(message);
    if (matcher == null || !matcher.matches()) {
      return null;
    }
    List<String> suggestions = new ArrayList<>();
    if (matcher.group(2) != null) {
      suggestions.add(matcher.group(2));
    } else if (matcher.group(3) != null) {
      for (String name : matcher.group(3).split(",")) {
        suggestions.add(name.strip());
      }
    }
    CommandSpec spec = commandLine.getCommandSpec();
    List<String> spelt = new ArrayList<>();
    for (String name : suggestions) {
      String option = "--" + OptionSpellings.kebab(name);
      spelt.add(spec.findOption(option) != null ? option : "--" + name + "=...");
    }
    String text =
        "unknown option --"
            + matcher.group(1)
            + ": not an option of this command nor of Beam"
            + (spelt.isEmpty()
                ? ""
                : spelt.size() == 1
                    ? "; did you mean " + spelt.get(0) + "?"
                    : "; did you mean one of " + String.join(", ", spelt) + "?");
    return new ParameterException(commandLine, text, error);
  }

  /**
   * The usage error for {@code error} when it is Beam's refusal of a pass-through {@code
   * --name=value} whose value is not of the option's type ({@code --maxBundleSize=abc}: Jackson's
   * "Cannot deserialize value of type `java.lang.Long` from String "abc"", which named no option,
   * with exit code 1), else null. The option is the command's unmatched argument with that value
   * (of those, the ones of the type Jackson could not read; all of them if none or several are).
   */
  static ParameterException wrongTypeAsUsageError(CommandLine commandLine, Throwable error) {
    if (!(error instanceof IllegalArgumentException)
        || error.getMessage() == null
        || !error.getMessage().startsWith(JACKSON_TYPE_TEXT)) {
      return null;
    }
    InvalidFormatException invalid = null;
    for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof InvalidFormatException format) {
        invalid = format;
        break;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    if (invalid == null || invalid.getTargetType() == null) {
      return null;
    }
    String value = String.valueOf(invalid.getValue());
    List<String> candidates = new ArrayList<>();
    for (String argument : commandLine.getUnmatchedArguments()) {
      Matcher matcher = BEAM_ARGUMENT.matcher(argument);
      if (matcher.matches() && matcher.group(2).equals(value)) {
        candidates.add(matcher.group(1));
      }
    }
    if (candidates.size() > 1) {
      Class<?> refused = boxed(invalid.getTargetType());
      List<String> ofThatType =
          candidates.stream().filter(name -> boxed(optionType(name)) == refused).toList();
      if (!ofThatType.isEmpty()) {
        candidates = ofThatType;
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    String named =
        candidates.size() == 1
            ? "option '--" + candidates.get(0) + "'"
            : "one of the options '--" + String.join("', '--", candidates) + "'";
    return new ParameterException(
        commandLine,
        "Invalid value for "
            + named
            + ": '"
            + value
            + "' is not of type "
            + invalid.getTargetType().getSimpleName(),
        error);
  }

  /** {@code type} with primitives as their wrappers ({@code long} as {@code Long}); null stays. */
  private static Class<?> boxed(Class<?> type) {
    return type == null ? null : MethodType.methodType(type).wrap().returnType();
  }

  /**
   * The type of the Beam option {@code name} among the registered options interfaces, or null if
   * none declares it: several arguments may carry the refused value ({@code --jobName=abc
   * --maxBundleSize=abc}), and the refused one is the option of the type Jackson could not read.
   */
  private static Class<?> optionType(String name) {
    String property = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    for (Class<? extends PipelineOptions> options : PipelineOptionsFactory.getRegisteredOptions()) {
      for (Method method : options.getMethods()) {
        if (method.getParameterCount() == 0
            && (method.getName().equals("get" + property)
                || method.getName().equals("is" + property))) {
          return method.getReturnType();
        }
      }
    }
    return null;
  }
}
