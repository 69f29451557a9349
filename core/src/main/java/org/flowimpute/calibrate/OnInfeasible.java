package org.flowimpute.calibrate;

import java.util.Locale;

/** What {@link Calibrator} does when hard targets cannot be met together. */
public enum OnInfeasible {
  /** Throw {@link InfeasibleTargetsException} naming the constraints. */
  FAIL,
  /**
   * Re-solve with the conflicting hard targets as least-squares losses (see {@link Calibrator}) and
   * report the residuals.
   */
  SOFTEN;

  /**
   * The policy {@code text} names ({@code fail} or {@code soften}, any case).
   *
   * @throws IllegalArgumentException naming {@code --on-infeasible} otherwise
   */
  public static OnInfeasible parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--on-infeasible must be fail or soften, got '" + text + "'", e);
    }
  }
}
