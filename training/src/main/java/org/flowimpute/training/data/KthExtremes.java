package org.flowimpute.training.data;

import java.util.Arrays;
import java.util.Optional;

/**
 * The smallest and largest values a synthesis bundle may bound a column by: the K-th smallest and
 * the K-th largest of its rows' values, each of which at least K rows reach (at least K rows hold
 * it or a value beyond it on its side). A minimum or maximum held by fewer than K rows moves
 * neither, so no bound derived from them gives it away, as the exact extremes did.
 *
 * @param low the smaller of the two
 * @param high the larger of the two (equal to {@code low} when K rows or more hold one value
 *     between them; below the K-th smallest when there are fewer than 2K - 1 rows)
 */
record KthExtremes(double low, double high) {

  /** The K-th smallest and K-th largest of {@code values}; empty when there are fewer than K. */
  static Optional<KthExtremes> of(double[] values, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("K must be at least 1, got " + k);
    }
    if (values.length < k) {
      return Optional.empty();
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double kthSmallest = sorted[k - 1];
    double kthLargest = sorted[sorted.length - k];
    return Optional.of(
        new KthExtremes(Math.min(kthSmallest, kthLargest), Math.max(kthSmallest, kthLargest)));
  }
}
