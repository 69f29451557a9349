package org.flowimpute.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The two spellings of a pipeline option: Beam's ({@code --keyField}), used by the job jars and in
 * the pipelines' own messages, and the command's ({@code --key-field}). A CLI user who gave {@code
 * --key-field} should read that name back in an error, not the Beam name the message was written
 * with.
 */
final class OptionSpellings {

  /** A Beam option name standing alone: not inside a word or a path ({@code /run--weightOut/}). */
  private static final Pattern BEAM_OPTION =
      Pattern.compile("(?<![\\w/.-])--([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*)(?![\\w/.-])");

  private OptionSpellings() {}

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

  /**
   * {@code message} with each Beam option name that is an option of {@code spec} written as that
   * option ({@code --keyField} → {@code --key-field}); other Beam names (options only Beam has)
   * stay.
   */
  static String inCommandSpelling(CommandSpec spec, String message) {
    Matcher matcher = BEAM_OPTION.matcher(message);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String option = "--" + kebab(matcher.group(1));
      String replacement = spec.findOption(option) != null ? option : matcher.group();
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
