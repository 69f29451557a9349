package org.flowimpute.bundle;

import java.util.List;

/**
 * A continuous target such as an income or a balance: a sign gate (negative / zero / positive) and
 * a magnitude modelled by the flow in transformed space (see {@link MagnitudeTransform}).
 *
 * @param name output column name
 * @param observedStates the signs seen in training, a non-empty subset of {@link #GATE_STATES} in
 *     that order with at least one nonzero sign
 * @param transform the magnitude transform fitted on the nonzero training values
 */
public record ContinuousTarget(
    String name, List<String> observedStates, MagnitudeTransform transform) implements TargetSpec {

  /** Gate state index of a negative value. */
  public static final int NEGATIVE = 0;

  /** Gate state index of a zero value. */
  public static final int ZERO = 1;

  /** Gate state index of a positive value. */
  public static final int POSITIVE = 2;

  /** The sign gate's states in index order. */
  public static final List<String> GATE_STATES = List.of("negative", "zero", "positive");

  /** Checks the name, the observed signs and the transform. */
  public ContinuousTarget {
    Fields.requiredText(name, "name");
    observedStates = Fields.requiredList(observedStates, "observed_states");
    Fields.required(transform, "transform");
    if (!GATE_STATES.containsAll(observedStates)
        || !GATE_STATES.stream().filter(observedStates::contains).toList().equals(observedStates)) {
      throw new IllegalArgumentException(
          "field 'observed_states' must be a subset of " + GATE_STATES + " in that order");
    }
    if (observedStates.stream().allMatch("zero"::equals)) {
      throw new IllegalArgumentException("field 'observed_states' must contain a nonzero sign");
    }
  }

  @Override
  public List<String> gateStates() {
    return GATE_STATES;
  }

  /**
   * The gate state of a training or imputed value: {@link #NEGATIVE}, {@link #ZERO} or {@link
   * #POSITIVE}.
   */
  public static int signState(double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("NaN has no sign");
    }
    return value < 0 ? NEGATIVE : value > 0 ? POSITIVE : ZERO;
  }
}
