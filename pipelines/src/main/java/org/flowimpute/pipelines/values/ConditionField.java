package org.flowimpute.pipelines.values;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One input field the model is conditioned on, as validation sees it: a number, or one of a fixed
 * set of categories.
 *
 * @param name field name in the input records
 * @param numeric true for numeric conditions (standardized), false for categorical (one-hot)
 * @param categories the categories seen in training (categorical conditions only)
 * @param acceptsUnknown true if the manifest maps unseen categories to an "other" level; false if
 *     an unseen category is an error
 */
public record ConditionField(
    String name, boolean numeric, List<String> categories, boolean acceptsUnknown)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Copies the category list. */
  public ConditionField {
    Objects.requireNonNull(name, "name");
    categories = List.copyOf(categories);
  }

  /** A numeric condition. */
  public static ConditionField numeric(String name) {
    return new ConditionField(name, true, List.of(), false);
  }

  /** A categorical condition whose unseen categories are rejected. */
  public static ConditionField categorical(String name, List<String> categories) {
    return new ConditionField(name, false, categories, false);
  }

  /** The same condition with unseen categories mapped to "other" (accepted) or rejected. */
  public ConditionField withAcceptsUnknown(boolean accepts) {
    return new ConditionField(name, numeric, categories, accepts);
  }
}
