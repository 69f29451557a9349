package org.flowimpute.training.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.CategoricalTarget;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.TargetSpec;
import org.flowimpute.bundle.UnknownCategoryPolicy;

/**
 * The categories a bundle trained with {@code --synthesis K} may not name: those seen in fewer than
 * K training rows, which with their weighted share would disclose a handful of persons. A
 * categorical condition's rare categories are pooled into its one-hot {@value
 * CategoricalCondition#OTHER_LEVEL} level ({@link CategoricalCondition#pooled}); the pool's share
 * is released only when the pool itself holds at least K rows. A categorical target's categories
 * are what the model generates, so a rare one is refused rather than pooled.
 */
final class CategoryPool {

  private CategoryPool() {}

  /**
   * {@code condition} naming only its categories seen in at least {@code minRows} rows of {@code
   * table}; the same condition when every category is.
   */
  static ConditionSpec of(ConditionSpec condition, TrainingTable table, int minRows) {
    if (!(condition instanceof CategoricalCondition categorical)) {
      return condition;
    }
    Tally tally = Tally.of(table, categorical.name());
    List<String> named = new ArrayList<>();
    int rareRows = 0;
    double rareWeight = 0;
    for (String category : categorical.categories()) {
      int rows = tally.rows().get(category);
      if (rows >= minRows) {
        named.add(category);
      } else {
        rareRows += rows;
        rareWeight += tally.weights().get(category);
      }
    }
    int pooled = categorical.categories().size() - named.size();
    if (pooled == 0) {
      return condition;
    }
    double share = rareRows >= minRows ? rareWeight / tally.total() : Double.NaN;
    return CategoricalCondition.pooled(categorical.name(), named, pooled, share);
  }

  /**
   * What {@code train} reports of a condition whose categories {@link #of} pooled ({@code
   * released}, fitted from {@code fitted}): how many, in how many rows, and that the policy of
   * unknown values became OTHER. Printed, not stored: it counts rows exactly.
   */
  static String report(
      CategoricalCondition fitted,
      CategoricalCondition released,
      TrainingTable table,
      int minRows) {
    Tally tally = Tally.of(table, fitted.name());
    int rows = 0;
    for (String category : fitted.categories()) {
      if (!released.categories().contains(category)) {
        rows += tally.rows().get(category);
      }
    }
    return String.format(
        Locale.ROOT,
        "categorical condition '%s': categories seen in fewer than %d rows are not named in a"
            + " synthesis bundle: %d of its %d (%d %s in all) trained as one pooled level %s;"
            + " generate imputes every category the bundle does not name as that level%s",
        fitted.name(),
        minRows,
        released.pooledCategories(),
        fitted.categories().size(),
        rows,
        rows == 1 ? "row" : "rows",
        CategoricalCondition.OTHER_LEVEL,
        fitted.unknownCategory() == UnknownCategoryPolicy.ERROR
            ? " (--unknown-category error cannot hold for this condition: it would refuse"
                + " categories training saw)"
            : "");
  }

  /**
   * Refuses a categorical target of {@code targets} with a category seen in fewer than {@code
   * minRows} rows of {@code table}: the bundle lists a target's categories, and the model generates
   * them.
   */
  static void requireNoRareTargetCategory(
      List<TargetSpec> targets, TrainingTable table, int minRows) {
    for (TargetSpec target : targets) {
      if (target instanceof CategoricalTarget categorical) {
        Tally tally = Tally.of(table, categorical.name());
        List<String> rare = new ArrayList<>();
        for (String category : categorical.categories()) {
          if (tally.rows().get(category) < minRows) {
            rare.add("'" + category + "' (" + tally.rows().get(category) + ")");
          }
        }
        if (!rare.isEmpty()) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "--synthesis %d: categorical target '%s' has categories seen in fewer than %d"
                      + " rows: %s; a synthesis bundle names no such category, and a target's"
                      + " categories are what the model generates: recode them into a common"
                      + " category, or use a smaller K",
                  minRows,
                  categorical.name(),
                  minRows,
                  String.join(", ", rare)));
        }
      }
    }
  }

  /** Rows and weight per category of one column, and the column's total weight. */
  private record Tally(Map<String, Integer> rows, Map<String, Double> weights, double total) {
    static Tally of(TrainingTable table, String column) {
      String[] values = table.categories(column);
      double[] weights = table.weights();
      Map<String, Integer> rows = new HashMap<>();
      Map<String, Double> weightOf = new HashMap<>();
      double total = 0;
      for (int r = 0; r < values.length; r++) {
        rows.merge(values[r], 1, Integer::sum);
        weightOf.merge(values[r], weights[r], Double::sum);
        total += weights[r];
      }
      return new Tally(rows, weightOf, total);
    }
  }
}
