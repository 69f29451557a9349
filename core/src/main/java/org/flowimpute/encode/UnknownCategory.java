package org.flowimpute.encode;

import java.util.List;
import org.flowimpute.table.LevelSpelling;

/**
 * The message for a category the model does not know, shared by conditions and observed targets,
 * and by the local encoder and the pipelines' record validation: the known categories quoted, so
 * that spaces and commas in them show ("'Nord', 'Pas-de-Calais'" is two categories, "'Nord,
 * Pas-de-Calais'" one), and what tells the value apart from a known one that looks the same
 * ("unknown category 'Süd' (known: 'Nord', 'Süd'): 'Süd' differs from the model's 'Süd' only in
 * Unicode normalisation (NFD vs NFC): save the input as NFC"); an error listing the value among the
 * known ones contradicted itself on screen.
 */
public final class UnknownCategory {

  private UnknownCategory() {}

  /**
   * The message for {@code category} of a categorical condition whose model refuses unknown
   * categories (trained with {@code --unknown-category error}).
   */
  public static String ofCondition(String category, List<String> known) {
    return describe(category, known, "; the model was trained with --unknown-category error");
  }

  /**
   * The message for {@code category}; {@code note} is added inside the parentheses, after the known
   * categories.
   */
  static String describe(String category, List<String> known, String note) {
    String difference = LevelSpelling.difference(category, known, "the model's", "the input");
    return "unknown category "
        + LevelSpelling.quoted(category)
        + " (known: "
        + LevelSpelling.quoted(known)
        + note
        + ")"
        + (difference == null ? "" : ": " + difference);
  }
}
