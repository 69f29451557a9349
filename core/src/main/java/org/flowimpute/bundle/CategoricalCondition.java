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
 *     <p><b>Pooled categories.</b> A bundle trained with {@code --synthesis} names no category seen
 *     in fewer than K training rows: such categories are trained as one pooled level, the {@value
 *     #OTHER_LEVEL} column, one-hot, and the condition is written under policy OTHER without
 *     shares, so that any category the bundle does not name (a pooled one, or one training never
 *     saw) is encoded as that trained level, by this code and by readers that ignore the two pool
 *     fields alike.
 * @param name input column name
 * @param categories the categories seen in training, in column order (values are compared as text;
 *     see docs/model-bundle.md for how numbers and booleans are written)
 * @param unknownCategory what to do with a value that is not in {@code categories}
 * @param categoryShares the weighted training share of each category, in category order (sum 1), or
 *     empty (format 1.3 and older, and always under policy ERROR); used only to encode unknown
 *     values under policy OTHER
 * @param pooledCategories how many training categories were pooled into the {@value #OTHER_LEVEL}
 *     level and are not named (0: none, omitted from the manifest)
 * @param pooledShare the pooled categories' weighted training share, or NaN when not released (the
 *     pool holds fewer than K rows, or nothing was pooled; omitted from the manifest)
 */
public record CategoricalCondition(
    String name,
    List<String> categories,
    UnknownCategoryPolicy unknownCategory,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Double> categoryShares,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int pooledCategories,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = PooledShareFilter.class)
        double pooledShare)
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
    checkPool(unknownCategory, categoryShares, pooledCategories, pooledShare);
  }

  /** A condition without pooled categories. */
  public CategoricalCondition(
      String name,
      List<String> categories,
      UnknownCategoryPolicy unknownCategory,
      List<Double> categoryShares) {
    this(name, categories, unknownCategory, categoryShares, 0, Double.NaN);
  }

  /** A condition without category shares (unknown values under OTHER: one-hot "other"). */
  public CategoricalCondition(
      String name, List<String> categories, UnknownCategoryPolicy unknownCategory) {
    this(name, categories, unknownCategory, List.of());
  }

  /**
   * A condition naming only {@code categories}, whose {@code pooledCategories} (at least 1) other
   * training categories are trained as the one-hot {@value #OTHER_LEVEL} level; {@code pooledShare}
   * their weighted share, or NaN to release none.
   */
  public static CategoricalCondition pooled(
      String name, List<String> categories, int pooledCategories, double pooledShare) {
    if (pooledCategories < 1) {
      throw new IllegalArgumentException(
          "condition '" + name + "': a pool holds at least 1 category, got " + pooledCategories);
    }
    return new CategoricalCondition(
        name, categories, UnknownCategoryPolicy.OTHER, List.of(), pooledCategories, pooledShare);
  }

  private static void checkPool(
      UnknownCategoryPolicy policy, List<Double> shares, int pooled, double share) {
    if (pooled < 0) {
      throw new IllegalArgumentException(
          "field 'pooled_categories' must be at least 0, got " + pooled);
    }
    if (pooled > 0 && (policy != UnknownCategoryPolicy.OTHER || !shares.isEmpty())) {
      throw new IllegalArgumentException(
          "field 'pooled_categories' needs unknown_category other without category_shares (the"
              + " pooled categories are the one-hot "
              + OTHER_LEVEL
              + " level)");
    }
    if (!Double.isNaN(share) && (pooled == 0 || !(share > 0 && share < 1))) {
      throw new IllegalArgumentException(
          "field 'pooled_share' must be between 0 and 1 (exclusive) and needs pooled_categories,"
              + " got "
              + share
              + " with "
              + pooled
              + " pooled categories");
    }
  }

  /** Whether training categories were pooled into the {@value #OTHER_LEVEL} level. */
  public boolean hasPooledCategories() {
    return pooledCategories > 0;
  }

  /** Whether the bundle releases the pooled categories' share ({@link #pooledShare}). */
  public boolean hasPooledShare() {
    return !Double.isNaN(pooledShare);
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

  /** Leaves {@code pooled_share} out of the JSON when it is NaN (not released, or no pool). */
  static final class PooledShareFilter {
    @Override
    public boolean equals(Object value) {
      return value instanceof Double share && share.isNaN();
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }
}
