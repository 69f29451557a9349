package org.flowimpute.training.model;

/**
 * Network sizes chosen by the user.
 *
 * @param flow flow family
 * @param flowLayers number of flow layers
 * @param hidden hidden width of flow conditioners and of the gate trunk
 * @param gateHidden hidden width per gate head
 * @param clamp soft clamp of log-scales: alpha = clamp * tanh(raw / clamp)
 */
public record Architecture(FlowKind flow, int flowLayers, int hidden, int gateHidden, float clamp) {

  public Architecture {
    if (flowLayers < 1 || hidden < 1 || gateHidden < 1 || !(clamp > 0)) {
      throw new IllegalArgumentException(
          "layers, hidden sizes and clamp must be positive, got "
              + flowLayers
              + ", "
              + hidden
              + ", "
              + gateHidden
              + ", "
              + clamp);
    }
  }

  /** Hidden units per target in {@link #hiddenFor(int)}. */
  static final int HIDDEN_PER_TARGET = 8;

  /** Narrowest and widest hidden layer {@link #hiddenFor(int)} chooses. */
  static final int MIN_HIDDEN = 32;

  static final int MAX_HIDDEN = 128;

  /** Defaults: coupling flow, 4 layers, 64 hidden units, 32 per gate head, clamp 3. */
  public static Architecture defaults() {
    return new Architecture(FlowKind.COUPLING, 4, 64, 32, 3f);
  }

  /**
   * The defaults with the hidden width chosen by the data: {@link #hiddenFor(int)} of the number of
   * targets. What {@code train} and {@code bench train} use unless {@code --hidden} is given.
   */
  public static Architecture defaultsFor(int targets) {
    return defaults().withHidden(hiddenFor(targets));
  }

  /**
   * Default hidden width for a model of {@code targets} targets: {@code clamp(8 x targets, 32,
   * 128)}. A conditioner predicts a shift and a log-scale per target, so its width scales with the
   * targets; measured on the micro benchmark (docs/training.md), 32 units fit the simple split's 4
   * targets as well as 64 at a fraction of the arithmetic, and the CPS-like split's 8 targets keep
   * 64.
   */
  public static int hiddenFor(int targets) {
    if (targets < 1) {
      throw new IllegalArgumentException("at least one target is needed, got " + targets);
    }
    return Math.max(MIN_HIDDEN, Math.min(MAX_HIDDEN, HIDDEN_PER_TARGET * targets));
  }

  public Architecture withFlow(FlowKind value) {
    return new Architecture(value, flowLayers, hidden, gateHidden, clamp);
  }

  public Architecture withFlowLayers(int value) {
    return new Architecture(flow, value, hidden, gateHidden, clamp);
  }

  public Architecture withHidden(int value) {
    return new Architecture(flow, flowLayers, value, gateHidden, clamp);
  }

  public Architecture withGateHidden(int value) {
    return new Architecture(flow, flowLayers, hidden, value, clamp);
  }
}
