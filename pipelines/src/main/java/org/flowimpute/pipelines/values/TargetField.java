package org.flowimpute.pipelines.values;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One field the model imputes. A continuous target is a signed amount whose gate says negative,
 * zero or positive; a categorical target (binary included) is one of its categories, which is also
 * its gate state.
 *
 * @param name field name written to the output
 * @param continuous true for signed amounts, false for categorical targets
 * @param categories category labels by index (categorical targets only)
 */
public record TargetField(String name, boolean continuous, List<String> categories)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Labels of the gate states of a continuous target, by state index (model contract). */
  public static final List<String> SIGN_STATES = List.of("negative", "zero", "positive");

  /** Copies the category list. */
  public TargetField {
    Objects.requireNonNull(name, "name");
    categories = List.copyOf(categories);
  }

  /** A continuous (signed amount) target. */
  public static TargetField continuous(String name) {
    return new TargetField(name, true, List.of());
  }

  /** A categorical target with the given labels by index. */
  public static TargetField categorical(String name, List<String> categories) {
    return new TargetField(name, false, categories);
  }

  /**
   * The label of gate state {@code state}: negative / zero / positive, or the category.
   *
   * @throws IllegalArgumentException if the state is out of range (a model/manifest mismatch)
   */
  public String stateLabel(long state) {
    List<String> labels = continuous ? SIGN_STATES : categories;
    if (state < 0 || state >= labels.size()) {
      throw new IllegalArgumentException(
          "target " + name + ": gate state " + state + " outside 0.." + (labels.size() - 1));
    }
    return labels.get((int) state);
  }
}
