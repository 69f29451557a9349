package org.flowimpute.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.StringEscapeUtils;
import org.flowimpute.avro.CalibrationWindowReport;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/**
 * Writes an evaluation to a directory: {@code metrics.json} (the {@link EvaluationReport}, field
 * names in snake_case, documented in docs/evaluation.md), {@code plots/*.png} and {@code
 * report.html}, a self-contained page (relative image links) with the summary table, per-target
 * tables and the plots.
 */
public final class ReportWriter {

  /** File names inside the output directory. */
  public static final String METRICS = "metrics.json";

  public static final String HTML = "report.html";
  public static final String PLOTS = "plots";

  static final int WIDTH = 640;
  static final int HEIGHT = 400;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .registerModule(NonFiniteAsNull.module())
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final Path out;
  private final StringBuilder html = new StringBuilder();

  private ReportWriter(Path out) {
    this.out = out;
  }

  /**
   * Writes the report of {@code report} for the real table and the model's synthetic table; {@code
   * windows} (may be empty) adds the calibration diagnostics.
   *
   * @return the written report.html
   */
  public static Path write(
      Path out,
      EvaluationReport report,
      TargetTable real,
      TargetTable synthetic,
      List<CalibrationWindowReport> windows)
      throws IOException {
    Files.createDirectories(out.resolve(PLOTS));
    JSON.writeValue(out.resolve(METRICS).toFile(), report);
    ReportWriter writer = new ReportWriter(out);
    writer.page(report, real, synthetic, windows);
    Path page = out.resolve(HTML);
    Files.writeString(page, writer.html, StandardCharsets.UTF_8);
    return page;
  }

