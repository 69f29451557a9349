package org.flowimpute.calibrate;

import java.util.function.Consumer;

/**
 * Settings of an EMM solve; immutable, start from {@link #defaults()} and change with {@code
 * withX}.
 *
 * <p>Defaults: entropy divergence, no weight bounds, λ = 1, tolerance 1e-10 on the scaled
 * optimality residual, at most 100 Newton steps, all available processors, fail on infeasible
 * targets, λ = 1e-4 when softening.
 */
public record SolverOptions(
    DivergenceKind divergenceKind,
    WeightBounds bounds,
    double lambda,
    double tolerance,
    int maxIterations,
    int threads,
    OnInfeasible onInfeasible,
    double softenLambda,
    Consumer<IterationProgress> progress) {

  public SolverOptions {
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be positive and finite, got " + lambda);
    }
    if (!(softenLambda > 0) || Double.isInfinite(softenLambda)) {
      throw new IllegalArgumentException("soften lambda must be positive, got " + softenLambda);
    }
    if (!(tolerance > 0) || tolerance >= 1) {
      throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tolerance);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
  }

  /** Entropy, unbounded, λ = 1, tolerance 1e-10, 100 steps, all processors, fail. */
  public static SolverOptions defaults() {
    return new SolverOptions(
        DivergenceKind.ENTROPY,
        WeightBounds.none(),
        1.0,
        1e-10,
        100,
        Runtime.getRuntime().availableProcessors(),
        OnInfeasible.FAIL,
        1e-4,
        null);
  }

  public SolverOptions withDivergence(DivergenceKind kind) {
    return new SolverOptions(
        kind,
        bounds,
        lambda,
        tolerance,
        maxIterations,
        threads,
        onInfeasible,
        softenLambda,
        progress);
  }

  public SolverOptions withBounds(WeightBounds newBounds) {
    return new SolverOptions(
        divergenceKind,
        newBounds,
        lambda,
        tolerance,
        maxIterations,
        threads,
        onInfeasible,
        softenLambda,
        progress);
  }

  public SolverOptions withLambda(double newLambda) {
    return new SolverOptions(
        divergenceKind,
        bounds,
        newLambda,
        tolerance,
        maxIterations,
        threads,
        onInfeasible,
        softenLambda,
        progress);
  }

  public SolverOptions withTolerance(double newTolerance) {
    return new SolverOptions(
        divergenceKind,
        bounds,
        lambda,
        newTolerance,
        maxIterations,
        threads,
        onInfeasible,
        softenLambda,
        progress);
  }

  public SolverOptions withMaxIterations(int newMaxIterations) {
    return new SolverOptions(
        divergenceKind,
        bounds,
        lambda,
        tolerance,
        newMaxIterations,
        threads,
        onInfeasible,
        softenLambda,
        progress);
  }

  public SolverOptions withThreads(int newThreads) {
    return new SolverOptions(
        divergenceKind,
        bounds,
        lambda,
        tolerance,
        maxIterations,
        newThreads,
        onInfeasible,
        softenLambda,
        progress);
  }

  public SolverOptions withOnInfeasible(OnInfeasible policy) {
    return new SolverOptions(
        divergenceKind,
        bounds,
        lambda,
        tolerance,
        maxIterations,
        threads,
        policy,
        softenLambda,
        progress);
  }

  public SolverOptions withSoftenLambda(double newSoftenLambda) {
    return new SolverOptions(
        divergenceKind,
        bounds,
        lambda,
        tolerance,
        maxIterations,
        threads,
        onInfeasible,
        newSoftenLambda,
        progress);
  }

  /** Receives one {@link IterationProgress} per Newton step (null: none). */
  public SolverOptions withProgress(Consumer<IterationProgress> listener) {
    return new SolverOptions(
        divergenceKind,
        bounds,
        lambda,
        tolerance,
        maxIterations,
        threads,
        onInfeasible,
        softenLambda,
        listener);
  }

  /** The divergence these options select. */
  public Divergence divergence() {
    return divergenceKind.with(bounds);
  }
}
