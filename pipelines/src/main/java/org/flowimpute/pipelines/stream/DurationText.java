package org.flowimpute.pipelines.stream;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Duration;

/** Parses the durations the streaming options take: {@code 500ms}, {@code 30s}, {@code 5m}, 1h. */
public final class DurationText {

  private static final Pattern TEXT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  private DurationText() {}

  /**
   * The duration {@code text} names; a bare {@code 0} is zero.
   *
   * @param option the option name, for the error message
   * @throws IllegalArgumentException naming the option and the accepted forms
   */
  public static Duration parse(String option, String text) {
    Matcher matcher = TEXT.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches() || (matcher.group(2) == null && !matcher.group(1).equals("0"))) {
      throw new IllegalArgumentException(
          "--"
              + option
              + ": expected a duration such as 500ms, 30s, 5m, 1h or 1d, got '"
              + text
              + "'");
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
    return switch (unit) {
      case "ms" -> Duration.millis(amount);
      case "s" -> Duration.standardSeconds(amount);
      case "m" -> Duration.standardMinutes(amount);
      case "h" -> Duration.standardHours(amount);
      default -> Duration.standardDays(amount);
    };
  }
}
