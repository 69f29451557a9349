package org.flowimpute.calibrate;

import java.util.Arrays;

/**
 * The N×K matrix F of statistic rows (record i's contribution to constraint k), stored sparse by
 * row (CSR).
 *
 * <p>Calibration features are mostly group indicators, so a record touches few of the K
 * constraints; storing only those makes one Newton pass O(Σ nnz_i²) instead of O(N·K²), which is
 * what lets N = 10⁶, K = 400 problems solve in seconds. Immutable once built.
 */
public final class ConstraintMatrix {

  private final int rows;
  private final int columns;
  private final int[] rowStart;
  private final int[] columnIndex;
  private final double[] values;

  private ConstraintMatrix(
      int rows, int columns, int[] rowStart, int[] columnIndex, double[] values) {
    this.rows = rows;
    this.columns = columns;
    this.rowStart = rowStart;
    this.columnIndex = columnIndex;
    this.values = values;
  }

  /** Starts a matrix with {@code rows} records, filled one constraint column at a time. */
  public static Builder builder(int rows) {
    return new Builder(rows);
  }

  /**
   * A matrix from CSR arrays (taken over, not copied): row r's entries are at positions rowStart[r]
   * ≤ p &lt; rowStart[r+1], with strictly ascending column indices.
   */
  public static ConstraintMatrix fromCsr(
      int rows, int columns, int[] rowStart, int[] columnIndex, double[] values) {
    if (rowStart.length != rows + 1
        || rowStart[0] != 0
        || columnIndex.length != values.length
        || rowStart[rows] != values.length) {
      throw new IllegalArgumentException("inconsistent CSR arrays");
    }
    for (int row = 0; row < rows; row++) {
      for (int p = rowStart[row]; p < rowStart[row + 1]; p++) {
        boolean ascending = p == rowStart[row] || columnIndex[p] > columnIndex[p - 1];
        if (!ascending || columnIndex[p] < 0 || columnIndex[p] >= columns) {
          throw new IllegalArgumentException(
              "row " + (row + 1) + ": column indices must ascend within [0, " + columns + ")");
        }
        if (!Double.isFinite(values[p])) {
          throw new IllegalArgumentException(
              "row " + (row + 1) + ": statistic value " + values[p] + " is not finite");
        }
      }
    }
    return new ConstraintMatrix(rows, columns, rowStart, columnIndex, values);
  }

  /** Number of records N. */
  public int rows() {
    return rows;
  }

  /** Number of constraints K. */
  public int columns() {
    return columns;
  }

  /** Number of stored non-zero entries. */
  public long nonZeros() {
    return rowStart[rows];
  }

  /** Entry (row, column); zero when not stored. */
  public double get(int row, int column) {
    for (int p = rowStart[row]; p < rowStart[row + 1]; p++) {
      if (columnIndex[p] == column) {
        return values[p];
      }
    }
    return 0.0;
  }

  int rowStart(int row) {
    return rowStart[row];
  }

  int columnAt(int position) {
    return columnIndex[position];
  }

  double valueAt(int position) {
    return values[position];
  }

  /** Row i times the vector x (the dot product F_i·x). */
  double rowDot(int row, double[] x) {
    double sum = 0.0;
    for (int p = rowStart[row]; p < rowStart[row + 1]; p++) {
      sum += values[p] * x[columnIndex[p]];
    }
    return sum;
  }

  /** The same matrix restricted to the given columns, renumbered in the given order. */
  public ConstraintMatrix selectColumns(int[] keep) {
    int[] newIndex = new int[columns];
    Arrays.fill(newIndex, -1);
    for (int j = 0; j < keep.length; j++) {
      newIndex[keep[j]] = j;
    }
    int[] newStart = new int[rows + 1];
    int count = 0;
    for (int row = 0; row < rows; row++) {
      for (int p = rowStart[row]; p < rowStart[row + 1]; p++) {
        if (newIndex[columnIndex[p]] >= 0) {
          count++;
        }
      }
      newStart[row + 1] = count;
    }
    int[] newColumns = new int[count];
    double[] newValues = new double[count];
    int q = 0;
    for (int row = 0; row < rows; row++) {
      int first = q;
      for (int p = rowStart[row]; p < rowStart[row + 1]; p++) {
        int mapped = newIndex[columnIndex[p]];
        if (mapped >= 0) {
          newColumns[q] = mapped;
          newValues[q] = values[p];
          q++;
        }
      }
      sortRow(newColumns, newValues, first, q);
    }
    return new ConstraintMatrix(rows, keep.length, newStart, newColumns, newValues);
  }

