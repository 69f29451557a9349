package org.flowimpute.table;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Says how a category level that matches none differs from a known level that looks the same on
 * screen or nearly. Levels are matched as written and values are never changed, but a level in
 * decomposed Unicode (NFD, as macOS keyboards write "ü") or with spaces around it printed like the
 * known one, so errors listing both contradicted themselves ("unknown category 'Süd' (known: …,
 * Süd)"), and one in other letter case ('South' for 'south') is easily missed in a long list.
 */
public final class LevelSpelling {

  private LevelSpelling() {}

  /**
   * A level as errors and summaries quote it ({@code 'north'}), so that an empty level, spaces
   * around one or a comma in one show ({@code 'south, coast'} read as two levels when unquoted),
   * with each control character written as an escape (a line break as {@code \n}) so that it cannot
   * break a one-line error.
   */
  public static String quoted(String level) {
    StringBuilder quoted = new StringBuilder(level.length() + 2).append('\'');
    level
        .codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                quoted.append(escape(c));
              } else {
                quoted.appendCodePoint(c);
              }
            });
    return quoted.append('\'').toString();
  }

  /** {@code \n}, {@code \t}, {@code \r}, or a backslash, u and 4 hex digits for another. */
  private static String escape(int control) {
    return switch (control) {
      case '\n' -> "\\n";
      case '\t' -> "\\t";
      case '\r' -> "\\r";
      default -> String.format(Locale.ROOT, "\\u%04x", control);
    };
  }

  /**
   * "'Ost', 'Nord '": the levels quoted ({@link #quoted(String)}), so that spaces around them show.
   */
  public static String quoted(Collection<String> levels) {
    return levels.stream().map(LevelSpelling::quoted).collect(Collectors.joining(", "));
  }

  /** The first {@code shown} levels quoted, with " and N more" for the rest. */
  public static String quoted(List<String> levels, int shown) {
    int listed = Math.min(shown, levels.size());
    return quoted(levels.subList(0, listed))
        + (levels.size() > listed ? " and " + (levels.size() - listed) + " more" : "");
  }

  /**
   * How {@code level} differs from the first of {@code known} that it equals after Unicode NFC
   * normalisation and stripping spaces around both, else from the first it equals after also
   * ignoring letter case, or null if none does: "'Süd' differs from the data's 'Süd' only in
   * Unicode normalisation (NFD vs NFC): save the targets file as NFC", "'South' differs from the
   * model's 'south' only in letter case".
   *
   * @param whose whose the known levels are, e.g. "the data's", "the model's"
   * @param source what holds {@code level}, e.g. "the targets file", "the input"
   */
  public static String difference(
      String level, Collection<String> known, String whose, String source) {
    String key = key(level);
    for (String candidate : known) {
      if (!candidate.equals(level) && key(candidate).equals(key)) {
        return describe(level, candidate, whose, source);
      }
    }
    String folded = folded(key);
    for (String candidate : known) {
      if (!candidate.equals(level) && folded(key(candidate)).equals(folded)) {
        return describe(level, candidate, whose, source);
      }
    }
    return null;
  }

  /**
   * "'South ' differs from the model's 'south' only in spaces around it and in letter case": each
   * way the two differ, of spaces around them, letter case and Unicode normalisation.
   */
  private static String describe(String level, String known, String whose, String source) {
    List<String> differences = new ArrayList<>();
    if (!folded(nfc(level)).equals(folded(nfc(known)))) {
      differences.add("spaces around it");
    }
    String stripped = level.strip();
    String knownStripped = known.strip();
    if (!nfc(stripped).equals(nfc(knownStripped))) {
      differences.add("letter case");
    }
    if (!form(stripped).equals(form(knownStripped)) || differences.isEmpty()) {
      differences.add(normalisation(stripped, knownStripped, source));
    }
    int last = differences.size() - 1;
    return quoted(level)
        + " differs from "
        + whose
        + " "
        + quoted(known)
        + " only in "
        + (last == 0
            ? differences.get(0)
            : String.join(", in ", differences.subList(0, last))
                + " and in "
                + differences.get(last));
  }

  /** "Unicode normalisation (NFD vs NFC): save the input as NFC". */
  private static String normalisation(String level, String known, String source) {
    String target = form(known);
    return "Unicode normalisation ("
        + form(level)
        + " vs "
        + target
        + ")"
        + (target.startsWith("NF") ? ": save " + source + " as " + target : "");
  }

  /** "NFC", "NFD", or "neither NFC nor NFD". */
  private static String form(String text) {
    if (Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
      return "NFC";
    }
    return Normalizer.isNormalized(text, Normalizer.Form.NFD) ? "NFD" : "neither NFC nor NFD";
  }

  private static String key(String level) {
    return nfc(level.strip());
  }

  /** {@code text} in one letter case ('STRASSE' and 'Straße' alike: upper, then lower case). */
  private static String folded(String text) {
    return text.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  private static String nfc(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFC);
  }
}
