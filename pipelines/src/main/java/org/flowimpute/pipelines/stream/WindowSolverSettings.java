package org.flowimpute.pipelines.stream;

import java.io.Serializable;
import org.flowimpute.calibrate.OnInfeasible;
import org.flowimpute.calibrate.SolverOptions;
import org.flowimpute.calibrate.WeightBounds;

/**
 * How a stream solves each window's calibration: entropy weight λ, what to do when the targets
 * cannot be met together ({@code soften}, or {@code fail}: the window keeps its base weights and
 * its report says why), the softening λ and the weight bounds. The stream always softened at λ =
 * 1e-4 without bounds, so a window whose targets were out of reach got weights of exactly 0 with no
 * way to ask for anything else. Serializable, unlike {@link SolverOptions}, which it makes.
 *
 * @param lambda entropy weight (soft targets)
 * @param onInfeasible what an infeasible window does
 * @param softenLambda λ of a softened solve
 * @param bounds weight bounds "L,U" on w/q, or null for none
 */
public record WindowSolverSettings(
    double lambda, OnInfeasible onInfeasible, double softenLambda, String bounds)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Checks the values, naming the option at fault. */
  public WindowSolverSettings {
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("--lambda must be a positive number, got " + lambda);
    }
    if (!(softenLambda > 0) || Double.isInfinite(softenLambda)) {
      throw new IllegalArgumentException(
          "--soften-lambda must be a positive number, got " + softenLambda);
    }
    if (bounds != null) {
      try {
        WeightBounds.parse(bounds);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--bounds: " + e.getMessage(), e);
      }
    }
  }

  /** λ = 1, softening at 1e-4, no bounds: what a stream used before these settings existed. */
  public static WindowSolverSettings defaults() {
    return new WindowSolverSettings(1.0, OnInfeasible.SOFTEN, 1e-4, null);
  }

  /**
   * The settings from option text.
   *
   * @throws IllegalArgumentException naming {@code --on-infeasible} if it is neither fail nor
   *     soften
   */
  public static WindowSolverSettings of(
      double lambda, String onInfeasible, double softenLambda, String bounds) {
    return new WindowSolverSettings(lambda, OnInfeasible.parse(onInfeasible), softenLambda, bounds);
  }

  /** The solver options these settings stand for. */
  public SolverOptions solverOptions() {
    SolverOptions options =
        SolverOptions.defaults()
            .withLambda(lambda)
            .withOnInfeasible(onInfeasible)
            .withSoftenLambda(softenLambda);
    return bounds == null ? options : options.withBounds(WeightBounds.parse(bounds));
  }
}
