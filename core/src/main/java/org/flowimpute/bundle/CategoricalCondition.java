package org.flowimpute.bundle;

import java.util.ArrayList;
import java.util.List;

/**
 * A categorical condition, encoded one-hot: one column per training category (sorted), plus an
 * {@value #OTHER_LEVEL} column when unknown values are mapped to "other".
 *
 * @param name input column name
 * @param categories the categories seen in training, in column order (values are compared as text;
 *     see docs/model-bundle.md for how numbers and booleans are written)
 * @param unknownCategory what to do with a value that is not in {@code categories}
 */
public record CategoricalCondition(
    String name, List<String> categories, UnknownCategoryPolicy unknownCategory)
    implements ConditionSpec {

  /** The level name of the "other" column (never a category itself). */
  public static final String OTHER_LEVEL = "<other>";

  /** Checks the name, that categories are present and unique, and the policy. */
  public CategoricalCondition {
    Fields.requiredText(name, "name");
    categories = Fields.requiredList(categories, "categories");
    Fields.required(unknownCategory, "unknown_category");
    if (categories.isEmpty()) {
      throw new IllegalArgumentException("field 'categories' must not be empty");
    }
    Fields.unique(categories, "category");
    if (categories.contains(OTHER_LEVEL)) {
      throw new IllegalArgumentException("'" + OTHER_LEVEL + "' is reserved, not a category");
    }
  }

  /** Whether the layout has an "other" column (the last one). */
  public boolean hasOtherLevel() {
    return unknownCategory == UnknownCategoryPolicy.OTHER;
  }

  @Override
  public List<String> encodedColumns() {
    List<String> columns = new ArrayList<>(categories.size() + 1);
    for (String category : categories) {
      columns.add(name + "=" + category);
    }
    if (hasOtherLevel()) {
      columns.add(name + "=" + OTHER_LEVEL);
    }
    return List.copyOf(columns);
  }
}
