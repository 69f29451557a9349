package org.flowimpute.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line a command was run with, as text to paste into a shell: {@code flowimpute}, the
 * subcommand names and the options given, with their values as typed (relative paths stay
 * relative). Generated files say how to regenerate them with it, rather than with fixed arguments
 * that may not be those used.
 */
final class CommandLineText {

  private CommandLineText() {}

  /** The command line that ran {@code spec}'s command, as parsed. */
  static String of(CommandSpec spec) {
    ParseResult parsed = spec.commandLine().getParseResult();
    List<String> words = new ArrayList<>(List.of(spec.qualifiedName().split(" ")));
    for (OptionSpec option : parsed.matchedOptions()) {
      List<String> values = parsed.matchedOption(option.longestName()).originalStringValues();
      if (option.arity().max() == 0) {
        words.add(option.longestName());
        continue;
      }
      for (String value : values) {
        words.add(option.longestName());
        words.add(quoted(value));
      }
    }
    return String.join(" ", words);
  }

  private static String quoted(String word) {
    if (word.matches("[A-Za-z0-9_./:=,+@%-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
