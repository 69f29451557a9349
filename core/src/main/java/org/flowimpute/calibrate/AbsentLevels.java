package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.List;
import org.flowimpute.table.LevelSpelling;

/**
 * The levels a target cell names that no record has — of a by-column, of the class column, or a
 * share's category — described for the note an infeasibility error adds. A level is matched as
 * written, so one that looks like a level of the data on screen (Unicode NFD against NFC, spaces
 * around it) is described with what differs ({@link LevelSpelling#difference}); the note asks "is
 * it spelled as in the data?" only when some level has no such look-alike. A class or share
 * category that no record had got no note at all (only "empty group" or "is it spelled as in the
 * data?" while the data's level printed alike).
 */
final class AbsentLevels {

  private final List<String> described = new ArrayList<>();
  private boolean unexplained;

  /**
   * Adds {@code level}, which no record of {@code column} has; {@code label} is what the file calls
   * it: the by-column's name, "class" or "category".
   */
  void add(String label, String column, List<String> present, String level) {
    String difference = LevelSpelling.difference(level, present, "the data's", "the targets file");
    described.add(
        label
            + " "
            + LevelSpelling.quoted(level)
            + ", which no record has (levels of '"
            + column
            + "' in the data: "
            + LevelSpelling.quoted(present, 10)
            + ")"
            + (difference == null ? "" : ": " + difference));
    unexplained |= difference == null;
  }

  /** Adds the levels of {@code other} after these. */
  void addAll(AbsentLevels other) {
    described.addAll(other.described);
    unexplained |= other.unexplained;
  }

  boolean isEmpty() {
    return described.isEmpty();
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
        + String.join(" and ", described)
        + (unexplained ? ": is it spelled as in the data?" : "");
  }
}
