package org.flowimpute.synth;

import java.util.List;

/**
 * Thrown by {@link ConditionSynthesisFitter#fit} when K is too large for the data to release
 * anything: every cell of the categorical conditions has fewer than K training rows, or there are
 * fewer than 2K - 1 rows, so that no numeric quantile could have K rows on each side; carries K and
 * the largest K that would release something.
 */
public final class NothingReleasedException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int minCellRows;
  private final int largestK;

  private NothingReleasedException(String message, int minCellRows, int largestK) {
    super(message);
    this.minCellRows = minCellRows;
    this.largestK = largestK;
  }

  /** Every one of {@code cells} has fewer than {@code k} rows, the largest {@code largestRows}. */
  static NothingReleasedException cells(String cells, int k, int largestRows) {
    return new NothingReleasedException(
        cells
            + " fewer than "
            + k
            + " rows (the largest has "
            + largestRows
            + "): nothing can be released",
        k,
        largestRows);
  }

  /**
   * The {@code rows} training rows are fewer than 2K - 1: no value of the {@code numeric}
   * conditions has K rows at or below it and K rows at or above it.
   */
  static NothingReleasedException quantiles(List<String> numeric, int k, int rows) {
    return new NothingReleasedException(
        "the quantiles of the numeric conditions ("
            + String.join(", ", numeric)
            + ") need at least 2K - 1 = "
            + (2 * k - 1)
            + " rows, to have K rows at or beyond each; the data has "
            + rows
            + ": nothing can be released",
        k,
        (rows + 1) / 2);
  }

  /** K: the rows a cell needs to be released. */
  public int minCellRows() {
    return minCellRows;
  }

  /** The largest K that would release something (for cells, the rows of the largest cell). */
  public int largestK() {
    return largestK;
  }
}
