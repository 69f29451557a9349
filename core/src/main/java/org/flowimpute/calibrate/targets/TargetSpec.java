package org.flowimpute.calibrate.targets;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowimpute.calibrate.CalibrationData;

/**
 * One named target of a targets file: a statistic, optionally by group and for one class, with one
 * cell per group. Immutable: building constraints never changes it (the seed standardised its
 * targets in place and corrupted its own tables).
 *
 * <p>Without {@code by}, the top-level {@code value} / {@code lower} / {@code upper} / {@code
 * shares} form the single cell.
 *
 * <p>Every number (values, band ends, shares, edges, loss scale and weight) must be finite, and 0
 * or of magnitude in [{@value #MIN_MAGNITUDE}, {@value CalibrationData#MAX_MAGNITUDE}], the
 * solver's safe range: a count of 1e-320 was reported as "cannot be reached" by weights that reach
 * every positive count. A count is 0 or more and a share (of a share or a histogram) in [0, 1]; a
 * problem with one of the {@code cells} is thrown as a {@code CellException} naming the cell.
 *
 * @param name unique name; constraint names are derived from it
 * @param statistic count, total, mean, share or histogram
 * @param column the variable (total, mean, share, histogram)
 * @param category the category whose share is targeted (share)
 * @param edges ascending bin edges (histogram): bins [e0,e1), …, [e_{m-1}, e_m]
 * @param by grouping columns (categorical)
 * @param classLabel the class this target is conditional on (needs the file's classColumn)
 * @param loss how a miss is penalised
 * @param cells one per group
 * @param value shorthand single-cell value
 * @param lower shorthand single-cell band lower end
 * @param upper shorthand single-cell band upper end
 * @param shares shorthand single-cell histogram shares
 * @param otherGroups what a target by columns does with groups that have records but no cell:
 *     {@value #OTHER_GROUPS_ERROR} (the default: refused, as a forgotten cell leaves records out of
 *     a published total) or {@value #OTHER_GROUPS_UNCONSTRAINED} (only the listed groups are
 *     targeted, e.g. the one region whose count is published)
 */
