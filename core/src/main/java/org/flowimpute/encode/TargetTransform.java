package org.flowimpute.encode;

import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeTransform;

/**
 * The magnitude transform of a continuous target, the one the flow models: {@code y = (log1p(|x| /
 * unit) - mu) / sigma} for nonzero x, and back {@code x = sign * clip(unit * expm1(sigma * y + mu),
 * lower, upper)} with the bounds of {@link MagnitudeTransform#bounded}. The log makes heavy-tailed
 * incomes tractable; the clip stops a far-out flow sample from producing an absurd amount, or a
 * small one from producing 0 in a nonzero state. The ONNX graph clips to 0 and the cap; the imputer
 * applies the per-sign bounds to its output ({@code org.flowimpute.infer.ImputedAmounts}).
 */
public final class TargetTransform {
  private final MagnitudeTransform parameters;

  private TargetTransform(MagnitudeTransform parameters) {
    this.parameters = parameters;
  }

  /** The transform with these parameters. */
  public static TargetTransform of(MagnitudeTransform parameters) {
    return new TargetTransform(parameters);
  }

  /** The transform of a continuous target. */
  public static TargetTransform of(ContinuousTarget target) {
    return new TargetTransform(target.transform());
  }

  /**
   * The transformed magnitude of a nonzero value.
   *
   * @throws IllegalArgumentException for zero or non-finite values (zeros have no magnitude; the
   *     gate carries them)
   */
  public double forward(double value) {
    if (value == 0 || !Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "only nonzero finite values have a transformed magnitude, got " + value);
    }
    return (parameters.logMagnitude(Math.abs(value)) - parameters.mu()) / parameters.sigma();
  }

  /**
   * The value in original units for a gate state and a transformed magnitude.
   *
   * @param signState {@link ContinuousTarget#NEGATIVE}, {@link ContinuousTarget#ZERO} or {@link
   *     ContinuousTarget#POSITIVE}
   * @param transformed the flow's output y
   */
  public double inverse(int signState, double transformed) {
    if (signState == ContinuousTarget.ZERO) {
      return 0.0;
    }
    if (signState != ContinuousTarget.NEGATIVE && signState != ContinuousTarget.POSITIVE) {
      throw new IllegalArgumentException("sign state must be 0, 1 or 2, got " + signState);
    }
    double magnitude = parameters.magnitude(parameters.sigma() * transformed + parameters.mu());
    double clipped = parameters.bounded(signState, magnitude);
    return signState == ContinuousTarget.NEGATIVE ? -clipped : clipped;
  }

  /** The gate state of a value: negative 0, zero 1, positive 2. */
  public static int signState(double value) {
    return ContinuousTarget.signState(value);
  }
}
