package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.List;
import org.flowimpute.table.LevelSpelling;

/**
 * The levels a target cell names that no record has — of a by-column, of the class column, or a
 * share's category — described for the note an infeasibility error adds, or for the refusal of a
 * file's cell on a by-level no record has ({@link #refusal}). A level is matched as written, so one
 * that looks like a level of the data on screen (Unicode NFD against NFC, spaces around it) or
 * differs from one only in letter case is described with what differs ({@link
 * LevelSpelling#difference}); the note asks "is it spelled as in the data?" only when some level
 * has no such look-alike. A class or share category that no record had got no note at all (only
 * "empty group" or "is it spelled as in the data?" while the data's level printed alike).
 */
final class AbsentLevels {

  /**
   * One level: "region 'island'", " (levels of 'region' in the data: …)" and what differs (null).
   */
  private record Absent(String named, String levels, String difference) {

    /** "region 'island', which no record has (levels …)", with what differs after a colon. */
    String describe(String unit) {
      return named
          + ", which no "
          + unit
          + " has"
          + levels
          + (difference == null ? "" : ": " + difference);
    }
  }

  private final List<Absent> absent = new ArrayList<>();

  /**
   * Adds {@code level}, which no record of {@code column} has; {@code label} is what the file calls
   * it: the by-column's name, "class" or "category".
   */
  void add(String label, String column, List<String> present, String level) {
    absent.add(
        new Absent(
            label + " " + LevelSpelling.quoted(level),
            " (levels of '" + column + "' in the data: " + LevelSpelling.quoted(present, 10) + ")",
            LevelSpelling.difference(level, present, "the data's", "the targets file")));
  }

  /** Adds the levels of {@code other} after these. */
  void addAll(AbsentLevels other) {
    absent.addAll(other.absent);
  }

  boolean isEmpty() {
    return absent.isEmpty();
  }

  /**
   * "targets file t.yaml (at targets[0].cells[1]) gives region 'island', which no record has
   * (levels of 'region' in the data: 'north', 'south'): is it spelled as in the data?"
   *
   * @param source how errors name the targets file, or null
   * @param place the place in the file, e.g. "targets[0].cells[1]", or null
   */
  String note(String source, String place) {
    return (source == null
            ? "the targets give "
            : source + (place == null ? "" : " (at " + place + ")") + " gives ")
        + described("record")
        + (absent.stream().anyMatch(level -> level.difference() == null)
            ? ": is it spelled as in the data?"
            : "");
  }

  /**
   * "gives region 'nrth', which no record has (levels of 'region' in the data: 'north', 'south'):
   * write the level as the data spell it, or remove the cell if no record is meant to have it".
   * Such a cell constrains nothing: its count or total over no rows is met, or missed, whatever the
   * weights, so a misspelt level's constraint vanished without a word when its value was 0.
   *
   * @param unit what one row of the data is: "record" or "household"
   */
  String refusal(String unit) {
    boolean one = absent.size() == 1;
    return "gives "
        + described(unit)
        + (absent.get(absent.size() - 1).difference() == null ? ": " : "; ")
        + (one ? "write the level" : "write each level")
        + " as the data spell it, or remove the cell if no "
        + unit
        + " is meant to have "
        + (one ? "it" : "them");
  }

  private String described(String unit) {
    return String.join(" and ", absent.stream().map(level -> level.describe(unit)).toList());
  }
}
