package org.flowimpute.cli;

import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code N K} of {@code bench emm --generate}: records and constraints of one generated
 * problem. A single value rather than an {@code int[]}, so that picocli neither collects a second
 * {@code --generate} (which was silently ignored) nor shows the option as repeatable.
 *
 * @param records N, the records of the problem
 * @param constraints K, its constraints
 */
record GeneratedProblemSize(int records, int constraints) {

  /** Takes exactly the two integers after the option, and the option only once. */
  static final class Consumer implements IParameterConsumer {

    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
      OptionSpec option = (OptionSpec) argSpec;
      if (option.getValue() != null) {
        throw new ParameterException(
            commandSpec.commandLine(),
            option.longestName() + " takes one problem (N K) and is given once, got it again");
      }
      int records = integer(args, option, commandSpec, "N");
      int constraints = integer(args, option, commandSpec, "K");
      option.setValue(new GeneratedProblemSize(records, constraints));
    }

    private static int integer(
        Stack<String> args, OptionSpec option, CommandSpec commandSpec, String name) {
      if (args.isEmpty()) {
        throw new ParameterException(
            commandSpec.commandLine(),
            option.longestName() + " takes two integers N K, got no " + name);
      }
      String value = args.pop();
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new ParameterException(
            commandSpec.commandLine(),
            option.longestName() + " " + name + " must be an integer, got '" + value + "'",
            e,
            option,
            value);
      }
    }
  }
}