public record TargetSpec(
    String name,
    Statistic statistic,
    String column,
    String category,
    List<Double> edges,
    List<String> by,
    @JsonProperty("class") String classLabel,
    LossSpec loss,
    List<TargetCell> cells,
    Double value,
    Double lower,
    Double upper,
    List<Double> shares,
    String otherGroups) {

  /** {@link #otherGroups}: groups with records but no cell are refused. */
  public static final String OTHER_GROUPS_ERROR = "error";

  /** {@link #otherGroups}: groups with records but no cell are left out of the target. */
  public static final String OTHER_GROUPS_UNCONSTRAINED = "unconstrained";

  public TargetSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("every target needs a name");
    }
    if (statistic == null) {
      throw new IllegalArgumentException("target '" + name + "': statistic is missing");
    }
    String where = "target '" + name + "': ";
    by = by == null ? List.of() : TargetLists.copy(by, where + "by", "a column name");
    requireDistinctColumns(where, by);
    edges = TargetLists.copy(edges, where + "edges", "a number");
    shares = TargetLists.copy(shares, where + "shares", "a number");
    loss = loss == null ? LossSpec.equality() : loss;
    if (cells == null || cells.isEmpty()) {
      if (!by.isEmpty()) {
        throw new IllegalArgumentException(
            "target '" + name + "' is by " + by + " but lists no cells");
      }
      cells = List.of(new TargetCell(Map.of(), value, lower, upper, shares));
    } else {
      if (value != null || lower != null || upper != null || shares != null) {
        throw new IllegalArgumentException(
            "target '" + name + "': give values either in cells or at the top level, not both");
      }
      cells = TargetLists.copy(cells, where + "cells", "a cell with a group and a value");
    }
    checkFieldsApply(where, statistic, column, category, edges);
    otherGroups = checkOtherGroups(where, by, otherGroups);
    checkRange(where, "edges", edges);
    checkRange(where, "loss scale", loss.scale());
    checkRange(where, "loss weight", loss.weight());
    for (int c = 0; c < cells.size(); c++) {
      TargetCell cell = cells.get(c);
      if (cell.group().isEmpty()) {
        checkCell(where, statistic, loss, cell);
        continue;
      }
      try {
        checkCell(where + "cell " + cell.group() + ": ", statistic, loss, cell);
      } catch (IllegalArgumentException e) {
        throw new CellException(e.getMessage(), c, e);
      }
    }
  }

  /** Whether groups with records but no cell are left out of this target on purpose. */
  public boolean leavesOtherGroupsUnconstrained() {
    return OTHER_GROUPS_UNCONSTRAINED.equals(otherGroups);
  }

  /** {@code otherGroups}, {@value #OTHER_GROUPS_ERROR} when not given. */
  private static String checkOtherGroups(String where, List<String> by, String otherGroups) {
    if (otherGroups == null) {
      return OTHER_GROUPS_ERROR;
    }
    refuse(by.isEmpty(), where, "otherGroups", "only a target by columns has groups");
    if (!otherGroups.equals(OTHER_GROUPS_ERROR)
        && !otherGroups.equals(OTHER_GROUPS_UNCONSTRAINED)) {
      throw new IllegalArgumentException(
          where
              + "field 'otherGroups': expected "
              + OTHER_GROUPS_ERROR
              + " or "
              + OTHER_GROUPS_UNCONSTRAINED
              + ", got '"
              + otherGroups
              + "'");
    }
    return otherGroups;
  }

  /**
   * A problem with one of a target's {@code cells}, and the cell's index in them: the reader adds
   * the cell to the place it names ("at targets[0].cells[1]").
   */
  static final class CellException extends IllegalArgumentException {
    private final int cell;

    CellException(String message, int cell, IllegalArgumentException cause) {
      super(message, cause);
      this.cell = cell;
    }

    /** The cell's index in its target's cells. */
    int cell() {
      return cell;
    }
  }

  /** The checks of one cell's fields and numbers; {@code where} names the target and the cell. */
  private static void checkCell(String where, Statistic statistic, LossSpec loss, TargetCell cell) {
    checkCellFieldsApply(where, statistic, loss, cell);
    checkRange(where, "value", cell.value());
    checkRange(where, "lower", cell.lower());
    checkRange(where, "upper", cell.upper());
    checkRange(where, "shares", cell.shares());
    if (statistic == Statistic.HISTOGRAM) {
      checkShares(where, "shares", cell.shares());
    }
    if (statistic == Statistic.SHARE) {
      checkShares(where, "value", cell.value() == null ? null : List.of(cell.value()));
      checkShares(where, "lower", cell.lower() == null ? null : List.of(cell.lower()));
      checkShares(where, "upper", cell.upper() == null ? null : List.of(cell.upper()));
    }
    if (statistic == Statistic.COUNT) {
      checkCount(where, "value", cell.value());
      checkCount(where, "lower", cell.lower());
      checkCount(where, "upper", cell.upper());
    }
  }

  /**
   * Refuses a negative count: it was taken to the solver, which reported it as a target that
   * "cannot be reached", naming neither the targets file nor the target's place in it.
   */
  private static void checkCount(String where, String field, Double count) {
    if (count != null && count < 0) {
      throw new IllegalArgumentException(
          where + "field '" + field + "': a count must be 0 or more, got " + count);
    }
  }

  /**
   * Refuses a share outside [0, 1]: a histogram share of −0.2 was reported as a target the records
   * could not reach, a typo in the file taken for a property of the data.
   */
  private static void checkShares(String where, String field, List<Double> shares) {
    if (shares == null) {
      return;
    }
    for (int s = 0; s < shares.size(); s++) {
      double share = shares.get(s);
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException(
            where
                + "field '"
                + field
                + "': a share must be in [0, 1], got "
                + share
                + (shares.size() > 1 ? " (entry " + (s + 1) + ")" : ""));
      }
    }
  }

  /**
   * Refuses fields that do not apply to the target's statistic or loss: they were dropped without a
   * word (a {@code column} on a count, {@code lower}/{@code upper} beside a {@code value} of an
   * equality target), and band bounds without {@code loss: band} failed as "cell {} has no value".
   */
  private static void checkFieldsApply(
      String where, Statistic statistic, String column, String category, List<Double> edges) {
    String kind = kind(statistic);
    refuse(
        column != null && statistic == Statistic.COUNT,
        where,
        "column",
        "a count target counts records and reads no column");
    refuse(
        category != null && statistic != Statistic.SHARE,
        where,
        "category",
        "only a share target has a category, this is " + kind);
    refuse(
        edges != null && statistic != Statistic.HISTOGRAM,
        where,
        "edges",
        "only a histogram target has edges, this is " + kind);
  }

  /** As {@link #checkFieldsApply} for the fields of one cell; {@code place} names it. */
  private static void checkCellFieldsApply(
      String place, Statistic statistic, LossSpec loss, TargetCell cell) {
    String kind = kind(statistic);
    boolean band = loss.type().equals("band");
    refuse(
        cell.shares() != null && statistic != Statistic.HISTOGRAM,
        place,
        "shares",
        "only a histogram target has shares; " + kind + " takes a value");
    refuse(
        cell.value() != null && statistic == Statistic.HISTOGRAM,
        place,
        "value",
        "a histogram target takes shares, one per bin");
    for (String bound : new String[] {"lower", "upper"}) {
      boolean given = (bound.equals("lower") ? cell.lower() : cell.upper()) != null;
      refuse(
          given && !band,
          place,
          bound,
          "band bounds need loss: band (the loss is " + loss.type() + ")");
    }
    refuse(
        cell.value() != null && band,
        place,
        "value",
        "a target with loss: band takes lower and/or upper, not a value");
  }

  /**
   * Refuses a grouping column listed twice: {@code by: [region, region]} was accepted and named its
   * constraints {@code a[region=east]}, as if the column had been given once.
   */
  private static void requireDistinctColumns(String where, List<String> by) {
    Set<String> seen = new HashSet<>();
    for (String column : by) {
      if (!seen.add(column)) {
        throw new IllegalArgumentException(
            where
                + "by: column '"
                + column
                + "' is listed twice, expected each grouping column once (by: "
                + by
                + ")");
      }
    }
  }

  private static void refuse(boolean wrong, String where, String field, String why) {
    if (wrong) {
      throw new IllegalArgumentException(where + "field '" + field + "' does not apply: " + why);
    }
  }

  /** "a count target", as errors call a target of {@code statistic}. */
  private static String kind(Statistic statistic) {
    return "a " + statistic.name().toLowerCase(java.util.Locale.ROOT) + " target";
  }

  /** Smallest magnitude of a nonzero number in a target. */
  public static final double MIN_MAGNITUDE = 1e-30;

  private static void checkRange(String where, String field, List<Double> numbers) {
    if (numbers != null) {
      numbers.forEach(number -> checkRange(where, field, number));
    }
  }

  private static void checkRange(String where, String field, Double number) {
    if (number == null || number == 0.0) {
      return;
    }
    double magnitude = Math.abs(number);
    if (!(magnitude >= MIN_MAGNITUDE && magnitude <= CalibrationData.MAX_MAGNITUDE)) {
      throw new IllegalArgumentException(
          where
              + "field '"
              + field
              + "': expected a finite number, 0 or of magnitude in ["
              + MIN_MAGNITUDE
              + ", "
              + CalibrationData.MAX_MAGNITUDE
              + "] (the solver's safe range), got "
              + number);
    }
  }

  /** A single-cell target with an equality loss. */
  public static TargetSpec of(String name, Statistic statistic, String column, double value) {
    return new TargetSpec(
        name, statistic, column, null, null, null, null, null, null, value, null, null, null, null);
  }

  /** Columns this target reads as categories (by, share column). */
  public List<String> categoricalColumns() {
    List<String> columns = new ArrayList<>(by);
    if (statistic == Statistic.SHARE && column != null) {
      columns.add(column);
    }
    return columns;
  }

  /** Columns this target reads as numbers (total, mean, histogram). */
  public List<String> numericColumns() {
    return switch (statistic) {
      case TOTAL, MEAN, HISTOGRAM -> column == null ? List.of() : List.of(column);
      default -> List.of();
    };
  }
}
