package org.flowimpute.calibrate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The constraints split into blocks that share no record: two constraints are coupled when some
 * record has a nonzero in both, and coupling is followed through other constraints (union-find over
 * the records' rows). What lets a failed solve look for a Farkas certificate block by block, each
 * in the dense Gram matrix of its own constraints: the Gram matrix of all of them is block
 * diagonal, so its null space is the sum of the blocks', and raking on 10,000 disjoint cells is
 * 10,000 blocks of one constraint rather than one matrix of 10⁸ entries.
 */
final class CoupledConstraints {

  private final int[][] columns;
  private final int[][] records;

  private CoupledConstraints(int[][] columns, int[][] records) {
    this.columns = columns;
    this.records = records;
  }

  /** The blocks of {@code features}' columns; a column without records is a block of its own. */
  static CoupledConstraints of(ConstraintMatrix features) {
    int k = features.columns();
    int[] parent = new int[k];
    Arrays.setAll(parent, j -> j);
    for (int row = 0; row < features.rows(); row++) {
      int from = features.rowStart(row);
      for (int p = from + 1; p < features.rowStart(row + 1); p++) {
        int a = root(parent, features.columnAt(from));
        int b = root(parent, features.columnAt(p));
        if (a != b) {
          parent[Math.max(a, b)] = Math.min(a, b);
        }
      }
    }
    int[] block = new int[k];
    int blocks = 0;
    for (int j = 0; j < k; j++) {
      int r = root(parent, j);
      block[j] = r == j ? blocks++ : block[r];
    }
    int[] columnCount = new int[blocks];
    int[] recordCount = new int[blocks];
    for (int j = 0; j < k; j++) {
      columnCount[block[j]]++;
    }
    for (int row = 0; row < features.rows(); row++) {
      if (features.rowStart(row + 1) > features.rowStart(row)) {
        recordCount[block[features.columnAt(features.rowStart(row))]]++;
      }
    }
    int[][] columns = new int[blocks][];
    int[][] records = new int[blocks][];
    for (int b = 0; b < blocks; b++) {
      columns[b] = new int[columnCount[b]];
      records[b] = new int[recordCount[b]];
    }
    int[] filled = new int[blocks];
    for (int j = 0; j < k; j++) {
      columns[block[j]][filled[block[j]]++] = j;
    }
    Arrays.fill(filled, 0);
    for (int row = 0; row < features.rows(); row++) {
      if (features.rowStart(row + 1) > features.rowStart(row)) {
        int b = block[features.columnAt(features.rowStart(row))];
        records[b][filled[b]++] = row;
      }
    }
    return new CoupledConstraints(columns, records);
  }

  private static int root(int[] parent, int j) {
    while (parent[j] != j) {
      parent[j] = parent[parent[j]];
      j = parent[j];
    }
    return j;
  }

  int count() {
    return columns.length;
  }

  /**
   * The blocks, fewest constraints first (ties in block order): a certificate search with a budget
   * tries the cheap blocks before one large one spends it.
   */
  int[] smallestFirst() {
    return IntStream.range(0, columns.length)
        .boxed()
        .sorted(Comparator.comparingInt(b -> columns[b].length))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /** The columns of block {@code b}, ascending. */
  int[] columns(int b) {
    return columns[b];
  }

  /** The records with a nonzero in block {@code b}, ascending. */
  int[] records(int b) {
    return records[b];
  }
}
