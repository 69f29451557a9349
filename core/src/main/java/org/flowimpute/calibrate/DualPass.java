package org.flowimpute.calibrate;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/**
 * One pass over the records at dual point η: u_i = F_i·η, w_i = q_i g(u_i), and the sums the Newton
 * step needs — Σ q D*(u), a = Fᵀw, Σ w|F|, and (optionally) the curvature Σ q g'(u) F_i F_iᵀ,
 * summed over the entries of its {@link CurvaturePattern} only.
 *
 * <p>Records are cut into chunks whose size depends only on N; chunk sums are combined in a fixed
 * binary tree. The result is therefore bit-identical whatever the number of threads, which keeps
 * calibrated weights reproducible across machines and runners.
 */
final class DualPass {

  private static final int MIN_CHUNK = 8192;
  private static final int MAX_CHUNKS = 128;

  private final ConstraintMatrix features;
  private final CurvaturePattern pattern;
  private final double[] baseWeights;
  private final Divergence divergence;
  private final ForkJoinPool pool;
  private final int chunkSize;
  private final int chunks;

  DualPass(
      ConstraintMatrix features,
      CurvaturePattern pattern,
      double[] baseWeights,
      Divergence divergence,
      ForkJoinPool pool) {
    this.features = features;
    this.pattern = pattern;
    this.baseWeights = baseWeights;
    this.divergence = divergence;
    this.pool = pool;
    int n = features.rows();
    this.chunkSize = Math.max(MIN_CHUNK, (n + MAX_CHUNKS - 1) / MAX_CHUNKS);
    this.chunks = Math.max(1, (n + chunkSize - 1) / chunkSize);
  }

  /** Sums at η; {@code curvature} false skips the curvature (line-search trials). */
  Sums evaluate(double[] eta, boolean curvature) {
    return pool.invoke(new ChunkRange(eta, curvature, 0, chunks));
  }

  /** The weights w_i = q_i g(F_i·η). */
  double[] weights(double[] eta) {
    double[] weights = new double[features.rows()];
    pool.invoke(new WeightsTask(eta, weights, 0, chunks));
    return weights;
  }

  /** Sums over a block of records. */
  static final class Sums {
    final int k;
    double conjugateSum;
    final double[] achieved;
    final double[] absolute;
    final CurvaturePattern pattern;

    /** The curvature's upper triangle over {@link #pattern}, or null when not computed. */
    final double[] curvature;

    double weightSum;
    double weightSquareSum;
    double minRatio = Double.POSITIVE_INFINITY;
    double maxRatio = Double.NEGATIVE_INFINITY;

    Sums(CurvaturePattern pattern, boolean withCurvature) {
      this.k = pattern.size();
      this.pattern = pattern;
      this.achieved = new double[k];
      this.absolute = new double[k];
      this.curvature = withCurvature ? new double[pattern.entries()] : null;
    }

    /** Curvature entry (a, b), either order; 0 outside the pattern. */
    double curvature(int a, int b) {
      int position = pattern.position(a, b);
      return position < 0 ? 0.0 : curvature[position];
    }

    /** Curvature entry (a, a). */
    double curvatureDiagonal(int a) {
      return curvature[pattern.diagonal(a)];
    }

    /**
     * Whether every sum is finite: the weights' sums and, per constraint, the achieved and absolute
     * amounts (an infinite Σ w|F| made the scaled residual 0, so an overflowed solve "converged").
     */
    boolean isFinite() {
      return Double.isFinite(conjugateSum)
          && Double.isFinite(weightSum)
          && Double.isFinite(weightSquareSum)
          && firstNonFinite() < 0;
    }

    /** The first constraint whose achieved or absolute amount is not finite, or -1. */
    int firstNonFinite() {
      for (int j = 0; j < k; j++) {
        if (!Double.isFinite(achieved[j]) || !Double.isFinite(absolute[j])) {
          return j;
        }
      }
      return -1;
    }

    /** Whether the curvature (when computed) is finite. */
    boolean curvatureIsFinite() {
      if (curvature != null) {
        for (double value : curvature) {
          if (!Double.isFinite(value)) {
            return false;
          }
        }
      }
      return true;
    }

