package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowimpute.table.LevelSpelling;

/**
 * Refuses a target by columns whose cells leave out groups that have records. Such records were
 * left out of the target without a word, unconstrained by it; for a count or total that is almost
 * always a forgotten cell, and the weighted total of the records no longer matched the published
 * one. A target with {@code otherGroups: unconstrained} means it ({@link
 * org.flowimpute.calibrate.targets.TargetSpec#leavesOtherGroupsUnconstrained}) and is not checked.
 */
final class UncoveredGroups {

  /** The most groups an error lists. */
  static final int SHOWN = 10;

  private UncoveredGroups() {}

  /**
   * Throws when a group of {@code rowsByGroup} (keyed by the by-columns' level codes) is not in
   * {@code covered}, naming up to {@value #SHOWN} such groups with their counts, the largest first.
   *
   * @param by the target's by-columns
   * @param unit what one row of {@code data} is: "record" or "household"
   */
  static void refuse(
      List<String> by,
      Map<List<Integer>, int[]> rowsByGroup,
      Set<?> covered,
      CalibrationData data,
      String unit) {
    List<Map.Entry<List<Integer>, int[]>> uncovered = new ArrayList<>();
    for (Map.Entry<List<Integer>, int[]> group : rowsByGroup.entrySet()) {
      if (!covered.contains(group.getKey())) {
        uncovered.add(group);
      }
    }
    if (uncovered.isEmpty()) {
      return;
    }
    uncovered.sort(Comparator.comparingInt(group -> -group.getValue().length));
    List<String> listed = new ArrayList<>();
    for (Map.Entry<List<Integer>, int[]> group :
        uncovered.subList(0, Math.min(SHOWN, uncovered.size()))) {
      listed.add(
          describe(by, group.getKey(), data) + " (" + count(group.getValue().length, unit) + ")");
    }
    int more = uncovered.size() - listed.size();
    throw new IllegalArgumentException(
        (uncovered.size() == 1 ? "a group" : uncovered.size() + " groups")
            + " of by: "
            + by
            + " with "
            + unit
            + "s but no cell: "
            + String.join(", ", listed)
            + (more > 0 ? " and " + more + " more" : "")
            + "; the target would leave those "
            + unit
            + "s out, unconstrained by it: add a cell for each such group, remove those "
            + unit
            + "s first, or give the target otherGroups: unconstrained if only its cells' groups"
            + " are meant");
  }

  /** "region 'east'", or "region 'east' and sex 'F'" for a target by two columns. */
  private static String describe(List<String> by, List<Integer> codes, CalibrationData data) {
    List<String> levels = new ArrayList<>();
    for (int c = 0; c < by.size(); c++) {
      String level = data.categoricalColumn(by.get(c)).levels().get(codes.get(c));
      levels.add(by.get(c) + " " + LevelSpelling.quoted(level));
    }
    return String.join(" and ", levels);
  }

  private static String count(int rows, String unit) {
    return rows + " " + unit + (rows == 1 ? "" : "s");
  }
}
