package org.flowimpute.evaluation;

import java.util.Arrays;
import smile.neighbor.KDTree;
import smile.neighbor.Neighbor;

/**
 * Distance to closest record (DCR), a privacy check: for each synthetic row, the Euclidean distance
 * to its nearest training row; for each holdout row (real, not trained on), the same. A synthesizer
 * that copies or closely imitates training rows puts its synthetic rows much nearer to them than
 * unseen real rows are: the ratio mean DCR(synthetic→train) / mean DCR(holdout→train) is then well
 * below 1 (0 for copies); about 1 means no closer than new real data. (Means, not medians: survey
 * targets are often all zero, so both medians can be 0; exact-match shares are reported beside.)
 * Features (the targets, or whole records: one-hot categories, numeric conditions and targets) are
 * put on the signed-log scale and standardized by the training rows' standard deviations. Nearest
 * neighbours by Smile's k-d tree. A mean cannot show a few copies among many records: {@link
 * RecordCopies} counts them beside it.
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
      double exactMatchShareHoldout,
      RecordCopies.Result copies) {}

  /**
   * The closest training row of each of some rows: its position among the training rows and the
   * distance to it.
   */
  record Neighbours(int[] rows, double[] distances) {}

  private final KDTree<double[]> tree;
  private final double[][] keys;
  private final double[] scale;

  private DistanceToClosestRecord(double[][] train) {
    int k = train[0].length;
    scale = new double[k];
    keys = new double[train.length][];
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

  /** An index over the training rows ({@code [row][k]} features in original units). */
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
    return neighbours(rows).distances();
  }

  /** The closest training row of each row of {@code rows}, and the distance to it. */
  Neighbours neighbours(double[][] rows) {
    int[] found = new int[rows.length];
    double[] distances = new double[rows.length];
    for (int r = 0; r < rows.length; r++) {
      Neighbor<double[], double[]> nearest = tree.nearest(point(rows[r]));
      found[r] = nearest.index;
      distances[r] = nearest.distance;
    }
    return new Neighbours(found, distances);
  }

  /** The number of training rows. */
  int rows() {
    return keys.length;
  }

  /**
   * Whether training row {@code row} is a sample unique: no other training row lies within {@link
   * RecordCopies#SAME} of it.
   */
  boolean unique(int row) {
    if (keys.length < 2) {
      return true;
    }
    // a copy of the key, so that the search does not skip the row itself: the second nearest is
    // then the closest other row (or a duplicate, at distance 0)
    Neighbor<double[], double[]>[] two = tree.search(keys[row].clone(), 2);
    return Math.max(two[0].distance, two[1].distance) > RecordCopies.SAME;
  }

  /** Synthetic vs holdout distances to the training rows. */
  public Result compare(double[][] synthetic, double[][] holdout) {
    Neighbours syntheticNeighbours = neighbours(synthetic);
    Neighbours holdoutNeighbours = neighbours(holdout);
    double[] s = syntheticNeighbours.distances();
    double[] h = holdoutNeighbours.distances();
    double meanS = Arrays.stream(s).average().orElseThrow();
    double meanH = Arrays.stream(h).average().orElseThrow();
    return new Result(
        meanH == 0 ? Double.NaN : meanS / meanH,
        meanS,
        meanH,
        median(s),
        median(h),
        exactShare(s),
        exactShare(h),
        RecordCopies.of(this, syntheticNeighbours, holdoutNeighbours));
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
