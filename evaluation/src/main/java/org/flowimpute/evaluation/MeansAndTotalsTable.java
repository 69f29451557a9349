package org.flowimpute.evaluation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The weighted means and totals of every target, one row per target and method, as text cells for
 * the HTML report and the console: the level a statistics office publishes first, which the
 * summary's averages over targets do not show. The total columns appear when the run has totals (a
 * weight column, see {@link MeanAndTotal}).
 */
public final class MeansAndTotalsTable {

  /** From how large an amount is shown to the whole unit instead of to 6 significant digits. */
  private static final BigDecimal WHOLE_UNITS_FROM = BigDecimal.valueOf(1_000_000);

  private MeansAndTotalsTable() {}

  /** Whether any method has totals, i.e. whether the table has total columns. */
  public static boolean hasTotals(List<MethodMetrics> methods) {
    return methods.stream()
        .flatMap(m -> m.targets().stream())
        .anyMatch(t -> t.meanAndTotal().totalReal() != null);
  }

  /** Column headers, with the total columns when {@code totals}. */
  public static List<String> header(boolean totals) {
    List<String> out =
        new ArrayList<>(
            List.of("target", "method", "real mean", "syn mean", "mean err", "mean diff / SD"));
    if (totals) {
      out.addAll(List.of("real total", "syn total", "total err"));
    }
    return out;
  }

  /**
   * One row of cells per target and method (targets in order, methods within), as {@link #header}.
   */
  public static List<List<String>> rows(List<MethodMetrics> methods) {
    boolean totals = hasTotals(methods);
    List<List<String>> out = new ArrayList<>();
    int targets = methods.get(0).targets().size();
    for (int t = 0; t < targets; t++) {
      for (MethodMetrics method : methods) {
        TargetMetrics target = method.targets().get(t);
        MeanAndTotal m = target.meanAndTotal();
        List<String> row =
            new ArrayList<>(
                List.of(
                    target.target(),
                    method.method(),
                    amount(m.meanReal()),
                    amount(m.meanSynthetic()),
                    relativeError(m.meanRelativeError()),
                    signed(m.standardizedMeanDifference())));
        if (totals) {
          row.add(amount(m.totalReal()));
          row.add(amount(m.totalSynthetic()));
          row.add(relativeError(m.totalRelativeError()));
        }
        out.add(row);
      }
    }
    return out;
  }

  /** The table as aligned plain text. */
  public static String text(List<MethodMetrics> methods) {
    return SummaryTable.aligned(header(hasTotals(methods)), rows(methods), 2);
  }

  /**
   * An amount without exponent, or an en dash when absent: to 6 significant digits, but from a
   * million up to the whole unit ({@code 85748717053}, not {@code 85748700000}, whose zeros would
   * read as exact in a table of totals).
   */
  static String amount(Double value) {
    if (value == null) {
      return "–";
    }
    BigDecimal exact = new BigDecimal(value);
    BigDecimal shown =
        exact.abs().compareTo(WHOLE_UNITS_FROM) >= 0
            ? exact.setScale(0, RoundingMode.HALF_EVEN)
            : exact.round(new MathContext(6)).stripTrailingZeros();
    return shown.toPlainString();
  }

  /** A signed relative error as a percentage ({@code -4.90 %}), or an en dash when absent. */
  static String relativeError(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%+.2f %%", 100 * value);
  }

  private static String signed(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%+.4f", value);
  }
}
