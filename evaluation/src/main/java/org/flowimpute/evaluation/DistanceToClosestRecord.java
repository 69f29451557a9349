package org.flowimpute.evaluation;

import java.util.Arrays;
import smile.neighbor.KDTree;

/**
 * Distance to closest record (DCR), a privacy check: for each synthetic row, the Euclidean distance
 * to its nearest training row; for each holdout row (real, not trained on), the same. A synthesizer
 * that copies or closely imitates training rows puts its synthetic rows much nearer to them than
 * unseen real rows are: the ratio mean DCR(synthetic→train) / mean DCR(holdout→train) is then well
 * below 1 (0 for copies); about 1 means no closer than new real data. (Means, not medians: survey
 * targets are often all zero, so both medians can be 0; exact-match shares are reported beside.)
 * Features are the targets on the signed-log scale, standardized by the training rows' standard
 * deviations. Nearest neighbours by Smile's k-d tree.
 */
public final class DistanceToClosestRecord {

  /** Summary of one comparison. */
  public record Result(
      double ratio,
      double meanSynthetic,
      double meanHoldout,
      double medianSynthetic,
      double medianHoldout,
      double exactMatchShareSynthetic,
      double exactMatchShareHoldout) {}

  private final KDTree<double[]> tree;
  private final double[] scale;

  private DistanceToClosestRecord(double[][] train) {
    int k = train[0].length;
    scale = new double[k];
    double[][] keys = new double[train.length][];
    for (int c = 0; c < k; c++) {
      double mean = 0;
      boolean constant = true;
      for (double[] row : train) {
        mean += SignedLog.of(row[c]) / train.length;
        constant &= row[c] == train[0][c];
      }
      double variance = 0;
      for (double[] row : train) {
        double d = SignedLog.of(row[c]) - mean;
        variance += d * d / train.length;
      }
      // a constant column's variance comes out of the rounded mean as 1e-30, not 0: a scale of
      // 1e-15 made every distance from a record of another value 1e13 and more
      scale[c] = constant || !(variance > 0) ? 1 : Math.sqrt(variance);
    }
    for (int r = 0; r < train.length; r++) {
      keys[r] = point(train[r]);
    }
    tree = KDTree.of(keys);
  }

  /** An index over the training rows ({@code [row][k]} targets in original units). */
  public static DistanceToClosestRecord over(double[][] train) {
    if (train.length == 0) {
      throw new IllegalArgumentException("DCR needs at least one training row");
    }
    return new DistanceToClosestRecord(train);
  }

  private double[] point(double[] row) {
    double[] out = new double[row.length];
    for (int c = 0; c < row.length; c++) {
      out[c] = SignedLog.of(row[c]) / scale[c];
    }
    return out;
  }

  /** Distance from each row of {@code rows} to its closest training row. */
  public double[] distances(double[][] rows) {
    double[] out = new double[rows.length];
    for (int r = 0; r < rows.length; r++) {
      out[r] = tree.nearest(point(rows[r])).distance;
    }
    return out;
  }

  /** Synthetic vs holdout distances to the training rows. */
  public Result compare(double[][] synthetic, double[][] holdout) {
    double[] s = distances(synthetic);
    double[] h = distances(holdout);
    double meanS = Arrays.stream(s).average().orElseThrow();
    double meanH = Arrays.stream(h).average().orElseThrow();
    return new Result(
        meanH == 0 ? Double.NaN : meanS / meanH,
        meanS,
        meanH,
        median(s),
        median(h),
        exactShare(s),
        exactShare(h));
  }

  private static double exactShare(double[] distances) {
    return Arrays.stream(distances).filter(d -> d == 0).count() / (double) distances.length;
  }

  static double median(double[] values) {
    double[] x = values.clone();
    Arrays.sort(x);
    int n = x.length;
    return n % 2 == 1 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
  }
}
