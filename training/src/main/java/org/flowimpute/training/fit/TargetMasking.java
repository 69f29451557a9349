package org.flowimpute.training.fit;

import java.util.SplittableRandom;

/**
 * Which targets a training row pretends to have observed, for models trained with {@code
 * --missing-targets}: with probability {@link #ALL_MISSING_SHARE} nothing is observed (plain
 * imputation, so its fidelity does not suffer), otherwise each target independently with
 * probability {@link #OBSERVED_PROBABILITY}. Every pattern has positive probability, so the model
 * learns p(missing | conditions, observed) for any subset a user may bring. A fresh mask is drawn
 * for every row in every epoch (like the filler); validation uses one fixed draw.
 */
public final class TargetMasking {

  /** Share of rows with nothing observed. */
  public static final double ALL_MISSING_SHARE = 0.3;

  /** Probability that a target is observed in the other rows. */
  public static final double OBSERVED_PROBABILITY = 0.5;

  private TargetMasking() {}

  /**
   * Draws masks for {@code rows} rows of {@code targets} targets: [rows, targets], 1 = observed.
   */
  public static byte[] draw(int rows, int targets, SplittableRandom random) {
    byte[] masks = new byte[rows * targets];
    for (int r = 0; r < rows; r++) {
      if (random.nextDouble() < ALL_MISSING_SHARE) {
        continue;
      }
      for (int j = 0; j < targets; j++) {
        masks[r * targets + j] = random.nextDouble() < OBSERVED_PROBABILITY ? (byte) 1 : 0;
      }
    }
    return masks;
  }
}
