package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowimpute.calibrate.targets.Statistic;
import org.flowimpute.calibrate.targets.TargetCell;
import org.flowimpute.calibrate.targets.TargetSpec;

/**
 * The checks of a target and its cells that need no records: a column for statistics other than
 * count, a category for shares, ascending histogram edges, each cell's group giving exactly the
 * by-columns, a value unless the loss is a band, a band's order. Each throws an {@link
 * IllegalArgumentException} saying what to write instead; {@link ProblemBuilder} adds the target
 * and its place in the file.
 */
final class TargetChecks {

  private TargetChecks() {}

  /** Refuses a statistic other than count without {@code column:}. */
  static void requireColumn(TargetSpec target) {
    if (target.statistic() != Statistic.COUNT && target.column() == null) {
      String statistic = target.statistic().name().toLowerCase(Locale.ROOT);
      throw new IllegalArgumentException(
          "`statistic: "
              + statistic
              + "` needs `column:`, the column whose "
              + statistic
              + " is targeted");
    }
  }

  /** Refuses a share without a category and a histogram without ascending edges. */
  static void requireCategoryAndEdges(TargetSpec target) {
    if (target.statistic() == Statistic.SHARE && target.category() == null) {
      throw new IllegalArgumentException("share needs a category");
    }
    if (target.statistic() == Statistic.HISTOGRAM) {
      List<Double> edges = target.edges();
      if (edges == null || edges.size() < 2) {
        throw new IllegalArgumentException("histogram needs at least two edges");
      }
      for (int e = 1; e < edges.size(); e++) {
        if (!(edges.get(e) > edges.get(e - 1))) {
          throw new IllegalArgumentException("histogram edges must ascend, got " + edges);
        }
      }
    }
  }

  /**
   * Refuses a cell whose group does not give exactly the by-columns, naming the columns extra or
   * missing (it said "must give a level for each of [region]" of a group that gave one too many).
   */
  static void checkGroupColumns(TargetSpec target, TargetCell cell) {
    List<String> extra = new ArrayList<>(cell.group().keySet());
    extra.removeAll(target.by());
    if (!extra.isEmpty()) {
      throw new IllegalArgumentException(
          "cell group "
              + cell.group()
              + " gives a level for "
              + quoted(extra)
              + ", which the target's by: "
              + target.by()
              + " does not list: add "
              + (extra.size() == 1 ? "that column" : "those columns")
              + " to by, or leave "
              + (extra.size() == 1 ? "it" : "them")
              + " out of the group");
    }
    List<String> missing = new ArrayList<>(target.by());
    missing.removeAll(cell.group().keySet());
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "cell group "
              + cell.group()
              + " gives no level for "
              + quoted(missing)
              + ": a cell of a target by: "
              + target.by()
              + " gives a level for each of them");
    }
  }

  /** "'sex'" or "'sex' and 'age'". */
  private static String quoted(List<String> columns) {
    return "'" + String.join("' and '", columns) + "'";
  }

  /**
   * The order a band's count or total gets from {@link Loss.Band}: a mean's or share's band becomes
   * two one-sided rows, which no longer see it (lower 30, upper 25 gave weights of about 1e-21).
   */
  static void requireOrdered(double lower, double upper) {
    if (lower > upper) {
      throw new IllegalArgumentException(
          "band needs lower <= upper, got [" + lower + ", " + upper + "]");
    }
    if (lower == upper) {
      throw new IllegalArgumentException("band with lower == upper: use an equality target");
    }
  }

  static double requireValue(TargetCell cell) {
    if (cell.value() == null) {
      throw new IllegalArgumentException(
          (cell.group().isEmpty() ? "" : "cell " + cell.group() + ": ")
              + "`value:` is missing: the target's loss is not band, so it needs a value");
    }
    return cell.value();
  }
}
