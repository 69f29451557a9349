package org.flowimpute.table;

import java.text.Normalizer;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Says how a category level that matches none differs from a known level that looks the same on
 * screen. Levels are matched as written and values are never changed, but a level in decomposed
 * Unicode (NFD, as macOS keyboards write "ü") or with spaces around it printed like the known one,
 * so errors listing both contradicted themselves ("unknown category 'Süd' (known: …, Süd)").
 */
public final class LevelSpelling {

  private LevelSpelling() {}

  /** "'Ost', 'Nord '": the levels quoted, so that spaces around them show. */
  public static String quoted(Collection<String> levels) {
    return levels.stream().map(level -> "'" + level + "'").collect(Collectors.joining(", "));
  }

  /** The first {@code shown} levels quoted, with " and N more" for the rest. */
  public static String quoted(List<String> levels, int shown) {
    int listed = Math.min(shown, levels.size());
    return quoted(levels.subList(0, listed))
        + (levels.size() > listed ? " and " + (levels.size() - listed) + " more" : "");
  }

  /**
   * How {@code level} differs from the first of {@code known} that it equals after Unicode NFC
   * normalisation and stripping spaces around both, or null if none does: "'Süd' differs from the
   * data's 'Süd' only in Unicode normalisation (NFD vs NFC): save the targets file as NFC".
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
    return null;
  }

  private static String describe(String level, String known, String whose, String source) {
    String start = "'" + level + "' differs from " + whose + " '" + known + "' only in ";
    if (nfc(level).equals(nfc(known))) {
      return start + normalisation(level, known, source);
    }
    if (level.strip().equals(known.strip())) {
      return start + "spaces around it";
    }
    return start + "spaces around it and in " + normalisation(level.strip(), known.strip(), source);
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

  private static String nfc(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFC);
  }
}
