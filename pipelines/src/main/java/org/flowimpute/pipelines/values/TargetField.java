package org.flowimpute.pipelines.values;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One field the model imputes. A continuous target is a signed amount whose gate says negative,
 * zero or positive, or names one of its point masses ({@code =1.0}: a 0/1 column is a continuous
 * target with a point mass at 1); a categorical target is one of its categories, its gate state.
 *
 * @param name field name written to the output
 * @param kind continuous or categorical
 * @param gateStates labels of the gate states by index (negative/zero/positive and the point
 *     masses, or the categories)
 */
public record TargetField(String name, Kind kind, List<String> gateStates) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Labels of the gate states of a continuous target, by state index (model contract). */
  public static final List<String> SIGN_STATES = List.of("negative", "zero", "positive");

  /** What kind of value a target holds. */
  public enum Kind {
    /** A signed amount (written as double). */
    CONTINUOUS,
    /** One of the categories (written as its text). */
    CATEGORICAL
  }

  /** Copies the state list. */
  public TargetField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    gateStates = List.copyOf(gateStates);
  }

  /** A continuous (signed amount) target without point masses. */
  public static TargetField continuous(String name) {
    return new TargetField(name, Kind.CONTINUOUS, SIGN_STATES);
  }

  /**
   * A continuous target with the manifest's gate states: the sign states, then one per point mass
   * ({@code =1.0}).
   */
  public static TargetField continuous(String name, List<String> gateStates) {
    return new TargetField(name, Kind.CONTINUOUS, gateStates);
  }

  /** A categorical target with the given labels by index. */
  public static TargetField categorical(String name, List<String> categories) {
    return new TargetField(name, Kind.CATEGORICAL, categories);
  }

  /** Whether the output value is a number (a continuous target). */
  public boolean numeric() {
    return kind == Kind.CONTINUOUS;
  }

  /**
   * The label of gate state {@code state}.
   *
   * @throws IllegalArgumentException if the state is out of range (a model/manifest mismatch)
   */
  public String stateLabel(long state) {
    if (state < 0 || state >= gateStates.size()) {
      throw new IllegalArgumentException(
          "target " + name + ": gate state " + state + " outside 0.." + (gateStates.size() - 1));
    }
    return gateStates.get((int) state);
  }
}
