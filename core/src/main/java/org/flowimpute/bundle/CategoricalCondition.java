package org.flowimpute.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * A categorical condition, encoded one-hot: one column per training category (sorted), plus an
 * {@value #OTHER_LEVEL} column when unknown values are mapped to "other".
 *
 * <p><b>Unknown values under "other".</b> Training never sees a value in the {@value #OTHER_LEVEL}
 * column, so its first-layer weights stay at their random initial values and a one-hot {@value
 * #OTHER_LEVEL} imputes something that depends on the training seed. Since format 1.4 the manifest
 * therefore stores the weighted training share of each category ({@code category_shares}) and an
 * unknown value is encoded as those shares, with 0 in the {@value #OTHER_LEVEL} column: the
 * training-weighted mean of the categories' one-hot codes, like a numeric condition at its mean.
 * Every network of the model sees the context through a linear first layer, so this is the
 * share-weighted average of what the known categories contribute there: "an average category". A
 * manifest without shares (format 1.3 and older) keeps the one-hot {@value #OTHER_LEVEL}.
 *
 * @param name input column name
 * @param categories the categories seen in training, in column order (values are compared as text;
 *     see docs/model-bundle.md for how numbers and booleans are written)
 * @param unknownCategory what to do with a value that is not in {@code categories}
 * @param categoryShares the weighted training share of each category, in category order (sum 1), or
 *     empty (format 1.3 and older, and always under policy ERROR); used only to encode unknown
 *     values under policy OTHER
 */
public record CategoricalCondition(
    String name,
    List<String> categories,
    UnknownCategoryPolicy unknownCategory,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Double> categoryShares)
    implements ConditionSpec {

  /** The level name of the "other" column (never a category itself). */
  public static final String OTHER_LEVEL = "<other>";

  /** How far the shares may sum from 1 (rounding of hand-written manifests). */
  private static final double SHARE_SUM_TOLERANCE = 1e-6;

  /** Checks the name, that categories are present and unique, the policy and the shares. */
  public CategoricalCondition {
    Fields.requiredText(name, "name");
    categories = Fields.requiredList(categories, "categories");
    Fields.required(unknownCategory, "unknown_category");
    if (categories.isEmpty()) {
      throw new IllegalArgumentException("field 'categories' must not be empty");
    }
    Fields.unique(categories, "category");
    if (categories.contains(OTHER_LEVEL)) {
      throw new IllegalArgumentException(
          "condition '" + name + "': '" + OTHER_LEVEL + "' is reserved, not a category");
    }
    categoryShares = List.copyOf(Fields.requiredList(categoryShares, "category_shares"));
    if (!categoryShares.isEmpty()) {
      checkShares(categories, unknownCategory, categoryShares);
    }
  }

  /** A condition without category shares (unknown values under OTHER: one-hot "other"). */
  public CategoricalCondition(
      String name, List<String> categories, UnknownCategoryPolicy unknownCategory) {
    this(name, categories, unknownCategory, List.of());
  }

  private static void checkShares(
      List<String> categories, UnknownCategoryPolicy policy, List<Double> shares) {
    if (policy != UnknownCategoryPolicy.OTHER) {
      throw new IllegalArgumentException(
          "field 'category_shares' is only used with unknown_category other, not " + policy);
    }
    if (shares.size() != categories.size()) {
      throw new IllegalArgumentException(
          "field 'category_shares' must hold one share per category ("
              + categories.size()
              + "), got "
              + shares.size());
    }
    double sum = 0;
    for (double share : shares) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException(
            "field 'category_shares' must hold shares between 0 and 1, got " + shares);
      }
      sum += share;
    }
    if (!(Math.abs(sum - 1) <= SHARE_SUM_TOLERANCE)) {
      throw new IllegalArgumentException(
          "field 'category_shares' must sum to 1, got " + sum + " from " + shares);
    }
  }

  /** Whether the layout has an "other" column (the last one). */
  public boolean hasOtherLevel() {
    return unknownCategory == UnknownCategoryPolicy.OTHER;
  }

  /**
   * Whether an unknown value is encoded as the category shares (format 1.4) rather than as a
   * one-hot {@value #OTHER_LEVEL} (older bundles).
   */
  public boolean encodesUnknownAsShares() {
    return hasOtherLevel() && !categoryShares.isEmpty();
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
