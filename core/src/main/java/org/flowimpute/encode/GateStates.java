package org.flowimpute.encode;

import java.util.List;
import org.flowimpute.bundle.CategoricalTarget;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.TargetSpec;

/**
 * The gate state of an observed target value, the label the gate model is trained on: the sign
 * state of a continuous value (its point mass's state for an atom), the category index of a
 * categorical value. Matches the ONNX output {@code gate_states}.
 */
public final class GateStates {
  private GateStates() {}

  /**
   * The gate state of a raw value (String, Number, Utf8, Boolean as for conditions).
   *
   * <p>Whether the state was seen in training is a separate question: {@link
   * TargetSpec#isObserved(int)}.
   *
   * @throws EncodingException if the value does not fit the target
   */
  public static int of(TargetSpec target, Object value, String recordRef) {
    int state;
    if (target instanceof ContinuousTarget continuous) {
      state = continuous.stateOf(FieldValues.number(value, recordRef, target.name()));
    } else {
      List<String> categories = ((CategoricalTarget) target).categories();
      String category =
          FieldValues.knownCategory(
              FieldValues.category(value, recordRef, target.name()), categories::contains);
      state = categories.indexOf(category);
      if (state < 0) {
        throw new EncodingException(
            recordRef,
            target.name(),
            EncodingException.Kind.UNKNOWN_CATEGORY,
            UnknownCategory.describe(category, target.gateStates(), ""));
      }
    }
    return state;
  }
}
