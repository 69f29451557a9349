package org.flowimpute.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The copies of unique training rows ({@link RecordCopies}) of each method as text cells, for the
 * HTML report: the mean DCR ratio of the summary cannot show a few copies. Only methods with a DCR
 * (evaluate with {@code --holdout}) have a row.
 */
final class CopiesTable {

  private CopiesTable() {}

  static List<String> header() {
    return List.of(
        "method",
        "copies",
        "rows copied",
        "most of one",
        "flag at",
        "held-out copies",
        "p (rate)",
        "near syn",
        "near held-out",
        "flagged");
  }

  static List<List<String>> rows(List<MethodMetrics> methods) {
    List<List<String>> out = new ArrayList<>();
    for (MethodMetrics method : methods) {
      if (method.dcr() == null) {
        continue;
      }
      RecordCopies.Result c = method.dcr().copies();
      out.add(
          List.of(
              method.method(),
              c.syntheticCopies() + " of " + c.syntheticRecords(),
              String.valueOf(c.syntheticCopiedRows()),
              String.valueOf(c.syntheticMostCopies()),
              String.valueOf(c.repeatThreshold()),
              c.holdoutCopies() + " of " + c.holdoutRecords(),
              String.format(Locale.ROOT, "%.2g", c.copyRateP()),
              percent(c.nearShareSynthetic()),
              percent(c.nearShareHoldout()),
              c.flagged() ? "yes" : "no"));
    }
    return out;
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.2f %%", 100 * share);
  }
}
