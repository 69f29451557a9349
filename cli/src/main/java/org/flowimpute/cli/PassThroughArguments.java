package org.flowimpute.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Guards the {@code --name=value} arguments a pipeline command hands to Beam: one that is the Beam
 * spelling of the command's own option ({@code --keyField} for {@code --key-field}) would be
 * overwritten by that option's value or default when the command fills in Beam's options, so the
 * job silently ran without it (ungrouped calibration, other record keys). Such arguments are
 * refused with the option to use instead.
 */
final class PassThroughArguments {

  private PassThroughArguments() {}

  /**
   * Throws a usage error for the first argument that is the Beam name of an option of {@code spec}.
   */
  static void refuseCommandOptions(CommandSpec spec, List<String> arguments) {
    for (String argument : arguments) {
      if (!argument.startsWith("--")) {
        continue;
      }
      int equals = argument.indexOf('=');
      String name = argument.substring(2, equals < 0 ? argument.length() : equals);
      String option = "--" + kebab(name);
      if (spec.findOption(option) != null) {
        throw new ParameterException(
            spec.commandLine(),
            "--"
                + name
                + " is this command's option "
                + option
                + "; give it as "
                + option
                + " (passed to Beam, it would be overwritten by "
                + option
                + "'s value or default)");
      }
    }
  }

  /** {@code keyField} → {@code key-field}. */
  static String kebab(String camel) {
    StringBuilder out = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('-').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
