package org.flowimpute.synth;

/**
 * Thrown by {@link ConditionSynthesisFitter#fit} when every cell of the categorical conditions has
 * fewer than k training rows, so that no cell could be released; carries k and the largest cell's
 * row count, the largest k that would release a cell.
 */
public final class NothingReleasedException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int minCellRows;
  private final int largestCellRows;

  NothingReleasedException(String cells, int minCellRows, int largestCellRows) {
    super(
        cells
            + " fewer than "
            + minCellRows
            + " rows (the largest has "
            + largestCellRows
            + "): nothing can be released");
    this.minCellRows = minCellRows;
    this.largestCellRows = largestCellRows;
  }

  /** k: the rows a cell needs to be released. */
  public int minCellRows() {
    return minCellRows;
  }

  /** The rows of the largest cell. */
  public int largestCellRows() {
    return largestCellRows;
  }
}
