package org.flowimpute.cli;

import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Names an option with several names as the user typed it. picocli's messages about an option's
 * value name the option by its longest name, so {@code synthesize --n abc} said "Invalid value for
 * option '--rows'", an alias the user never typed.
 */
final class TypedOptionName {

  private TypedOptionName() {}

  /**
   * {@code error} with its option named as typed in {@code args} (the occurrence carrying the
   * refused value); {@code error} itself when its option has one name, was typed by its longest
   * name, or is not found in {@code args}.
   */
  static ParameterException of(ParameterException error, String[] args) {
    ArgSpec argSpec = error.getArgSpec();
    String message = error.getMessage();
    if (!(argSpec instanceof OptionSpec option)
        || option.names().length < 2
        || message == null
        || error.getCommandLine() == null) {
      return error;
    }
    String longest = "'" + option.longestName() + "'";
    String typed = typedName(option, error.getValue(), args);
    if (typed == null || typed.equals(option.longestName()) || !message.contains(longest)) {
      return error;
    }
    return new ParameterException(
        error.getCommandLine(),
        message.replace(longest, "'" + typed + "'"),
        error.getCause(),
        argSpec,
        error.getValue());
  }

  /**
   * The name of {@code option} in {@code args}: of the occurrence giving {@code value} ({@code
   * --n=abc} or {@code --n abc}) if there is one, else of the first occurrence; null if none.
   */
  private static String typedName(OptionSpec option, String value, String[] args) {
    String first = null;
    for (int i = 0; i < args.length; i++) {
      for (String name : option.names()) {
        boolean separate = args[i].equals(name);
        boolean attached = args[i].startsWith(name + "=");
        if (!separate && !attached) {
          continue;
        }
        String given =
            attached
                ? args[i].substring(name.length() + 1)
                : i + 1 < args.length ? args[i + 1] : null;
        if (value != null && value.equals(given)) {
          return name;
        }
        if (first == null) {
          first = name;
        }
      }
    }
    return first;
  }
}
