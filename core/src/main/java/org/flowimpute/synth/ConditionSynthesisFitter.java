package org.flowimpute.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Fits a {@link ConditionSynthesis} from training columns: weighted cell shares with small cells
 * suppressed, weighted mid-level quantiles of the numeric conditions within K rows of each end
 * ({@link ReleasedQuantiles}) and, for the discrete ones, weighted value shares ({@link
 * ValueTable}) per cell (of the cell where it has at least {@link #CELL_QUANTILE_MIN_ROWS} rows,
 * else of the smallest coarser group that has, dropping the categorical conditions least
 * informative about the numeric ones first) and the Gaussian-copula correlation of their normal
 * scores.
 */
public final class ConditionSynthesisFitter {

  /** Default k: cells seen in fewer training rows are not released. */
  public static final int DEFAULT_MIN_CELL_ROWS = 10;

  /** Quantiles per numeric condition. */
  public static final int QUANTILE_LEVELS = 20;

  /** Cells with at least this many rows get their own numeric quantiles (5 rows per quantile). */
  public static final int CELL_QUANTILE_MIN_ROWS = 5 * QUANTILE_LEVELS;

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private ConditionSynthesisFitter() {}

  /**
   * Fits the synthesis data.
   *
   * @param categorical categorical condition name to its values per row
   * @param numeric numeric condition name to its values per row
   * @param weights row weights (positive)
   * @param minCellRows k
   * @throws NothingReleasedException when every cell has fewer than k rows, or there are numeric
   *     conditions and fewer than 2k - 1 rows
   */
  public static ConditionSynthesis fit(
      Map<String, String[]> categorical,
      Map<String, double[]> numeric,
      double[] weights,
      int minCellRows) {
    if (minCellRows < 1) {
      throw new IllegalArgumentException("minimum cell rows must be >= 1, got " + minCellRows);
    }
    int rows = weights.length;
    List<String> categoricalNames = List.copyOf(categorical.keySet());
    Map<List<String>, List<Integer>> cellRows = cellRows(categorical, rows);
    double total = Arrays.stream(weights).sum();
    double kept = 0;
    int suppressed = 0;
    List<Map.Entry<List<String>, List<Integer>>> keptCells = new ArrayList<>();
    for (Map.Entry<List<String>, List<Integer>> cell : cellRows.entrySet()) {
      if (cell.getValue().size() < minCellRows) {
        suppressed++;
      } else {
        keptCells.add(cell);
        kept += weightOf(cell.getValue(), weights);
      }
    }
    if (keptCells.isEmpty()) {
      int largest = cellRows.values().stream().mapToInt(List::size).max().orElse(0);
      throw NothingReleasedException.cells(
          categoricalNames.isEmpty()
              ? "the one cell (no categorical conditions) has"
              : "every cell of the categorical conditions ("
                  + String.join(", ", categoricalNames)
                  + ") has",
          minCellRows,
          largest);
    }
    keptCells.sort(Map.Entry.comparingByKey(Comparator.comparing(List::toString)));
    List<String> numericNames = List.copyOf(numeric.keySet());
    if (!numericNames.isEmpty() && rows < ReleasedQuantiles.minRows(minCellRows)) {
      throw NothingReleasedException.quantiles(numericNames, minCellRows, rows);
    }
    int groupMinRows = Math.max(CELL_QUANTILE_MIN_ROWS, ReleasedQuantiles.minRows(minCellRows));
    List<ConditionSynthesis.NumericMarginal> marginals = new ArrayList<>();
    int[] all = new int[rows];
    Arrays.setAll(all, i -> i);
    List<List<Double>> released = new ArrayList<>();
    for (String name : numericNames) {
      double[] values = numeric.get(name);
      boolean integer = Arrays.stream(values).allMatch(v -> v == Math.rint(v));
      List<Double> tableValues = ValueTable.released(values, minCellRows);
      released.add(tableValues);
      marginals.add(
          new ConditionSynthesis.NumericMarginal(
              name,
              integer,
              ReleasedQuantiles.of(values, weights, all, minCellRows, QUANTILE_LEVELS),
              tableValues));
    }
    List<String> dropOrder = dropOrder(categoricalNames, categorical, numeric, weights);
    GroupSummaries groups =
        new GroupSummaries(
            categoricalNames,
            dropOrder,
            cellRows,
            numeric,
            released,
            weights,
            minCellRows,
            groupMinRows);
    List<ConditionSynthesis.Cell> cells = new ArrayList<>();
    for (Map.Entry<List<String>, List<Integer>> cell : keptCells) {
      GroupSummaries.Summary summary =
          numericNames.isEmpty() ? GroupSummaries.Summary.NONE : groups.of(cell.getKey());
      cells.add(
          new ConditionSynthesis.Cell(
              cell.getKey(),
              weightOf(cell.getValue(), weights) / kept,
              summary.quantiles(),
              summary.probabilities()));
    }
    return new ConditionSynthesis(
        minCellRows,
        ConditionSynthesis.RELEASE_VERSION,
        groupMinRows,
        QUANTILE_LEVELS,
        total,
        suppressed,
        categoricalNames,
        marginals,
        cells,
        copulaCorrelation(numericNames, numeric, weights));
  }

  /**
   * The weighted share of the rows in cells of fewer than {@code minCellRows} rows (exactly 0 when
   * there are none), for {@code train} to print. Not released: with the kept cells' shares, or the
   * manifest's category shares, it gave the suppressed cells' weight away.
   */
  public static double suppressedWeightShare(
      Map<String, String[]> categorical, double[] weights, int minCellRows) {
    double suppressed = 0;
    for (List<Integer> cell : cellRows(categorical, weights.length).values()) {
      if (cell.size() < minCellRows) {
        suppressed += weightOf(cell, weights);
      }
    }
    return suppressed / Arrays.stream(weights).sum();
  }

  /**
   * Whether each row lies in a released cell, one of at least {@code minCellRows} rows: what
   * aggregates beside the cells (such as a categorical condition's category shares) may be computed
   * from, so that no difference of released numbers isolates a suppressed cell.
   */
  public static boolean[] inReleasedCells(
      Map<String, String[]> categorical, int rows, int minCellRows) {
    boolean[] released = new boolean[rows];
    for (List<Integer> cell : cellRows(categorical, rows).values()) {
      if (cell.size() >= minCellRows) {
        cell.forEach(r -> released[r] = true);
      }
    }
    return released;
  }

  /**
   * The rows of every cell (combination of the categorical conditions' values), in order of first
   * appearance; the cells' keys hold the values in the order of {@code categorical}'s names.
   */
  static Map<List<String>, List<Integer>> cellRows(Map<String, String[]> categorical, int rows) {
    Map<List<String>, List<Integer>> cellRows = new LinkedHashMap<>();
    for (int r = 0; r < rows; r++) {
      List<String> key = new ArrayList<>(categorical.size());
      for (String[] values : categorical.values()) {
        key.add(values[r]);
      }
      cellRows.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    return cellRows;
  }

  /**
   * Categorical conditions ordered by how little they explain the numeric conditions: the summed
   * share of variance of the numeric conditions (weighted) between their levels.
   */
  private static List<String> dropOrder(
      List<String> names,
      Map<String, String[]> categorical,
      Map<String, double[]> numeric,
      double[] weights) {
    Map<String, Double> explained = new HashMap<>();
    double total = Arrays.stream(weights).sum();
    for (String name : names) {
      String[] levels = categorical.get(name);
      double share = 0;
      for (double[] values : numeric.values()) {
        double mean = 0;
        for (int r = 0; r < values.length; r++) {
          mean += weights[r] * values[r] / total;
        }
        double variance = 0;
        Map<String, double[]> byLevel = new HashMap<>();
        for (int r = 0; r < values.length; r++) {
          variance += weights[r] * (values[r] - mean) * (values[r] - mean) / total;
          double[] sums = byLevel.computeIfAbsent(levels[r], l -> new double[2]);
          sums[0] += weights[r];
          sums[1] += weights[r] * values[r];
        }
        double between = 0;
        for (double[] sums : byLevel.values()) {
          double levelMean = sums[1] / sums[0];
          between += sums[0] * (levelMean - mean) * (levelMean - mean) / total;
        }
        share += variance == 0 ? 0 : between / variance;
      }
      explained.put(name, share);
    }
    List<String> order = new ArrayList<>(names);
    order.sort(Comparator.comparingDouble(explained::get));
    return order;
  }

  private static double weightOf(List<Integer> rows, double[] weights) {
    double sum = 0;
    for (int r : rows) {
      sum += weights[r];
    }
    return sum;
  }

  /**
   * Weighted quantiles at levels (j + 0.5) / Q by linear interpolation of the mid-point CDF (each
   * distinct value at the middle of its weight), held flat beyond the first and last value.
   */
  static List<Double> quantiles(double[] values, double[] weights, int[] rows) {
    double[][] points = midCdf(values, weights, rows);
    double[] xs = points[0];
    double[] cdf = points[1];
    List<Double> out = new ArrayList<>(QUANTILE_LEVELS);
    int i = 0;
    for (int j = 0; j < QUANTILE_LEVELS; j++) {
      double level = (j + 0.5) / QUANTILE_LEVELS;
      while (i < cdf.length && cdf[i] < level) {
        i++;
      }
      if (i == 0) {
        out.add(xs[0]);
      } else if (i == cdf.length) {
        out.add(xs[xs.length - 1]);
      } else {
        double t = (level - cdf[i - 1]) / (cdf[i] - cdf[i - 1]);
        out.add(xs[i - 1] + t * (xs[i] - xs[i - 1]));
      }
    }
    return out;
  }

  /** Distinct sorted values and their mid-point CDF (ties share one point). */
  private static double[][] midCdf(double[] values, double[] weights, int[] rows) {
    Integer[] order = new Integer[rows.length];
    for (int i = 0; i < rows.length; i++) {
      order[i] = rows[i];
    }
    Arrays.sort(order, Comparator.comparingDouble(r -> values[r]));
    double total = 0;
    for (int r : rows) {
      total += weights[r];
    }
    List<double[]> points = new ArrayList<>();
    double before = 0;
    int i = 0;
    while (i < order.length) {
      double x = values[order[i]];
      double group = 0;
      while (i < order.length && values[order[i]] == x) {
        group += weights[order[i]];
        i++;
      }
      points.add(new double[] {x, (before + group / 2) / total});
      before += group;
    }
    double[][] out = new double[2][points.size()];
    for (int p = 0; p < points.size(); p++) {
      out[0][p] = points.get(p)[0];
      out[1][p] = points.get(p)[1];
    }
    return out;
  }

  /** Weighted correlation of the normal scores Φ⁻¹(mid-point CDF) over all rows. */
  private static List<List<Double>> copulaCorrelation(
      List<String> names, Map<String, double[]> numeric, double[] weights) {
    int rows = weights.length;
    int[] all = new int[rows];
    Arrays.setAll(all, i -> i);
    double[][] scores = new double[names.size()][rows];
    for (int k = 0; k < names.size(); k++) {
      double[] values = numeric.get(names.get(k));
      double[][] points = midCdf(values, weights, all);
      for (int r = 0; r < rows; r++) {
        int p = Arrays.binarySearch(points[0], values[r]);
        scores[k][r] = STANDARD_NORMAL.inverseCumulativeProbability(points[1][p]);
      }
    }
    double total = Arrays.stream(weights).sum();
    double[] means = new double[names.size()];
    for (int k = 0; k < names.size(); k++) {
      for (int r = 0; r < rows; r++) {
        means[k] += weights[r] * scores[k][r] / total;
      }
    }
    List<List<Double>> out = new ArrayList<>();
    for (int a = 0; a < names.size(); a++) {
      List<Double> row = new ArrayList<>();
      for (int b = 0; b < names.size(); b++) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int r = 0; r < rows; r++) {
          double da = scores[a][r] - means[a];
          double db = scores[b][r] - means[b];
          ab += weights[r] * da * db;
          aa += weights[r] * da * da;
          bb += weights[r] * db * db;
        }
        row.add(a == b ? 1.0 : aa == 0 || bb == 0 ? 0.0 : ab / Math.sqrt(aa * bb));
      }
      out.add(row);
    }
    return out;
  }
}
