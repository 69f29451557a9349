package org.flowimpute.training.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.ConditionSpec;

/**
 * Categorical conditions whose categories are too rare to learn from. One with a different category
 * on every row is an identifier (a person id listed in {@code --categorical}) and is refused: the
 * model can learn nothing from it, its one-hot encoding of one column per row made each epoch about
 * four times slower on 6,000 rows, and inference meets only categories training never saw. One with
 * more than half of its categories on a single row is warned of: such codes can be meant (fine
 * occupation codes in a small survey), but the model learns next to nothing from the rare ones.
 */
final class RareCategories {

  private RareCategories() {}

  /** Refuses the categorical condition {@code name} of {@code table} if every row has its own. */
  static void requireNotIdentifier(TrainingTable table, String name) {
    Counts counts = Counts.of(table.categories(name));
    if (counts.categories() == counts.rows()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "categorical condition '%s' has a different category on each of the %d rows (an"
                  + " identifier, such as a person id): the model can learn nothing from it, each"
                  + " category is an encoded column, and a new record's category is one training"
                  + " never saw (refused under --unknown-category error); drop it from"
                  + " --conditions",
              name,
              counts.rows()));
    }
  }

  /** One warning per categorical condition of {@code conditions} with mostly single-row ones. */
  static List<TrainingWarning> warnings(TrainingTable table, List<ConditionSpec> conditions) {
    List<TrainingWarning> warnings = new ArrayList<>();
    for (ConditionSpec condition : conditions) {
      if (condition instanceof CategoricalCondition) {
        Counts counts = Counts.of(table.categories(condition.name()));
        if (2 * counts.singletons() > counts.categories()) {
          warnings.add(
              TrainingWarning.quotingData(
                  String.format(
                      Locale.ROOT,
                      "categorical condition '%s': %d of its %d categories occur on a single row"
                          + " of the %d: the model learns next to nothing from them, each category"
                          + " is an encoded column (slowing every epoch), and generate refuses a"
                          + " category training did not see (--unknown-category other encodes it"
                          + " as the average): group the rare categories, or drop the condition",
                      condition.name(),
                      counts.singletons(),
                      counts.categories(),
                      counts.rows())));
        }
      }
    }
    return warnings;
  }

  /** How many rows, distinct categories, and categories on one row only a column holds. */
  private record Counts(int rows, int categories, int singletons) {
    static Counts of(String[] values) {
      Map<String, Integer> rows = new HashMap<>();
      for (String value : values) {
        rows.merge(value, 1, Integer::sum);
      }
      int singletons = 0;
      for (int count : rows.values()) {
        if (count == 1) {
          singletons++;
        }
      }
      return new Counts(values.length, rows.size(), singletons);
    }
  }
}
