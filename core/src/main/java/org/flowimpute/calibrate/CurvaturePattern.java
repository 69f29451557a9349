package org.flowimpute.calibrate;

import java.util.Arrays;

/**
 * Where the curvature Σ q g'(u) F_i F_iᵀ can be non-zero: the upper triangle of FᵀF, stored by row
 * (row a holds the columns b ≥ a that share a record with a; its first entry is the diagonal).
 *
 * <p>Why: calibration features are group indicators, so the cells of one {@code by} grouping never
 * share a record and FᵀF is mostly diagonal, coupled only through the other margins and the numeric
 * totals. Dense K×K sums made memory grow as K² (about 8,900 cells filled a 5.9 GiB heap) and every
 * Newton step add 128 chunk matrices of K² entries; over this pattern the sums take as many entries
 * as FᵀF has. Computed once per problem from the structure of F.
 *
 * <p>Up to {@link #TABLE_LIMIT} constraints a K×K table of positions (4 bytes an entry) finds an
 * entry at once; above it a binary search within its row does. Searching in every record's pairs
 * made a pass over 1,000,000 records with 400 constraints four times slower than dense sums.
 */
final class CurvaturePattern {

  /** Constraints up to which positions are looked up in a K×K table (16 MiB at most). */
  static final int TABLE_LIMIT = 2048;

  private final int k;
  private final int[] rowStart;
  private final int[] column;

  /** Position of (a, b), a ≤ b, at a·K + b (-1 outside the pattern); null above the limit. */
  private final int[] table;

  private CurvaturePattern(int k, int[] rowStart, int[] column, int[] table) {
    this.k = k;
    this.rowStart = rowStart;
    this.column = column;
    this.table = table;
  }

  /** The pattern of FᵀF (upper triangle, the diagonal always included) for features F. */
  static CurvaturePattern of(ConstraintMatrix features) {
    return features.columns() <= TABLE_LIMIT ? byTable(features) : byColumns(features);
  }

  /** One pass over the records' pairs, marking a K×K table, which then numbers the entries. */
  private static CurvaturePattern byTable(ConstraintMatrix features) {
    int k = features.columns();
    int[] table = new int[k * k];
    Arrays.fill(table, -1);
    for (int a = 0; a < k; a++) {
      table[a * k + a] = 0;
    }
    for (int row = 0; row < features.rows(); row++) {
      int end = features.rowStart(row + 1);
      for (int p = features.rowStart(row); p < end; p++) {
        int base = features.columnAt(p) * k;
        for (int r = p + 1; r < end; r++) {
          table[base + features.columnAt(r)] = 0;
        }
      }
    }
    int[] rowStart = new int[k + 1];
    int size = 0;
    for (int cell = 0; cell < table.length; cell++) {
      if (table[cell] == 0) {
        size++;
      }
    }
    int[] column = new int[size];
    int position = 0;
    for (int a = 0; a < k; a++) {
      for (int b = a; b < k; b++) {
        if (table[a * k + b] == 0) {
          table[a * k + b] = position;
          column[position++] = b;
        }
      }
      rowStart[a + 1] = position;
    }
    return new CurvaturePattern(k, rowStart, column, table);
  }

  /** Row by row through the records of each column (F transposed), without a K×K table. */
  private static CurvaturePattern byColumns(ConstraintMatrix features) {
    int k = features.columns();
    int n = features.rows();
    int[] columnStart = new int[k + 1];
    for (int p = 0; p < features.rowStart(n); p++) {
      columnStart[features.columnAt(p) + 1]++;
    }
    for (int c = 0; c < k; c++) {
      columnStart[c + 1] += columnStart[c];
    }
    int[] recordsOf = new int[columnStart[k]];
    int[] next = Arrays.copyOf(columnStart, k);
    for (int row = 0; row < n; row++) {
      for (int p = features.rowStart(row); p < features.rowStart(row + 1); p++) {
        recordsOf[next[features.columnAt(p)]++] = row;
      }
    }
    int[] rowStart = new int[k + 1];
    int[] column = new int[Math.max(16, 2 * k)];
    int[] marked = new int[k];
    Arrays.fill(marked, -1);
    int size = 0;
    for (int a = 0; a < k; a++) {
      int first = size;
      if (size + 1 > column.length) {
        column = Arrays.copyOf(column, 2 * column.length);
      }
      column[size++] = a;
      marked[a] = a;
      for (int r = columnStart[a]; r < columnStart[a + 1]; r++) {
        int row = recordsOf[r];
        for (int p = features.rowStart(row); p < features.rowStart(row + 1); p++) {
          int b = features.columnAt(p);
          if (b > a && marked[b] != a) {
            marked[b] = a;
            if (size == column.length) {
              column = Arrays.copyOf(column, 2 * column.length);
            }
            column[size++] = b;
          }
        }
      }
      Arrays.sort(column, first + 1, size);
      rowStart[a + 1] = size;
    }
    return new CurvaturePattern(k, rowStart, Arrays.copyOf(column, size), null);
  }

  /** Number of constraints K. */
  int size() {
    return k;
  }

  /** Stored entries (upper triangle with the diagonal). */
  int entries() {
    return rowStart[k];
  }

  /** Bytes of the index: the rows' columns and, up to the limit, the table of positions. */
  double indexBytes() {
    return 4.0 * (k + 1 + entries()) + (table == null ? 0.0 : 4.0 * k * k);
  }

  /** Position of the diagonal entry (a, a). */
  int diagonal(int a) {
    return rowStart[a];
  }

  /** First position of row a (its diagonal). */
  int rowStart(int a) {
    return rowStart[a];
  }

  /** The column of the entry at {@code position}. */
  int columnAt(int position) {
    return column[position];
  }

  /**
   * Position of entry (a, b), a ≤ b, searched from {@code from} (a position in row a at or before
   * it); -1 when (a, b) is not in the pattern.
   */
  int position(int a, int b, int from) {
    if (table != null) {
      return table[a * k + b];
    }
    int found = Arrays.binarySearch(column, from, rowStart[a + 1], b);
    return found >= 0 ? found : -1;
  }

  /** Position of entry (a, b) in either order; -1 when it is not in the pattern. */
  int position(int a, int b) {
    return a <= b ? position(a, b, rowStart[a]) : position(b, a, rowStart[b]);
  }

  /** How many other constraints share a record with each constraint (both triangles). */
  int[] degrees() {
    int[] degree = new int[k];
    for (int a = 0; a < k; a++) {
      for (int p = rowStart[a] + 1; p < rowStart[a + 1]; p++) {
        degree[a]++;
        degree[column[p]]++;
      }
    }
    return degree;
  }

  /** y = S x for the symmetric matrix S whose upper triangle is {@code values} over the pattern. */
  double[] multiply(double[] values, double[] x) {
    double[] y = new double[k];
    for (int a = 0; a < k; a++) {
      double sum = values[rowStart[a]] * x[a];
      for (int p = rowStart[a] + 1; p < rowStart[a + 1]; p++) {
        int b = column[p];
        sum += values[p] * x[b];
        y[b] += values[p] * x[a];
      }
      y[a] += sum;
    }
    return y;
  }
}
