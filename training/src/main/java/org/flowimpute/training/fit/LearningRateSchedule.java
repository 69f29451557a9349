package org.flowimpute.training.fit;

import java.util.Locale;

/**
 * How Adam's learning rate moves during training. A fixed rate of 1e-3 lets the flow overfit small
 * training sets within a few dozen epochs, while a fixed 3e-4 fits them better but needs two to
 * three times the epochs on every data size; a rate that starts high and falls once validation
 * stops improving aims at both.
 */
public enum LearningRateSchedule {
  /** The rate stays at {@code --lr} throughout. */
  FIXED,
  /**
   * Reduce on plateau, separately for the gate and the flow parameters (they share no weights and
   * reach their validation optimum at different epochs): a part's rate is multiplied by {@link
   * PlateauLearningRate#FACTOR} after {@code max(1, patience / 3)} epochs without improvement of
   * that part's validation NLL.
   */
  PLATEAU,
  /**
   * Reduce on plateau for the gate parameters only; the flow keeps {@code --lr}. The gates' state
   * probabilities settle closer to the truth at a falling rate, while lower rates did not improve
   * the flow (docs/training.md, "Annealing the gates only").
   */
  GATE_PLATEAU;

  /** Parses {@code fixed}, {@code plateau} or {@code gate-plateau} (any case). */
  public static LearningRateSchedule parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "fixed" -> FIXED;
      case "plateau" -> PLATEAU;
      case "gate-plateau" -> GATE_PLATEAU;
      default ->
          throw new IllegalArgumentException(
              "--lr-schedule must be fixed, plateau or gate-plateau, got " + text);
    };
  }

  /** The name as the CLI and the manifest write it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether the gate parameters' rate falls on a plateau. */
  boolean annealsGates() {
    return this != FIXED;
  }

  /** Whether the flow parameters' rate falls on a plateau. */
  boolean annealsFlow() {
    return this == PLATEAU;
  }
}
