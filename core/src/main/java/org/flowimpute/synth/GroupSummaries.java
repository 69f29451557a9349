package org.flowimpute.synth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The numeric summaries a cell draws from: those of the smallest group containing the cell with at
 * least {@link ConditionSynthesisFitter#CELL_QUANTILE_MIN_ROWS} rows (and 2K - 1, {@link
 * ReleasedQuantiles#minRows}): the cell itself, else the cell with categorical conditions dropped
 * one by one in the drop order (the least informative about the numeric conditions first), else all
 * rows. Groups shared by several cells are computed once.
 */
final class GroupSummaries {

  /**
   * Per numeric condition, the group's quantiles and, for a discrete condition, its value shares
   * (empty for a continuous one).
   */
  record Summary(List<List<Double>> quantiles, List<List<Double>> probabilities) {
    /** The summary when there is no numeric condition. */
    static final Summary NONE = new Summary(List.of(), List.of());
  }

  /** Wildcard of a dropped categorical condition in a group key. */
  private static final String ANY = "\u0000*";

  private final List<String> names;
  private final List<String> dropOrder;
  private final Map<List<String>, List<Integer>> cellRows;
  private final List<double[]> numeric;
  private final List<List<Double>> released;
  private final double[] weights;
  private final int minCellRows;
  private final int groupMinRows;
  private final Map<List<String>, Summary> cache = new HashMap<>();

  /**
   * @param names categorical condition names, in cell key order
   * @param dropOrder the categorical conditions in the order they are dropped
   * @param cellRows rows of every cell (kept or suppressed)
   * @param numeric numeric condition values per row
   * @param released per numeric condition, its released values if discrete (else empty)
   * @param weights row weights
   * @param minCellRows K: quantiles lie within each group's K-th smallest and largest values
   * @param groupMinRows rows a group needs for its own summaries
   */
  GroupSummaries(
      List<String> names,
      List<String> dropOrder,
      Map<List<String>, List<Integer>> cellRows,
      Map<String, double[]> numeric,
      List<List<Double>> released,
      double[] weights,
      int minCellRows,
      int groupMinRows) {
    this.names = names;
    this.dropOrder = dropOrder;
    this.cellRows = cellRows;
    this.numeric = List.copyOf(numeric.values());
    this.released = released;
    this.weights = weights;
    this.minCellRows = minCellRows;
    this.groupMinRows = groupMinRows;
  }

  /** The summary the cell draws from. */
  Summary of(List<String> cell) {
    List<String> key = new ArrayList<>(cell);
    for (int dropped = 0; ; dropped++) {
      List<String> group = List.copyOf(key);
      Summary cached = cache.get(group);
      if (cached != null) {
        return cached;
      }
      List<Integer> members = new ArrayList<>();
      for (Map.Entry<List<String>, List<Integer>> other : cellRows.entrySet()) {
        if (matches(other.getKey(), group)) {
          members.addAll(other.getValue());
        }
      }
      if (members.size() >= groupMinRows || dropped == dropOrder.size()) {
        Summary summary =
            summarise(members.stream().mapToInt(Integer::intValue).sorted().toArray());
        cache.put(group, summary);
        return summary;
      }
      key.set(names.indexOf(dropOrder.get(dropped)), ANY);
    }
  }

  private Summary summarise(int[] rows) {
    List<List<Double>> quantiles = new ArrayList<>();
    List<List<Double>> probabilities = new ArrayList<>();
    for (int k = 0; k < numeric.size(); k++) {
      double[] values = numeric.get(k);
      quantiles.add(
          ReleasedQuantiles.of(
              values, weights, rows, minCellRows, ConditionSynthesisFitter.QUANTILE_LEVELS));
      probabilities.add(
          released.get(k).isEmpty()
              ? List.of()
              : ValueTable.probabilities(values, weights, rows, released.get(k)));
    }
    return new Summary(quantiles, probabilities);
  }

  private static boolean matches(List<String> cell, List<String> group) {
    for (int i = 0; i < cell.size(); i++) {
      if (!group.get(i).equals(ANY) && !group.get(i).equals(cell.get(i))) {
        return false;
      }
    }
    return true;
  }
}
