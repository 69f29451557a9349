package org.flowimpute.bundle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One target variable (what the model imputes). Every target is a gate of the ONNX model: a
 * continuous target has the 3-state sign gate (negative / zero / positive, plus one state per point
 * mass) and a flow dimension for its magnitude; a categorical target is a gate only. Gate order =
 * manifest target order.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ContinuousTarget.class, name = "continuous"),
  @JsonSubTypes.Type(value = CategoricalTarget.class, name = "categorical")
})
public sealed interface TargetSpec permits ContinuousTarget, CategoricalTarget {

  /** The output column name. */
  String name();

  /** Names of the gate's states, in state-index order (length = the gate's state count). */
  List<String> gateStates();

  /** The states seen in training; the others have probability exactly 0. */
  List<String> observedStates();

  /** Number of gate states (3 for continuous targets). */
  @JsonIgnore
  default int stateCount() {
    return gateStates().size();
  }

  /** Whether gate state {@code state} was seen in training. */
  default boolean isObserved(int state) {
    return observedStates().contains(gateStates().get(state));
  }

  /** Whether this target has a flow dimension (continuous targets only). */
  @JsonIgnore
  default boolean isContinuous() {
    return this instanceof ContinuousTarget;
  }
}
