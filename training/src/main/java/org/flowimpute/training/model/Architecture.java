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

  /** Defaults: coupling flow, 4 layers, 64 hidden units, 32 per gate head, clamp 3. */
  public static Architecture defaults() {
    return new Architecture(FlowKind.COUPLING, 4, 64, 32, 3f);
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