  private void page(
      EvaluationReport report,
      TargetTable real,
      TargetTable synthetic,
      List<CalibrationWindowReport> windows)
      throws IOException {
    EvaluationReport.Inputs in = report.inputs();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>flowimpute evaluation</title><style>")
        .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}")
        .append("td:first-child,th:first-child{text-align:left}img{margin:4px}")
        .append("</style></head><body>\n<h1>flowimpute evaluation</h1>\n<p>")
        .append(
            text(
                "real "
                    + in.real()
                    + " ("
                    + in.realRows()
                    + " rows), synthetic "
                    + in.synthetic()
                    + " ("
                    + in.syntheticRows()
                    + " rows), baselines drawn from "
                    + in.donors()
                    + weighting(in)
                    + (in.model() == null
                        ? ""
                        : ", CRPS from " + in.draws() + " draws of " + in.model())
                    + (in.holdout() == null
                        ? ""
                        : ", DCR holdout "
                            + in.holdout()
                            + " on the columns "
                            + String.join(", ", in.dcrColumns()))))
        .append("</p>\n<h2>Summary (averages over targets)</h2>\n");
    table(SummaryTable.header(in.by()), SummaryTable.rows(report.methods(), in.by()));
    html.append("<p>Lower is better for every column except DCR ratio (about 1: synthetic rows are")
        .append(" no closer to the training rows than unseen real rows; near 0: copies) and")
        .append(" S_pMSE (about 1: as indistinguishable as a resample). Field definitions:")
        .append(" docs/evaluation.md.</p>\n");
    copies(report.methods(), in);
    coverage(report.methods());
    meansAndTotals(report.methods());
    List<String> targets = real.targets();
    for (int t = 0; t < targets.size(); t++) {
      String target = targets.get(t);
      html.append("<h2>").append(text(target)).append("</h2>\n");
      targetTable(report.methods(), t, in.by());
      image(
          "t" + t + "-hist.png",
          "histogram of " + target,
          ReportCharts.histogram(
              target, real.column(t), real.weights(), synthetic.column(t), synthetic.weights()));
      image(
          "t" + t + "-qq.png",
          "QQ plot of " + target,
          ReportCharts.qq(
              target, real.column(t), real.weights(), synthetic.column(t), synthetic.weights()));
      for (int b = 0; b < in.by().size(); b++) {
        String by = in.by().get(b);
        image(
            "t" + t + "-shares-" + b + ".png",
            "zero and negative shares of " + target + " by " + by,
            ReportCharts.sharesByCategory(target, by, real, synthetic, t));
      }
    }
    if (targets.size() > 1) {
      html.append("<h2>Correlations (Pearson)</h2>\n");
      image(
          "corr-real.png",
          "correlation heatmap, real",
          ReportCharts.heatmap(
              "real",
              targets,
              CorrelationError.matrix(
                  real.values(), real.weights(), CorrelationError.Kind.PEARSON)));
      image(
          "corr-synthetic.png",
          "correlation heatmap, synthetic",
          ReportCharts.heatmap(
              "synthetic",
              targets,
              CorrelationError.matrix(
                  synthetic.values(), synthetic.weights(), CorrelationError.Kind.PEARSON)));
    }
    if (!windows.isEmpty()) {
      calibration(report.calibration(), windows);
    }
    html.append("</body></html>\n");
  }

  private void calibration(
      CalibrationWindows.Summary summary, List<CalibrationWindowReport> windows)
      throws IOException {
    html.append("<h2>Calibration windows</h2>\n<p>")
        .append(
            text(
                String.format(
                    Locale.ROOT,
                    "%d windows, %.0f %% converged, worst max relative error %.3g (median %.3g),"
                        + " smallest Kish ESS %.1f, %d softened",
                    summary.windows(),
                    100 * summary.convergedShare(),
                    summary.worstMaxRelativeError(),
                    summary.medianMaxRelativeError(),
                    summary.smallestKishEss(),
                    summary.softenedWindows())))
        .append("</p>\n");
    image(
        "calibration-error.png",
        "max relative error per window",
        ReportCharts.perWindow(
            "max relative error per window",
            "max relative error",
            windows.stream().mapToDouble(CalibrationWindowReport::getMaxRelativeError).toArray()));
    image(
        "calibration-ess.png",
        "Kish effective sample size per window",
        ReportCharts.perWindow(
            "Kish effective sample size per window",
            "Kish ESS",
            windows.stream().mapToDouble(CalibrationWindowReport::getKishEss).toArray()));
    image(
        "calibration-iterations.png",
        "Newton iterations per window",
        ReportCharts.perWindow(
            "Newton iterations per window",
            "iterations",
            windows.stream().mapToDouble(CalibrationWindowReport::getIterations).toArray()));
  }

  /** How the rows were weighted, for the page's first line. */
  private static String weighting(EvaluationReport.Inputs in) {
    if (in.weight() == null) {
      return ", unweighted";
    }
    if (!in.syntheticWeighted()) {
      return ", real rows weighted by "
          + in.weight()
          + ", synthetic rows unweighted (no column "
          + in.weight()
          + ")";
    }
    return ", weighted by " + in.weight();
  }

  /** The weighted means (and totals) of every target and method, with their relative errors. */
  private void meansAndTotals(List<MethodMetrics> methods) {
    boolean totals = MeansAndTotalsTable.hasTotals(methods);
    html.append("<h2>")
        .append(totals ? "Weighted means and totals" : "Means")
        .append(" per target</h2>\n");
    table(MeansAndTotalsTable.header(totals), MeansAndTotalsTable.rows(methods));
    html.append("<p>mean err")
        .append(totals ? " and total err" : "")
        .append(": synthetic / real &minus; 1 (&ndash; where the real mean is 0); mean diff / SD:")
        .append(" (synthetic mean &minus; real mean) / the real values' standard deviation.")
        .append(totals ? " Totals are &Sigma; weight &times; value." : "")
        .append("</p>\n");
  }

  /**
   * Lists the copies of unique training rows per method, naming the columns the DCR compared: the
   * targets, or the conditions too.
   */
  private void copies(List<MethodMetrics> methods, EvaluationReport.Inputs in) {
    List<List<String>> rows = CopiesTable.rows(methods);
    if (rows.isEmpty()) {
      return;
    }
    boolean targetsOnly = in.dcrColumns().equals(in.targets());
    html.append("<h2>Copies of unique training rows (DCR on ")
        .append(text(targetsOnly ? "the targets" : String.join(", ", in.dcrColumns())))
        .append(")</h2>\n")
        .append("<p>Rows within 1e-6 of a training row that no other training row is as near,")
        .append(" synthetic vs holdout; flagged when their rate exceeds the holdout's (one-sided")
        .append(" p below 0.001) or one training row has as many copies as \"flag at\". Both")
        .append(" baselines draw training rows' targets, so they copy them by design")
        .append(targetsOnly ? "" : " (whole records only where the real row's conditions match)")
        .append(". Near: rows no farther than the")
        .append(" holdout's 1st percentile of distances above 1e-6.</p>\n");
    table(CopiesTable.header(), rows);
  }

  private void coverage(List<MethodMetrics> methods) {
    List<String> lines = new ArrayList<>();
    for (MethodMetrics method : methods) {
      method
          .categoryCoverage()
          .forEach(
              (column, coverage) -> {
                String line = coverage.describe(column, method.method());
                if (!line.isEmpty()) {
                  lines.add(line);
                }
              });
    }
    if (lines.isEmpty()) {
      return;
    }
    html.append("<p>Categories of one table only (no mean to compare):</p>\n<ul>\n");
    lines.forEach(line -> html.append("<li>").append(text(line)).append("</li>\n"));
    html.append("</ul>\n");
  }

  private void targetTable(List<MethodMetrics> methods, int t, List<String> by) {
    List<String> header =
        new ArrayList<>(
            List.of(
                "method", "KS", "KS≠0", "zero real", "zero syn", "neg real", "neg syn", "W1 slog"));
    by.forEach(b -> header.add("cat err " + b));
    header.add("CRPS slog");
    header.add("mean err");
    boolean totals = MeansAndTotalsTable.hasTotals(methods);
    if (totals) {
      header.add("total err");
    }
    List<List<String>> rows = new ArrayList<>();
    for (MethodMetrics method : methods) {
      TargetMetrics m = method.targets().get(t);
      List<String> row =
          new ArrayList<>(
              List.of(
                  method.method(),
                  SummaryTable.number(m.ks()),
                  SummaryTable.number(m.ksNonzero()),
                  SummaryTable.number(m.zeroShareReal()),
                  SummaryTable.number(m.zeroShareSynthetic()),
                  SummaryTable.number(m.negativeShareReal()),
                  SummaryTable.number(m.negativeShareSynthetic()),
                  SummaryTable.number(m.wassersteinSignedLog())));
      by.forEach(b -> row.add(SummaryTable.number(m.categoryMeanError().get(b))));
      row.add(SummaryTable.number(m.crpsSignedLog()));
      row.add(MeansAndTotalsTable.relativeError(m.meanAndTotal().meanRelativeError()));
      if (totals) {
        row.add(MeansAndTotalsTable.relativeError(m.meanAndTotal().totalRelativeError()));
      }
      rows.add(row);
    }
    table(header, rows);
  }

  private void table(List<String> header, List<List<String>> rows) {
    html.append("<table>\n<tr>");
    header.forEach(h -> html.append("<th>").append(text(h)).append("</th>"));
    html.append("</tr>\n");
    for (List<String> row : rows) {
      html.append("<tr>");
      row.forEach(cell -> html.append("<td>").append(text(cell)).append("</td>"));
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  private void image(String file, String alt, JFreeChart chart) throws IOException {
    chart.getPlot().setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(out.resolve(PLOTS).resolve(file).toFile(), chart, WIDTH, HEIGHT);
    html.append("<img src=\"")
        .append(PLOTS)
        .append('/')
        .append(file)
        .append("\" alt=\"")
        .append(text(alt))
        .append("\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\">\n");
  }

  private static String text(String value) {
    return StringEscapeUtils.escapeHtml4(value);
  }
}