  /**
   * Sums the rows of each group: row g of the result is Σ_{i: groupOf[i] = g} F_i (used to give a
   * household the person-level contributions of its members).
   */
  ConstraintMatrix sumRowsByGroup(int[] groupOf, int groups) {
    if (groupOf.length != rows) {
      throw new IllegalArgumentException(
          "group index has " + groupOf.length + " entries for " + rows + " rows");
    }
    int[] memberStart = new int[groups + 1];
    for (int group : groupOf) {
      memberStart[group + 1]++;
    }
    for (int group = 0; group < groups; group++) {
      memberStart[group + 1] += memberStart[group];
    }
    int[] members = new int[rows];
    int[] next = Arrays.copyOf(memberStart, groups);
    for (int row = 0; row < rows; row++) {
      members[next[groupOf[row]]++] = row;
    }
    double[] scratch = new double[columns];
    boolean[] touched = new boolean[columns];
    int[] touchedColumns = new int[columns];
    int[] newStart = new int[groups + 1];
    int[] newColumns = new int[values.length];
    double[] newValues = new double[values.length];
    int q = 0;
    for (int group = 0; group < groups; group++) {
      int count = 0;
      for (int m = memberStart[group]; m < memberStart[group + 1]; m++) {
        int row = members[m];
        for (int p = rowStart[row]; p < rowStart[row + 1]; p++) {
          int column = columnIndex[p];
          if (!touched[column]) {
            touched[column] = true;
            touchedColumns[count++] = column;
          }
          scratch[column] += values[p];
        }
      }
      Arrays.sort(touchedColumns, 0, count);
      for (int t = 0; t < count; t++) {
        int column = touchedColumns[t];
        if (scratch[column] != 0.0) {
          newColumns[q] = column;
          newValues[q++] = scratch[column];
        }
        scratch[column] = 0.0;
        touched[column] = false;
      }
      newStart[group + 1] = q;
    }
    return new ConstraintMatrix(
        groups, columns, newStart, Arrays.copyOf(newColumns, q), Arrays.copyOf(newValues, q));
  }

  /** The matrix [left | right]: the same rows, right's columns numbered after left's. */
  static ConstraintMatrix concatColumns(ConstraintMatrix left, ConstraintMatrix right) {
    if (left.rows != right.rows) {
      throw new IllegalArgumentException(
          "cannot join matrices with " + left.rows + " and " + right.rows + " rows");
    }
    int n = left.rows;
    int[] start = new int[n + 1];
    int[] cols = new int[left.values.length + right.values.length];
    double[] vals = new double[cols.length];
    int q = 0;
    for (int row = 0; row < n; row++) {
      for (int p = left.rowStart[row]; p < left.rowStart[row + 1]; p++) {
        cols[q] = left.columnIndex[p];
        vals[q++] = left.values[p];
      }
      for (int p = right.rowStart[row]; p < right.rowStart[row + 1]; p++) {
        cols[q] = left.columns + right.columnIndex[p];
        vals[q++] = right.values[p];
      }
      start[row + 1] = q;
    }
    return new ConstraintMatrix(n, left.columns + right.columns, start, cols, vals);
  }

  private static void sortRow(int[] cols, double[] vals, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      int c = cols[i];
      double v = vals[i];
      int j = i - 1;
      while (j >= from && cols[j] > c) {
        cols[j + 1] = cols[j];
        vals[j + 1] = vals[j];
        j--;
      }
      cols[j + 1] = c;
      vals[j + 1] = v;
    }
  }

  /**
   * Collects columns as (row, value) lists and assembles CSR in {@link #build()}; zeros are not
   * stored.
   */
  public static final class Builder {
    private final int rows;
    private int columns;
    private int[] entryRow = new int[1024];
    private int[] entryColumn = new int[1024];
    private double[] entryValue = new double[1024];
    private int entries;

    private Builder(int rows) {
      this.rows = rows;
    }

    /** Appends a dense column; returns its index. */
    public int addColumn(double[] column) {
      if (column.length != rows) {
        throw new IllegalArgumentException(
            "column has " + column.length + " values, expected " + rows);
      }
      int index = columns++;
      for (int row = 0; row < rows; row++) {
        if (column[row] != 0.0) {
          append(row, index, column[row]);
        }
      }
      return index;
    }

    /** Appends a sparse column given by ascending rows and their values; returns its index. */
    public int addSparseColumn(int[] rowsOfEntries, double[] valuesOfEntries, int count) {
      int index = columns++;
      for (int e = 0; e < count; e++) {
        if (valuesOfEntries[e] != 0.0) {
          append(rowsOfEntries[e], index, valuesOfEntries[e]);
        }
      }
      return index;
    }

    private void append(int row, int column, double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(
            "row " + (row + 1) + ": statistic value for constraint " + column + " is " + value);
      }
      if (entries == entryRow.length) {
        int capacity = entries * 2;
        entryRow = Arrays.copyOf(entryRow, capacity);
        entryColumn = Arrays.copyOf(entryColumn, capacity);
        entryValue = Arrays.copyOf(entryValue, capacity);
      }
      entryRow[entries] = row;
      entryColumn[entries] = column;
      entryValue[entries] = value;
      entries++;
    }

    /** The CSR matrix; within a row, columns ascend. */
    public ConstraintMatrix build() {
      int[] rowStart = new int[rows + 1];
      for (int e = 0; e < entries; e++) {
        rowStart[entryRow[e] + 1]++;
      }
      for (int row = 0; row < rows; row++) {
        rowStart[row + 1] += rowStart[row];
      }
      int[] next = Arrays.copyOf(rowStart, rows);
      int[] columnIndex = new int[entries];
      double[] values = new double[entries];
      // Entries were appended column by column, so each row receives ascending columns.
      for (int e = 0; e < entries; e++) {
        int position = next[entryRow[e]]++;
        columnIndex[position] = entryColumn[e];
        values[position] = entryValue[e];
      }
      return new ConstraintMatrix(rows, columns, rowStart, columnIndex, values);
    }
  }
}