    void add(Sums other) {
      conjugateSum += other.conjugateSum;
      weightSum += other.weightSum;
      weightSquareSum += other.weightSquareSum;
      minRatio = Math.min(minRatio, other.minRatio);
      maxRatio = Math.max(maxRatio, other.maxRatio);
      for (int j = 0; j < k; j++) {
        achieved[j] += other.achieved[j];
        absolute[j] += other.absolute[j];
      }
      if (curvature != null) {
        for (int j = 0; j < curvature.length; j++) {
          curvature[j] += other.curvature[j];
        }
      }
    }
  }

  private final class ChunkRange extends RecursiveTask<Sums> {
    private final double[] eta;
    private final boolean withCurvature;
    private final int fromChunk;
    private final int toChunk;

    ChunkRange(double[] eta, boolean withCurvature, int fromChunk, int toChunk) {
      this.eta = eta;
      this.withCurvature = withCurvature;
      this.fromChunk = fromChunk;
      this.toChunk = toChunk;
    }

    @Override
    protected Sums compute() {
      if (toChunk - fromChunk == 1) {
        return leaf(fromChunk);
      }
      int middle = (fromChunk + toChunk) >>> 1;
      ChunkRange left = new ChunkRange(eta, withCurvature, fromChunk, middle);
      ChunkRange right = new ChunkRange(eta, withCurvature, middle, toChunk);
      right.fork();
      Sums sums = left.compute();
      sums.add(right.join());
      return sums;
    }

    private Sums leaf(int chunk) {
      Sums sums = new Sums(pattern, withCurvature);
      int from = chunk * chunkSize;
      int to = Math.min(features.rows(), from + chunkSize);
      double[] curvature = sums.curvature;
      for (int row = from; row < to; row++) {
        double u = features.rowDot(row, eta);
        double q = baseWeights[row];
        double g = divergence.ratio(u);
        double w = q * g;
        sums.conjugateSum += q * divergence.conjugate(u, g);
        sums.weightSum += w;
        sums.weightSquareSum += w * w;
        sums.minRatio = Math.min(sums.minRatio, g);
        sums.maxRatio = Math.max(sums.maxRatio, g);
        int start = features.rowStart(row);
        int end = features.rowStart(row + 1);
        for (int p = start; p < end; p++) {
          double value = features.valueAt(p);
          int column = features.columnAt(p);
          sums.achieved[column] += w * value;
          sums.absolute[column] += Math.abs(w * value);
        }
        if (curvature != null) {
          double d = q * divergence.ratioDerivative(u, g);
          if (d != 0.0) {
            for (int p = start; p < end; p++) {
              double scaled = d * features.valueAt(p);
              int a = features.columnAt(p);
              int position = pattern.diagonal(a);
              curvature[position] += scaled * features.valueAt(p);
              for (int r = p + 1; r < end; r++) {
                position = pattern.position(a, features.columnAt(r), position + 1);
                curvature[position] += scaled * features.valueAt(r);
              }
            }
          }
        }
      }
      return sums;
    }
  }

  private final class WeightsTask extends RecursiveTask<Void> {
    private final double[] eta;
    private final double[] weights;
    private final int fromChunk;
    private final int toChunk;

    WeightsTask(double[] eta, double[] weights, int fromChunk, int toChunk) {
      this.eta = eta;
      this.weights = weights;
      this.fromChunk = fromChunk;
      this.toChunk = toChunk;
    }

    @Override
    protected Void compute() {
      if (toChunk - fromChunk == 1) {
        int from = fromChunk * chunkSize;
        int to = Math.min(features.rows(), from + chunkSize);
        for (int row = from; row < to; row++) {
          weights[row] = baseWeights[row] * divergence.ratio(features.rowDot(row, eta));
        }
        return null;
      }
      int middle = (fromChunk + toChunk) >>> 1;
      WeightsTask right = new WeightsTask(eta, weights, middle, toChunk);
      right.fork();
      new WeightsTask(eta, weights, fromChunk, middle).compute();
      right.join();
      return null;
    }
  }
}
