package org.flowimpute.evaluation;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Donor rows a baseline draws from, each with probability proportional to its survey weight, so
 * that the drawn values follow the donors' weighted distribution, the one every weighted metric
 * compares against. Without weights every donor is equally likely (one {@code nextInt} per draw).
 */
final class DonorPool {

  private final int[] rows;
  private final double[] cumulative;

  private DonorPool(int[] rows, double[] cumulative) {
    this.rows = rows;
    this.cumulative = cumulative;
  }

  /**
   * A pool of donor {@code rows} weighted by {@code weights} (indexed by row; null: every weight
   * 1).
   */
  static DonorPool of(List<Integer> rows, double[] weights) {
    int[] members = rows.stream().mapToInt(Integer::intValue).toArray();
    if (weights == null) {
      return new DonorPool(members, null);
    }
    double[] cumulative = new double[members.length];
    double sum = 0;
    for (int i = 0; i < members.length; i++) {
      sum += weights[members[i]];
      cumulative[i] = sum;
    }
    return new DonorPool(members, cumulative);
  }

  /** One donor row. */
  int draw(SplittableRandom random) {
    if (cumulative == null) {
      return rows[random.nextInt(rows.length)];
    }
    double u = random.nextDouble() * cumulative[cumulative.length - 1];
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] > u) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return rows[low];
  }
}
