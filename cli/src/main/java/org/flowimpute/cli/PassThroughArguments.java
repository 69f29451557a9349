package org.flowimpute.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Guards the {@code --name=value} arguments a pipeline command hands to Beam: one that is the Beam
 * spelling of the command's own option ({@code --keyField} for {@code --key-field}) would be
 * overwritten by that option's value or default when the command fills in Beam's options, so the
 * job silently ran without it (ungrouped calibration, other record keys). Such arguments are
 * refused with the option to use instead, as is anything not written {@code --name=value}.
 */
final class PassThroughArguments {

  private PassThroughArguments() {}

  /**
   * Throws a usage error for the first argument that is the Beam name of an option of {@code spec},
   * or that is not {@code --name=value} (a misspelt option followed by its value: Beam said only
   * "Argument 'person_id' does not begin with '--'").
   */
  static void refuseCommandOptions(CommandSpec spec, List<String> arguments) {
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      if (!argument.startsWith("--")) {
        throw new ParameterException(
            spec.commandLine(),
            i == 0
                ? "unexpected argument '" + argument + "'"
                : "unknown option "
                    + arguments.get(i - 1)
                    + " (followed by '"
                    + argument
                    + "'); Beam options are written --name=value");
      }
      int equals = argument.indexOf('=');
      String name = argument.substring(2, equals < 0 ? argument.length() : equals);
      String option = "--" + OptionSpellings.kebab(name);
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
}
