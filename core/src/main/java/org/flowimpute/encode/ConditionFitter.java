package org.flowimpute.encode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.UnknownCategoryPolicy;

/**
 * Fits condition encodings from weighted training columns: the weighted mean and standard deviation
 * and the range of numeric conditions, the category list (and, under policy OTHER, the weighted
 * category shares) of categorical ones. The results go into the manifest, and {@link
 * ConditionEncoder} uses them for training and inference alike.
 *
 * <p>A condition with a single value (numeric sd 0, or one category) carries no information and is
 * refused with a message asking to drop it, rather than silently producing a constant column.
 */
public final class ConditionFitter {
  /**
   * The smallest standard deviation a numeric condition may have, relative to its mean: below it
   * the values agree to about 7 significant digits (float32 precision), so the column is constant
   * but for rounding or a rare other value, and an ordinary new value lies thousands of standard
   * deviations out (a 1-in-1,000 row at 5.000001 among 5.0 made 5.0001 encode as 3,164).
   */
  static final double NEARLY_CONSTANT = 1e-7;

  private ConditionFitter() {}

  /**
   * Weighted mean and (population) standard deviation: {@code mean = Σ w x / Σ w}, {@code sd =
   * sqrt(Σ w (x - mean)² / Σ w)}, and the smallest and largest value (every weight is > 0).
   *
   * @throws IllegalArgumentException if a value or weight is invalid or the column is constant
   */
  public static NumericCondition numeric(String name, double[] values, double[] weights) {
    Weights.check(weights, values.length, "condition '" + name + "'");
    double total = 0;
    double sum = 0;
    boolean constant = true;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int row = 0; row < values.length; row++) {
      if (!Double.isFinite(values[row])) {
        throw new IllegalArgumentException(
            "condition '"
                + name
                + "' row "
                + (row + 1)
                + ": value must be finite, got "
                + values[row]);
      }
      constant &= values[row] == values[0];
      min = Math.min(min, values[row]);
      max = Math.max(max, values[row]);
      total += weights[row];
      sum += weights[row] * values[row];
    }
    // Tested on the values, not the sd: rounding in the weighted mean left 300 rows of 40 with an
    // sd of 2.8e-14, reported as "nearly constant ... mean 40.00000000000003".
    if (constant) {
      throw new IllegalArgumentException(
          "condition '"
              + name
              + "' is constant (every row is "
              + values[0]
              + "): it carries no information; drop it from the conditions");
    }
    double mean = sum / total;
    double squares = 0;
    for (int row = 0; row < values.length; row++) {
      double deviation = values[row] - mean;
      squares += weights[row] * deviation * deviation;
    }
    double sd = Math.sqrt(squares / total);
    if (!(sd >= NEARLY_CONSTANT * Math.abs(mean)) || !(sd > 0)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "condition '%s' is nearly constant (sd %.3g is %.2g of its mean %s, below %.0e):"
                  + " a value a little off the usual one would be encoded as thousands of standard"
                  + " deviations; drop it, make it categorical, or subtract a reference value",
              name,
              sd,
              sd / Math.abs(mean),
              mean,
              NEARLY_CONSTANT));
    }
    return new NumericCondition(name, mean, sd, min, max);
  }

  /**
   * The sorted categories of a column (numerically if every category is an integer, else by text)
   * and, under policy OTHER, each category's weighted share {@code Σ_{rows of c} w / Σ w}: what an
   * unknown value is encoded as (see {@link CategoricalCondition}).
   *
   * @param values category texts as given by {@link FieldValues#category}
   * @param policy what inference does with categories not seen here
   */
  public static CategoricalCondition categorical(
      String name, String[] values, double[] weights, UnknownCategoryPolicy policy) {
    Weights.check(weights, values.length, "condition '" + name + "'");
    Map<String, Double> totals = new HashMap<>();
    double total = 0;
    for (int row = 0; row < values.length; row++) {
      if (values[row] == null) {
        throw new IllegalArgumentException(
            "condition '" + name + "' row " + (row + 1) + ": value is null, expected a category");
      }
      totals.merge(values[row], weights[row], Double::sum);
      total += weights[row];
    }
    if (totals.size() < 2) {
      throw new IllegalArgumentException(
          "condition '"
              + name
              + "' has a single category ("
              + String.join("", totals.keySet())
              + "): it carries no information; drop it from the conditions");
    }
    List<String> categories = new ArrayList<>(totals.keySet());
    categories.sort(categoryOrder(categories));
    List<Double> shares = new ArrayList<>();
    if (policy == UnknownCategoryPolicy.OTHER) {
      for (String category : categories) {
        shares.add(totals.get(category) / total);
      }
    }
    return new CategoricalCondition(name, categories, policy, shares);
  }

  /** Integer order if every category is an integer ("2" before "10"), text order otherwise. */
  static Comparator<String> categoryOrder(List<String> categories) {
    boolean allIntegers = categories.stream().allMatch(c -> c.matches("-?\\d{1,18}"));
    return allIntegers
        ? Comparator.comparingLong(Long::parseLong)
        : Comparator.<String>naturalOrder();
  }
}
