package org.flowimpute.encode;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Finds the known category that spells a boolean in another case ({@code TRUE} for {@code true}),
 * for {@link FieldValues#knownCategory}: the categories are known only through a predicate, so
 * every case of {@code true} or {@code false} (16 and 32 spellings) is tried.
 */
final class BooleanSpellings {
  private BooleanSpellings() {}

  /**
   * The one spelling of {@code category} in any case that is {@code known}, if {@code category} is
   * {@code true} or {@code false} in any case; null if it is not, or if no spelling or more than
   * one is known.
   */
  static String known(String category, Predicate<String> known) {
    if (!category.equalsIgnoreCase("true") && !category.equalsIgnoreCase("false")) {
      return null;
    }
    String lower = category.toLowerCase(Locale.ROOT);
    String found = null;
    for (int upper = 0; upper < 1 << lower.length(); upper++) {
      String spelling = inCase(lower, upper);
      if (known.test(spelling)) {
        if (found != null) {
          return null;
        }
        found = spelling;
      }
    }
    return found;
  }

  /** {@code lower} with the letters at the set bits of {@code upper} in upper case. */
  private static String inCase(String lower, int upper) {
    char[] letters = lower.toCharArray();
    for (int i = 0; i < letters.length; i++) {
      if ((upper & (1 << i)) != 0) {
        letters[i] = Character.toUpperCase(letters[i]);
      }
    }
    return new String(letters);
  }
}
