package org.flowimpute.training.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.NumericCondition;

/**
 * Warns of a numeric condition value far from all the others, such as an age of 1e12 or a
 * missing-value code of 999 among ordinary ages: the standardization {@code (x - mean) / sd} uses
 * the weighted mean and standard deviation, which the value drags along (one age of 1e12 among
 * 6,000 gave a mean of 1.3e8 and an sd of 1.2e10), so the other rows' values all encode to nearly
 * the same number and the condition carries almost no information. A value is far out when it lies
 * more than {@link RobustSpread#FAR_OUT} robust standard deviations ({@link RobustSpread}) from the
 * median, above or below; a condition with more than half of its rows on one value has no robust
 * spread and is not checked.
 */
final class ConditionOutliers {

  private ConditionOutliers() {}

  /**
   * One warning per numeric condition of {@code conditions} (fitted on {@code table}) with values
   * far out.
   */
  static List<TrainingWarning> warnings(TrainingTable table, List<ConditionSpec> conditions) {
    List<TrainingWarning> warnings = new ArrayList<>();
    for (ConditionSpec condition : conditions) {
      if (condition instanceof NumericCondition numeric) {
        String warning = warning(table, numeric);
        if (warning != null) {
          warnings.add(TrainingWarning.quotingData(warning));
        }
      }
    }
    return warnings;
  }

  private static String warning(TrainingTable table, NumericCondition condition) {
    double[] values = table.numbers(condition.name());
    RobustSpread spread = RobustSpread.of(values);
    if (spread == null) {
      return null;
    }
    double[] weights = table.weights();
    int worst = -1;
    int farOut = 0;
    double total = 0;
    double sum = 0;
    for (int row = 0; row < values.length; row++) {
      if (spread.isFarOut(values[row])) {
        farOut++;
        if (worst < 0
            || Math.abs(spread.distance(values[row])) > Math.abs(spread.distance(values[worst]))) {
          worst = row;
        }
      } else {
        total += weights[row];
        sum += weights[row] * values[row];
      }
    }
    if (worst < 0) {
      return null;
    }
    double mean = sum / total;
    double squares = 0;
    for (int row = 0; row < values.length; row++) {
      if (!spread.isFarOut(values[row])) {
        squares += weights[row] * (values[row] - mean) * (values[row] - mean);
      }
    }
    double sdWithout = Math.sqrt(squares / total);
    return String.format(
        Locale.ROOT,
        "condition '%s': %s has %s, %.3g robust SDs (MAD) from the median %s (beyond %.0f reads"
            + " as a missing-value code such as 999, a data-entry error or a sentinel%s); the fit"
            + " keeps it, so the condition is standardized with mean %s and sd %s (%s and"
            + " %s without %s), which squeezes its ordinary values to %.2g of their spread:"
            + " recode a missing-value code (to an ordinary value, or to a category of a"
            + " categorical column) or drop the %s",
        condition.name(),
        table.rowName(worst),
        values[worst],
        Math.abs(spread.distance(values[worst])),
        compact(spread.median()),
        RobustSpread.FAR_OUT,
        farOut > 1 ? String.format(Locale.ROOT, "; %d more rows are beyond it", farOut - 1) : "",
        compact(condition.mean()),
        compact(condition.sd()),
        compact(mean),
        compact(sdWithout),
        farOut > 1 ? "them" : "it",
        sdWithout / condition.sd(),
        farOut > 1 ? "rows" : "row");
  }

  /**
   * {@code value} to 4 significant digits, without trailing zeros ({@code 46}, {@code 1.294e+10}).
   */
  private static String compact(double value) {
    return String.format(Locale.ROOT, "%.4g", value)
        .replaceAll("(\\.\\d*?)0+(?=$|e)", "$1")
        .replaceAll("\\.(?=$|e)", "");
  }
}
