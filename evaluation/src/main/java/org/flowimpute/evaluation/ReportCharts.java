package org.flowimpute.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's charts (JFreeChart): weighted histograms and QQ plots of a target on the signed-log
 * scale, zero and negative shares by category, correlation heatmaps, and calibration-window
 * diagnostics. Each method builds one chart from plain arrays; {@link ReportWriter} saves them as
 * PNG.
 */
public final class ReportCharts {

  /** Histogram bins over the joint range of both samples. */
  static final int BINS = 40;

  /** Quantiles of the QQ plot: 1 %, 2 %, ..., 99 %. */
  static final int QUANTILES = 99;

  private ReportCharts() {}

  /** Weighted density histograms of real and synthetic values on the signed-log scale. */
  public static JFreeChart histogram(
      String target, double[] real, double[] realWeights, double[] synthetic, double[] weights) {
    double[] a = SignedLog.of(real);
    double[] b = SignedLog.of(synthetic);
    double low = Math.min(min(a), min(b));
    double high = Math.max(max(a), max(b));
    double width = high > low ? (high - low) / BINS : 1;
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(densities("real", a, realWeights, low, width));
    data.addSeries(densities("synthetic", b, weights, low, width));
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            target + ": distribution (signed-log)",
            "sign(x)·log1p|x|",
            "density (weighted)",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYStepRenderer renderer = new XYStepRenderer();
    renderer.setSeriesPaint(0, Color.BLACK);
    renderer.setSeriesPaint(1, new Color(0xD6, 0x27, 0x28));
    renderer.setSeriesStroke(1, new BasicStroke(1.5f));
    chart.getXYPlot().setRenderer(renderer);
    return chart;
  }

  private static XYSeries densities(
      String name, double[] values, double[] weights, double low, double width) {
    double[] mass = new double[BINS];
    double total = 0;
    for (int i = 0; i < values.length; i++) {
      int bin = Math.min(BINS - 1, Math.max(0, (int) ((values[i] - low) / width)));
      double w = weights == null ? 1 : weights[i];
      mass[bin] += w;
      total += w;
    }
    XYSeries series = new XYSeries(name);
    for (int bin = 0; bin < BINS; bin++) {
      series.add(low + bin * width, mass[bin] / total / width);
    }
    series.add(low + BINS * width, mass[BINS - 1] / total / width);
    return series;
  }

  /** Weighted quantiles of synthetic against real on the signed-log scale, with the diagonal. */
  public static JFreeChart qq(
      String target, double[] real, double[] realWeights, double[] synthetic, double[] weights) {
    WeightedSample a = WeightedSample.of(SignedLog.of(real), realWeights);
    WeightedSample b = WeightedSample.of(SignedLog.of(synthetic), weights);
    XYSeries points = new XYSeries("quantiles 1-99 %", false);
    for (int q = 1; q <= QUANTILES; q++) {
      points.add(a.quantile(q / 100.0), b.quantile(q / 100.0));
    }
    double low = Math.min(points.getMinX(), points.getMinY());
    double high = Math.max(points.getMaxX(), points.getMaxY());
    XYSeries diagonal = new XYSeries("y = x");
    diagonal.add(low, low);
    diagonal.add(high, high);
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(points);
    data.addSeries(diagonal);
    JFreeChart chart =
        ChartFactory.createScatterPlot(
            target + ": QQ (signed-log)",
            "real quantile",
            "synthetic quantile",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    renderer.setSeriesLinesVisible(0, false);
    renderer.setSeriesShapesVisible(0, true);
    renderer.setSeriesPaint(0, new Color(0xD6, 0x27, 0x28));
    renderer.setSeriesLinesVisible(1, true);
    renderer.setSeriesShapesVisible(1, false);
    renderer.setSeriesPaint(1, Color.GRAY);
    chart.getXYPlot().setRenderer(renderer);
    return chart;
  }

  /** Weighted zero and negative shares of a target per category of one group-by column. */
  public static JFreeChart sharesByCategory(
      String target, String by, TargetTable real, TargetTable synthetic, int targetIndex) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    addShares(data, "real", real, by, targetIndex);
    addShares(data, "synthetic", synthetic, by, targetIndex);
    return ChartFactory.createBarChart(
        target + ": zero and negative shares by " + by,
        by,
        "share (weighted)",
        data,
        PlotOrientation.VERTICAL,
        true,
        false,
        false);
  }

  private static void addShares(
      DefaultCategoryDataset data, String side, TargetTable table, String by, int t) {
    Map<String, double[]> sums = new TreeMap<>();
    String[] labels = table.groups().get(by);
    for (int r = 0; r < table.rows(); r++) {
      double w = table.weights() == null ? 1 : table.weights()[r];
      double x = table.values()[r][t];
      double[] s = sums.computeIfAbsent(labels[r], c -> new double[3]);
      s[0] += x == 0 ? w : 0;
      s[1] += x < 0 ? w : 0;
      s[2] += w;
    }
    sums.forEach(
        (category, s) -> {
          data.addValue(s[0] / s[2], "zero, " + side, category);
          data.addValue(s[1] / s[2], "negative, " + side, category);
        });
  }

  /** A correlation matrix as a heatmap (blue −1 … white 0 … red +1). */
  public static JFreeChart heatmap(String title, List<String> names, double[][] matrix) {
    int k = names.size();
    double[][] series = new double[3][k * k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        int i = a * k + b;
        series[0][i] = b;
        series[1][i] = a;
        series[2][i] = matrix[a][b];
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("correlation", series);
    XYBlockRenderer renderer = new XYBlockRenderer();
    LookupPaintScale scale = new LookupPaintScale(-1, 1.0001, Color.WHITE);
    for (int step = -10; step <= 10; step++) {
      double v = step / 10.0;
      int fade = (int) Math.round(255 * (1 - Math.abs(v)));
      scale.add(v - 0.05, v < 0 ? new Color(fade, fade, 255) : new Color(255, fade, fade));
    }
    renderer.setPaintScale(scale);
    String[] labels = names.toArray(String[]::new);
    SymbolAxis x = new SymbolAxis(null, labels);
    x.setVerticalTickLabels(true);
    SymbolAxis y = new SymbolAxis(null, labels);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    JFreeChart chart = new JFreeChart(title, plot);
    chart.removeLegend();
    NumberAxis legendAxis = new NumberAxis("correlation");
    legendAxis.setRange(-1, 1);
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    chart.addSubtitle(legend);
    return chart;
  }

  /** One number per calibration window (e.g. max relative error, Kish ESS) as a line chart. */
  public static JFreeChart perWindow(String title, String yLabel, double[] values) {
    XYSeries series = new XYSeries(yLabel);
    for (int w = 0; w < values.length; w++) {
      series.add(w + 1, values[w]);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title,
            "window (in time order)",
            yLabel,
            new XYSeriesCollection(series),
            PlotOrientation.VERTICAL,
            false,
            false,
            false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    chart.getXYPlot().setRenderer(renderer);
    return chart;
  }

  private static double min(double[] values) {
    return java.util.Arrays.stream(values).min().orElse(0);
  }

  private static double max(double[] values) {
    return java.util.Arrays.stream(values).max().orElse(0);
  }
}
