package org.flowimpute.bundle;

import java.util.List;

/**
 * The sizes inference needs, derived from conditions and targets so they are never stored twice: E
 * encoded context columns, G gates (one per target), the state count of each gate and their sum S,
 * D continuous targets (flow dimensions) and T targets.
 *
 * @param encodedWidth E, width of the ONNX input {@code context}
 * @param gateStateCounts state count of each gate, in target order (length G = T)
 * @param continuousTargets D, width of the ONNX input {@code flow_normal}
 */
public record ModelDimensions(
    int encodedWidth, List<Integer> gateStateCounts, int continuousTargets) {

  /** Copies the state counts. */
  public ModelDimensions {
    gateStateCounts = List.copyOf(gateStateCounts);
  }

  /** The dimensions of a model with these conditions and targets. */
  public static ModelDimensions of(List<ConditionSpec> conditions, List<TargetSpec> targets) {
    int encodedWidth = conditions.stream().mapToInt(ConditionSpec::width).sum();
    List<Integer> stateCounts = targets.stream().map(TargetSpec::stateCount).toList();
    int continuous = (int) targets.stream().filter(TargetSpec::isContinuous).count();
    return new ModelDimensions(encodedWidth, stateCounts, continuous);
  }

  /** G: number of gates (= number of targets). */
  public int gates() {
    return gateStateCounts.size();
  }

  /** T: number of targets, the width of the ONNX output {@code values}. */
  public int targets() {
    return gateStateCounts.size();
  }

  /**
   * Index of gate {@code gate}'s first probability in the ONNX output {@code gate_probabilities}.
   */
  public int stateOffset(int gate) {
    int offset = 0;
    for (int j = 0; j < gate; j++) {
      offset += gateStateCounts.get(j);
    }
    return offset;
  }

  /**
   * Width of the ONNX input {@code observed} of models with observed targets: T (mask) + S (one-hot
   * observed states) + D (observed transformed magnitudes).
   */
  public int observedWidth() {
    return targets() + gateStateTotal() + continuousTargets;
  }

  /** S: total number of gate states, the width of the ONNX output {@code gate_probabilities}. */
  public int gateStateTotal() {
    return gateStateCounts.stream().mapToInt(Integer::intValue).sum();
  }
}
