package org.flowimpute.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one-line-per-method summary (averages over targets and the joint metrics) as text cells, used
 * by the HTML report, the console and the generated Markdown summary alike.
 */
public final class SummaryTable {

  private SummaryTable() {}

  /** Column headers, for group-by columns {@code by}. */
  public static List<String> header(List<String> by) {
    List<String> out = new ArrayList<>(List.of("method", "KS", "KS≠0", "zero err", "neg err"));
    out.add("W1 slog");
    out.add("corr P");
    out.add("corr S");
    by.forEach(b -> out.add("cat err " + b));
    out.addAll(List.of("CRPS slog", "pMSE", "S_pMSE", "DCR ratio"));
    return out;
  }

  /** One row of cells per method, in {@link #header} order. */
  public static List<List<String>> rows(List<MethodMetrics> methods, List<String> by) {
    List<List<String>> out = new ArrayList<>();
    for (MethodMetrics m : methods) {
      List<String> row = new ArrayList<>();
      row.add(m.method());
      row.add(number(m.ks()));
      row.add(number(m.ksNonzero()));
      row.add(number(m.zeroShareError()));
      row.add(number(m.negativeShareError()));
      row.add(number(m.wassersteinSignedLog()));
      row.add(number(m.correlationErrorPearson()));
      row.add(number(m.correlationErrorSpearman()));
      by.forEach(b -> row.add(number(m.categoryMeanError().get(b))));
      row.add(number(m.crpsSignedLog()));
      row.add(String.format(Locale.ROOT, "%.2e", m.pmse()));
      row.add(m.sPmse() == null ? "–" : String.format(Locale.ROOT, "%.1f", m.sPmse()));
      row.add(
          m.dcr() == null || Double.isNaN(m.dcr().ratio())
              ? "–"
              : String.format(Locale.ROOT, "%.3f", m.dcr().ratio()));
      out.add(row);
    }
    return out;
  }

  /** The table as Markdown. */
  public static String markdown(List<MethodMetrics> methods, List<String> by) {
    StringBuilder out = new StringBuilder();
    List<String> header = header(by);
    out.append("| ").append(String.join(" | ", header)).append(" |\n");
    out.append("|").append("---|".repeat(header.size())).append('\n');
    for (List<String> row : rows(methods, by)) {
      out.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return out.toString();
  }

  /** The table as aligned plain text. */
  public static String text(List<MethodMetrics> methods, List<String> by) {
    return aligned(header(by), rows(methods, by), 1);
  }

  /**
   * {@code header} and {@code rows} as aligned plain text: the first {@code leftColumns} columns
   * aligned left (names), the others right (numbers).
   */
  static String aligned(List<String> header, List<List<String>> rows, int leftColumns) {
    int[] width = new int[header.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = header.get(c).length();
      for (List<String> row : rows) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendAligned(out, header, width, leftColumns);
    rows.forEach(row -> appendAligned(out, row, width, leftColumns));
    return out.toString();
  }

  private static void appendAligned(
      StringBuilder out, List<String> cells, int[] width, int leftColumns) {
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      String gap = c == 0 ? "" : "  ";
      String pad = " ".repeat(width[c] - cell.length());
      out.append(c < leftColumns ? gap + cell + pad : gap + pad + cell);
    }
    out.append('\n');
  }

  /** A metric with 4 decimals, or an en dash when absent. */
  static String number(Double value) {
    return value == null || value.isNaN() ? "–" : String.format(Locale.ROOT, "%.4f", value);
  }
}
