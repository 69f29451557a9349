package org.flowimpute.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes {@link MethodMetrics} of one method's synthetic table against the real table: marginal
 * metrics per target (weighted where the tables have weights), weighted means and totals ({@link
 * MeanAndTotal}), per-category mean errors for the group-by columns, correlation errors, pMSE, and,
 * when given, CRPS from repeated draws and DCR against the training rows with a holdout (on the
 * targets, or on the conditions and targets, as {@link TargetTable#dcrPoints} puts them).
 * Immutable; configure with {@code withX()}.
 */
public final class Evaluator {

  private final List<String> byColumns;
  private final DistanceToClosestRecord dcr;
  private final double[][] holdout;
  private final List<String> dcrTargets;

  private Evaluator(
      List<String> byColumns,
      DistanceToClosestRecord dcr,
      double[][] holdout,
      List<String> dcrTargets) {
    this.byColumns = List.copyOf(byColumns);
    this.dcr = dcr;
    this.holdout = holdout;
    this.dcrTargets = dcrTargets;
  }

  /** An evaluator with no group-by columns and no DCR. */
  public static Evaluator create() {
    return new Evaluator(List.of(), null, null, null);
  }

  /** Per-category mean errors for these columns (present in both tables). */
  public Evaluator withBy(List<String> columns) {
    return new Evaluator(columns, dcr, holdout, dcrTargets);
  }

  /**
   * DCR of each method's synthetic rows vs the {@code holdout} rows against the {@code train} rows,
   * on each table's {@link TargetTable#dcrPoints points}: its DCR features (the conditions
   * compared, if any) and {@code dcrTargets}.
   */
  public Evaluator withDcr(TargetTable train, TargetTable holdout, List<String> dcrTargets) {
    List<String> targets = List.copyOf(dcrTargets);
    return new Evaluator(
        byColumns,
        DistanceToClosestRecord.over(train.dcrPoints(targets)),
        holdout.dcrPoints(targets),
        targets);
  }

  /**
   * The metrics of {@code synthetic} against {@code real}.
   *
   * @param draws repeated draws for the real rows, {@code [draw][row][k]}, for CRPS; or null
   */
  public MethodMetrics evaluate(
      String method, TargetTable real, TargetTable synthetic, double[][][] draws) {
    if (!real.targets().equals(synthetic.targets())) {
      throw new IllegalArgumentException(
          "targets differ: real " + real.targets() + ", " + method + " " + synthetic.targets());
    }
    int k = real.targets().size();
    List<TargetMetrics> perTarget = new ArrayList<>();
    for (int t = 0; t < k; t++) {
      perTarget.add(target(t, real, synthetic, draws));
    }
    Map<String, Double> categoryMean = new LinkedHashMap<>();
    Map<String, CategoryCoverage> coverage = new LinkedHashMap<>();
    for (String by : byColumns) {
      categoryMean.put(
          by,
          averageOfPresent(perTarget.stream().map(m -> m.categoryMeanError().get(by)).toList()));
      coverage.put(
          by, CategoryCoverage.of(groups(real, by, "real"), groups(synthetic, by, "synthetic")));
    }
    PropensityMse.Result pmse =
        PropensityMse.of(real.values(), real.weights(), synthetic.values(), synthetic.weights());
    return new MethodMetrics(
        method,
        synthetic.rows(),
        perTarget,
        perTarget.stream().mapToDouble(TargetMetrics::ks).average().orElseThrow(),
        averageOfPresent(perTarget.stream().map(TargetMetrics::ksNonzero).toList()),
        perTarget.stream().mapToDouble(TargetMetrics::zeroShareError).average().orElseThrow(),
        perTarget.stream().mapToDouble(TargetMetrics::negativeShareError).average().orElseThrow(),
        perTarget.stream().mapToDouble(TargetMetrics::wassersteinSignedLog).average().orElseThrow(),
        CorrelationError.of(
            real.values(),
            real.weights(),
            synthetic.values(),
            synthetic.weights(),
            CorrelationError.Kind.PEARSON),
        CorrelationError.of(
            real.values(),
            real.weights(),
            synthetic.values(),
            synthetic.weights(),
            CorrelationError.Kind.SPEARMAN),
        categoryMean,
        averageOfPresent(perTarget.stream().map(TargetMetrics::crpsSignedLog).toList()),
        pmse.pmse(),
        pmse.nullExpectation(),
        defined(pmse.standardized()),
        dcr == null ? null : dcr.compare(synthetic.dcrPoints(dcrTargets), holdout),
        coverage);
  }

  private TargetMetrics target(int t, TargetTable real, TargetTable synthetic, double[][][] draws) {
    double[] a = real.column(t);
    double[] b = synthetic.column(t);
    double[] wa = real.weights();
    double[] wb = synthetic.weights();
    double zeroReal = FidelityMetrics.zeroShare(a, wa);
    double zeroSynthetic = FidelityMetrics.zeroShare(b, wb);
    double negativeReal = FidelityMetrics.negativeShare(a, wa);
    double negativeSynthetic = FidelityMetrics.negativeShare(b, wb);
    Map<String, Double> categoryMean = new LinkedHashMap<>();
    Map<String, Double> pooled = new LinkedHashMap<>();
    for (String by : byColumns) {
      String[] ca = groups(real, by, "real");
      String[] cb = groups(synthetic, by, "synthetic");
      categoryMean.put(by, defined(FidelityMetrics.categoryMeanError(ca, a, wa, cb, b, wb)));
      pooled.put(by, defined(FidelityMetrics.pooledCategoryMeanError(ca, a, wa, cb, b, wb)));
    }
    return new TargetMetrics(
        real.targets().get(t),
        FidelityMetrics.ks(a, wa, b, wb),
        defined(FidelityMetrics.ksNonzero(a, wa, b, wb)),
        zeroReal,
        zeroSynthetic,
        Math.abs(zeroReal - zeroSynthetic),
        negativeReal,
        negativeSynthetic,
        Math.abs(negativeReal - negativeSynthetic),
        FidelityMetrics.wasserstein(SignedLog.of(a), wa, SignedLog.of(b), wb),
        categoryMean,
        pooled,
        draws == null ? null : crps(t, a, wa, draws),
        MeanAndTotal.of(a, wa, b, wb));
  }

  private static double crps(int t, double[] observed, double[] weights, double[][][] draws) {
    if (draws[0].length != observed.length) {
      throw new IllegalArgumentException(
          "draws cover " + draws[0].length + " rows, the real table has " + observed.length);
    }
    double[][] perRow = new double[observed.length][draws.length];
    for (int r = 0; r < observed.length; r++) {
      for (int d = 0; d < draws.length; d++) {
        perRow[r][d] = SignedLog.of(draws[d][r][t]);
      }
    }
    return Crps.mean(SignedLog.of(observed), perRow, weights);
  }

  private static String[] groups(TargetTable table, String by, String side) {
    String[] labels = table.groups().get(by);
    if (labels == null) {
      throw new IllegalArgumentException(
          "the " + side + " table has no group-by column '" + by + "'");
    }
    return labels;
  }

  /** {@code value}, or null when it is not defined (NaN). */
  private static Double defined(double value) {
    return Double.isNaN(value) ? null : value;
  }

  private static Double averageOfPresent(List<Double> values) {
    List<Double> present = values.stream().filter(v -> v != null).toList();
    return present.isEmpty()
        ? null
        : present.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
