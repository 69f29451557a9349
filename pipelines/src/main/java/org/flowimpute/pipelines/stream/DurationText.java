package org.flowimpute.pipelines.stream;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Duration;

/**
 * Parses the durations the streaming options take ({@code 500ms}, {@code 30s}, {@code 5m}, {@code
 * 1h}) and writes them the same way in messages.
 */
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

  /** {@code duration} as the options take it, in its largest exact unit (e.g. {@code 90s}). */
  public static String format(Duration duration) {
    long millis = duration.getMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int unit = 0; unit < sizes.length; unit++) {
      if (millis != 0 && millis % sizes[unit] == 0) {
        return millis / sizes[unit] + units[unit];
      }
    }
    return millis + "ms";
  }
}
