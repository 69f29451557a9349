package org.flowimpute.calibrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shares of one variable's categories targeted within one group, checked together once every target
 * is read: they must not sum to more than 1, nor to anything but 1 when they cover every category
 * the group's records have.
 */
final class ShareSum {

  /** How far a sum of shares may be from what it must be. */
  static final double TOLERANCE = 1e-9;

  private final String column;
  private final String group;
  private final int[] rows;
  private final List<String> names = new ArrayList<>();
  private final List<String> categories = new ArrayList<>();
  private double total;

  ShareSum(String column, String group, int[] rows) {
    this.column = column;
    this.group = group;
    this.rows = rows;
  }

  /** The categorical column whose shares these are. */
  String column() {
    return column;
  }

  /** Adds the share {@code share} of {@code category}, targeted by the constraint {@code name}. */
  void add(String name, String category, double share) {
    names.add(name);
    categories.add(category);
    total += share;
  }

  /**
   * Refuses shares that cannot sum as they must, naming their constraints; {@code codes} are the
   * column's level codes by record, {@code levels} its levels.
   */
  void check(int[] codes, List<String> levels) {
    boolean coversAll = true;
    for (int row : rows) {
      coversAll &= categories.contains(levels.get(codes[row]));
    }
    boolean tooMuch = total > 1 + TOLERANCE;
    boolean incomplete = coversAll && rows.length > 0 && Math.abs(total - 1) > TOLERANCE;
    if (tooMuch || incomplete) {
      throw new InfeasibleTargetsException(
          String.format(
              Locale.ROOT,
              "inconsistent targets: shares of '%s'%s sum to %s but must sum to %s: %s",
              column,
              group.isEmpty() ? "" : " in " + group,
              total,
              coversAll ? "1 (they cover every category present)" : "at most 1",
              String.join(", ", names)),
          names);
    }
  }
}
