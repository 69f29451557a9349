package org.flowimpute.calibrate;

import java.util.Locale;

/**
 * The memory a solve's curvature needs, and how many worker threads fit in the heap with it.
 *
 * <p>Why: the curvature sums are the solver's only memory that grows faster than N + K. Each
 * fork-join worker holds up to {@link #SUMS_PER_WORKER} of them (a partial sum for each level of
 * the chunk tree it is inside, at most 128 chunks: 7 levels, and its leaf's), the Newton step
 * {@link #STEP_SUMS} more plus its factorisation ({@link NewtonSystem#stepBytes}) and the pattern's
 * index ({@link CurvaturePattern#indexBytes}). With dense K×K sums 20,000 cells failed with an
 * OutOfMemoryError and one worker per core ran out of memory on 4 cores where 2 fitted; over the
 * {@link CurvaturePattern} a sum takes 8 bytes per pattern entry. Computed in floating point: in
 * long, K² overflowed for K above about a billion and was admitted.
 */
final class CurvatureMemory {

  /** Curvature sums one worker may hold at once. */
  static final int SUMS_PER_WORKER = 8;

  /** Curvature sums of the Newton step itself besides the workers' (the total and the base). */
  static final int STEP_SUMS = 2;

  private final int k;
  private final long entries;
  private final double sumBytes;
  private final double stepBytes;

  private CurvatureMemory(int k, long entries, double stepBytes) {
    this.k = k;
    this.entries = entries;
    this.sumBytes = (double) entries * Double.BYTES;
    this.stepBytes = stepBytes;
  }

  /** What a solve over {@code pattern} with the Newton system {@code system} needs. */
  static CurvatureMemory of(CurvaturePattern pattern, NewtonSystem system) {
    return new CurvatureMemory(
        pattern.size(), pattern.entries(), system.stepBytes() + pattern.indexBytes());
  }

  /**
   * The least any problem with {@code k} constraints needs, whatever its pattern: the diagonal
   * alone, in the sums and in the step's matrix and factor. Checked before building a problem.
   */
  static CurvatureMemory leastFor(int k) {
    return new CurvatureMemory(k, k, 2.0 * 12.0 * k);
  }

  /** Bytes one worker and the step need together. */
  double bytesWithOneWorker() {
    return sumBytes * (SUMS_PER_WORKER + STEP_SUMS) + stepBytes;
  }

  /**
   * Refuses a problem that does not fit the heap with one worker.
   *
   * @throws IllegalArgumentException saying how much memory the solve needs and how much there is
   */
  void require() {
    double bytes = bytesWithOneWorker();
    long available = Runtime.getRuntime().maxMemory();
    if (bytes > available) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "the targets make %d constraints: the solver needs about %.1f GiB for its curvature"
                  + " sums (%d entries of the %d x %d matrix) and their factorisation, and this"
                  + " process may use %.1f GiB; merge cells (fewer levels in 'by'), or give Java"
                  + " more memory (FLOWIMPUTE_JAVA_OPTS=-Xmx...)",
              k,
              bytes / 1073741824.0,
              entries,
              k,
              k,
              available / 1073741824.0));
    }
  }

  /**
   * {@code threads}, or fewer workers if their sums would not fit in the heap (at least one). The
   * weights do not depend on the number of workers (chunk sums are combined in a fixed order).
   */
  int workers(int threads) {
    double perWorker = sumBytes * SUMS_PER_WORKER;
    double forWorkers = Runtime.getRuntime().maxMemory() - sumBytes * STEP_SUMS - stepBytes;
    double fitting = Math.max(1.0, Math.floor(forWorkers / perWorker));
    return (int) Math.min(threads, fitting);
  }
}
