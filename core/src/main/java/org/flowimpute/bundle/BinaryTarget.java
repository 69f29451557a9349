package org.flowimpute.bundle;

import java.util.List;

/**
 * A 0/1 target (e.g. receives a benefit). Its gate has states "0" and "1"; the ONNX output {@code
 * values} holds 0 or 1.
 *
 * @param name output column name
 * @param observedStates the values seen in training: both for a usable target
 */
public record BinaryTarget(String name, List<String> observedStates) implements TargetSpec {

  /** The gate's states in index order. */
  public static final List<String> GATE_STATES = List.of("0", "1");

  /** Checks the name and that the observed values are a subset of {@code ["0", "1"]}. */
  public BinaryTarget {
    Fields.requiredText(name, "name");
    observedStates = Fields.requiredList(observedStates, "observed_states");
    if (observedStates.isEmpty() || !GATE_STATES.containsAll(observedStates)) {
      throw new IllegalArgumentException(
          "field 'observed_states' must be a non-empty subset of " + GATE_STATES);
    }
    Fields.unique(observedStates, "observed state");
  }

  @Override
  public List<String> gateStates() {
    return GATE_STATES;
  }
}
