package org.flowimpute.training.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowimpute.evaluation.CategoryErrorNoise;
import org.flowimpute.evaluation.CorrelationPairs;
import org.flowimpute.training.bench.DrawnFidelity.Metric;

/**
 * Prints the benchmark's fidelity block: per-target KS, every metric of every method as mean ± sd
 * over the generation draws, the sampling-noise levels of the per-category error, and the ratios
 * the targets are stated in (model / floor for the marginal metrics, model / hot-deck for
 * the per-category error).
 */
final class FidelityTable {

  /** Marginal targets: within this factor of the unconditional floor. */
  static final double FLOOR_FACTOR = 1.25;

  /** Per-category target: at most this share of the hot-deck's error. */
  static final double HOT_DECK_SHARE = 0.5;

  private final PrintWriter out;
  private final int draws;
  private final int aucDraws;
  private final String categoryColumn;

  FidelityTable(PrintWriter out, int draws, int aucDraws, String categoryColumn) {
    this.out = out;
    this.draws = draws;
    this.aucDraws = aucDraws;
    this.categoryColumn = categoryColumn;
  }

  /**
   * Prints the block; the first method is the model, then the floor and the hot-deck.
   *
   * @param redraw category error and pooled error of the model's draws against each other
   */
  void print(
      List<String> targets,
      Map<String, DrawnFidelity> methods,
      CategoryErrorNoise.Level noise,
      double[] redraw) {
    out.printf(
        Locale.ROOT,
        "metrics: mean +- sd over %d generation draws (model draw d = generate --seed seed+d; floor"
            + " and hot-deck %d draws each); AUC on the first %d draw(s)%n",
        draws,
        draws,
        aucDraws);
    out.printf(Locale.ROOT, "per-target KS (mean):%n  %-22s", "method");
    for (String target : targets) {
      out.printf(Locale.ROOT, " %10.10s", target);
    }
    out.println();
    methods.forEach(
        (name, fidelity) -> {
          out.printf(Locale.ROOT, "  %-22s", name);
          for (int t = 0; t < targets.size(); t++) {
            out.printf(Locale.ROOT, " %10.4f", fidelity.meanKs(t));
          }
          out.println();
        });
    out.printf(Locale.ROOT, "  %-22s", "method");
    for (String header :
        List.of("KS", "zero err", "neg err", "corr err", "cond err", "pooled err", "AUC")) {
      out.printf(Locale.ROOT, " %16s", header);
    }
    out.println();
    methods.forEach(
        (name, fidelity) -> {
          out.printf(Locale.ROOT, "  %-22s", name);
          for (Metric metric : Metric.values()) {
            out.printf(Locale.ROOT, " %16s", cell(fidelity, metric));
          }
          out.println();
        });
    out.printf(
        Locale.ROOT,
        "  sampling noise of cond err: perfect model by %s (test rows resampled within each %s,"
            + " %d pairs; ignores the conditions within a category, so an upper level)"
            + " %.4f +- %.4f, pooled %.4f%n",
        categoryColumn,
        categoryColumn,
        MicroBenchmark.NOISE_PAIRS,
        noise.meanError(),
        noise.sdError(),
        noise.pooledError());
    out.printf(
        Locale.ROOT,
        "  model draw vs its next draw (the level if the real rows were one more model draw):"
            + " cond err %.4f, pooled %.4f%n",
        redraw[0],
        redraw[1]);
    List<DrawnFidelity> ordered = List.copyOf(methods.values());
    DrawnFidelity model = ordered.get(0);
    DrawnFidelity floor = ordered.get(1);
    DrawnFidelity hotDeck = ordered.get(2);
    out.printf(Locale.ROOT, "  targets on means: model / floor (<= %.2f):", FLOOR_FACTOR);
    for (Metric metric : List.of(Metric.KS, Metric.ZERO, Metric.NEGATIVE, Metric.CORRELATION)) {
      out.printf(
          Locale.ROOT,
          " %s %.2f",
          metric.name().toLowerCase(Locale.ROOT),
          model.mean(metric) / floor.mean(metric));
    }
    double hotDeckError = hotDeck.mean(Metric.CATEGORY);
    out.printf(
        Locale.ROOT,
        "; cond err model / hot-deck %.2f (<= %.2f), perfect-model level / hot-deck %.2f%n",
        model.mean(Metric.CATEGORY) / hotDeckError,
        HOT_DECK_SHARE,
        noise.meanError() / hotDeckError);
    out.flush();
  }

  /**
   * Prints the correlation error by pair of targets: the real correlation, then per method the mean
   * over its draws and the RMS deviation from the real one ({@link CorrelationPairs}).
   */
  void printPairs(List<String> targets, Map<String, CorrelationPairs> methods) {
    out.printf(
        Locale.ROOT,
        "correlation by pair (Pearson; what corr err is made of): per method the mean over draws"
            + " and the RMS of (draw - real)%n  %-30s %7s",
        "pair",
        "real");
    methods.keySet().forEach(name -> out.printf(Locale.ROOT, " %22.22s", name));
    out.printf(Locale.ROOT, "%n  %-30s %7s", "", "");
    methods.keySet().forEach(name -> out.printf(Locale.ROOT, " %14s %7s", "mean", "rms"));
    out.println();
    CorrelationPairs any = methods.values().iterator().next();
    for (int a = 0; a < targets.size(); a++) {
      for (int b = a + 1; b < targets.size(); b++) {
        out.printf(
            Locale.ROOT,
            "  %-30.30s %7.3f",
            targets.get(a) + " - " + targets.get(b),
            any.real()[a][b]);
        for (CorrelationPairs pairs : methods.values()) {
          out.printf(Locale.ROOT, " %14.3f %7.3f", pairs.mean()[a][b], pairs.rms()[a][b]);
        }
        out.println();
      }
    }
    out.flush();
  }

  private static String cell(DrawnFidelity fidelity, Metric metric) {
    double mean = fidelity.mean(metric);
    double sd = fidelity.sd(metric);
    String digits = metric == Metric.AUC ? "%.3f" : "%.4f";
    if (Double.isNaN(sd)) {
      return String.format(Locale.ROOT, digits, mean);
    }
    return String.format(Locale.ROOT, digits + "+-" + digits, mean, sd);
  }
}
