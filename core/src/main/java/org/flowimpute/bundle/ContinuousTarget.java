package org.flowimpute.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A continuous target such as an income or a balance: a gate (negative / zero / positive, plus one
 * state per point mass) and a magnitude modelled by the flow in transformed space (see {@link
 * MagnitudeTransform}).
 *
 * <p><b>Point masses ("atoms").</b> Survey amounts are often heaped on exact values: a benefit paid
 * at its maximum rate, a tax credit's plateau, a round pension. A flow has a density and cannot put
 * probability on one exact value, so such values are gate states of their own: state {@code 3 + k}
 * means "exactly {@code atoms.get(k)}". The negative and positive states then cover only the values
 * that are not atoms (manifest format 1.1; a manifest without {@code atoms} has none).
 *
 * @param name output column name
 * @param observedStates the states seen in training, a non-empty subset of {@link #gateStates()} in
 *     that order with at least one nonzero state
 * @param transform the magnitude transform fitted on the nonzero training values that are not atoms
 * @param atoms the point masses: nonzero, finite, distinct, ascending (may be empty)
 */
public record ContinuousTarget(
    String name,
    List<String> observedStates,
    MagnitudeTransform transform,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Double> atoms)
    implements TargetSpec {

  /** Gate state index of a negative value. */
  public static final int NEGATIVE = 0;

  /** Gate state index of a zero value. */
  public static final int ZERO = 1;

  /** Gate state index of a positive value. */
  public static final int POSITIVE = 2;

  /** Gate state index of the first atom. */
  public static final int FIRST_ATOM = 3;

  /** The sign states in index order; atom states follow them. */
  public static final List<String> GATE_STATES = List.of("negative", "zero", "positive");

  /** Checks the name, the atoms, the observed states and the transform. */
  public ContinuousTarget {
    Fields.requiredText(name, "name");
    observedStates = Fields.requiredList(observedStates, "observed_states");
    Fields.required(transform, "transform");
    atoms = List.copyOf(Fields.requiredList(atoms, "atoms"));
    for (int k = 0; k < atoms.size(); k++) {
      double atom = atoms.get(k);
      if (!Double.isFinite(atom) || atom == 0 || (k > 0 && !(atom > atoms.get(k - 1)))) {
        throw new IllegalArgumentException(
            "field 'atoms' must hold distinct nonzero finite values in ascending order, got "
                + atoms);
      }
    }
    List<String> states = states(atoms);
    if (!states.containsAll(observedStates)
        || !states.stream().filter(observedStates::contains).toList().equals(observedStates)) {
      throw new IllegalArgumentException(
          "field 'observed_states' must be a subset of " + states + " in that order");
    }
    if (observedStates.stream().allMatch("zero"::equals)) {
      throw new IllegalArgumentException("field 'observed_states' must contain a nonzero state");
    }
  }

  /** A target without point masses. */
  public ContinuousTarget(String name, List<String> observedStates, MagnitudeTransform transform) {
    this(name, observedStates, transform, List.of());
  }

  /** The state label of an atom, e.g. {@code "=4494.0"}. */
  public static String atomLabel(double atom) {
    return "=" + atom;
  }

  @Override
  public List<String> gateStates() {
    return states(atoms);
  }

  /** Whether the flow's magnitude is used in {@code state} (negative or positive). */
  public static boolean hasMagnitude(int state) {
    return state == NEGATIVE || state == POSITIVE;
  }

  /**
   * The gate state of a training or observed value: an atom's state if the value equals one
   * exactly, else its sign state.
   */
  public int stateOf(double value) {
    int atom = atoms.indexOf(value);
    return atom >= 0 ? FIRST_ATOM + atom : signState(value);
  }

  /**
   * The sign state of a value: {@link #NEGATIVE}, {@link #ZERO} or {@link #POSITIVE}.
   *
   * @throws IllegalArgumentException for NaN
   */
  public static int signState(double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("NaN has no sign");
    }
    return value < 0 ? NEGATIVE : value > 0 ? POSITIVE : ZERO;
  }

  /**
   * The smallest and largest value training saw, {@code [min, max]}, from the observed states: the
   * sign ranges of negative and positive values, zero, the atoms; empty when an observed sign has
   * no stored range (bundles of format 1.1 and earlier). Lets inference say when an observed value
   * lies outside what the model was conditioned on.
   */
  public Optional<List<Double>> trainingValueRange() {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    List<String> states = gateStates();
    for (String state : observedStates) {
      int index = states.indexOf(state);
      double low;
      double high;
      if (hasMagnitude(index)) {
        MagnitudeRange range = transform.signRanges().get(state);
        if (range == null) {
          return Optional.empty();
        }
        low = index == NEGATIVE ? -range.maxAbs() : range.minAbs();
        high = index == NEGATIVE ? -range.minAbs() : range.maxAbs();
      } else {
        low = index == ZERO ? 0.0 : atoms.get(index - FIRST_ATOM);
        high = low;
      }
      min = Math.min(min, low);
      max = Math.max(max, high);
    }
    return Optional.of(List.of(min, max));
  }

  private static List<String> states(List<Double> atoms) {
    if (atoms.isEmpty()) {
      return GATE_STATES;
    }
    List<String> states = new ArrayList<>(GATE_STATES);
    atoms.forEach(atom -> states.add(atomLabel(atom)));
    return List.copyOf(states);
  }
}
