package org.flowimpute.bundle;

import java.util.List;

/**
 * A categorical target (e.g. tenure type). Its gate has one state per training category (sorted);
 * the ONNX output {@code values} holds the category index.
 *
 * @param name output column name
 * @param categories the categories seen in training, in state-index order (at least two)
 */
public record CategoricalTarget(String name, List<String> categories) implements TargetSpec {

  /** Checks the name and that there are at least two distinct categories. */
  public CategoricalTarget {
    Fields.requiredText(name, "name");
    categories = Fields.requiredList(categories, "categories");
    if (categories.size() < 2) {
      throw new IllegalArgumentException("field 'categories' needs at least two categories");
    }
    Fields.unique(categories, "category");
  }

  @Override
  public List<String> gateStates() {
    return categories;
  }

  @Override
  public List<String> observedStates() {
    return categories;
  }
}
