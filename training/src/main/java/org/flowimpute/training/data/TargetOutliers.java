package org.flowimpute.training.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.TargetSpec;

/**
 * Warns of a continuous target value far above all the others, such as one wage of 1e300 among
 * ordinary wages (a data-entry error or a sentinel): the fit keeps it, so the target's log scale is
 * stretched to reach it (sigma of log1p 11.3 instead of 0.83) and imputed amounts go up to its
 * order. A value is far out when its log magnitude (the {@code log1p(|x| / unit)} the flow models)
 * lies more than {@link #ROBUST_SDS} robust standard deviations (1.4826 × the median absolute
 * deviation) above the median log magnitude of the target's modelled values. Only values above are
 * looked at: the log bounds how far a small amount can lie below.
 */
final class TargetOutliers {

  /**
   * Robust standard deviations above the median beyond which a value is reported. The demo
   * population's targets reach at most about 5 on 200,000 persons, a Pareto tail of index 1.5 above
   * the 95th percentile of a million log-normal wages about 12; one wage of 1e10 among wages of
   * median 25,000 lies about 17 out, one of 1e300 about 900.
   */
  static final double ROBUST_SDS = 15;

  /** The median absolute deviation of normal data times this is its standard deviation. */
  private static final double MAD_TO_SD = 1.4826;

  private TargetOutliers() {}

  /** One warning per continuous target of {@code targets} with values far out in {@code table}. */
  static List<String> warnings(TrainingTable table, List<TargetSpec> targets) {
    List<String> warnings = new ArrayList<>();
    for (TargetSpec target : targets) {
      if (target instanceof ContinuousTarget continuous) {
        String warning = warning(table, continuous);
        if (warning != null) {
          warnings.add(warning);
        }
      }
    }
    return warnings;
  }

  private static String warning(TrainingTable table, ContinuousTarget target) {
    double[] values = table.numbers(target.name());
    MagnitudeTransform transform = target.transform();
    double[] logs = new double[values.length];
    int modelled = 0;
    for (int row = 0; row < values.length; row++) {
      if (ContinuousTarget.hasMagnitude(target.stateOf(values[row]))) {
        logs[modelled++] = transform.logMagnitude(Math.abs(values[row]));
      }
    }
    if (modelled == 0) {
      return null;
    }
    double median = median(Arrays.copyOf(logs, modelled));
    for (int i = 0; i < modelled; i++) {
      logs[i] = Math.abs(logs[i] - median);
    }
    double robustSd = MAD_TO_SD * median(Arrays.copyOf(logs, modelled));
    if (!(robustSd > 0)) {
      return null;
    }
    double limit = median + ROBUST_SDS * robustSd;
    int worst = -1;
    int farOut = 0;
    for (int row = 0; row < values.length; row++) {
      if (ContinuousTarget.hasMagnitude(target.stateOf(values[row]))
          && transform.logMagnitude(Math.abs(values[row])) > limit) {
        farOut++;
        if (worst < 0 || Math.abs(values[row]) > Math.abs(values[worst])) {
          worst = row;
        }
      }
    }
    if (worst < 0) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "target '%s': %s has %s, %.0f robust SDs (MAD) above the median nonzero magnitude %.6g on"
            + " the log1p scale (beyond %.0f reads as a data-entry error or a sentinel%s); the"
            + " fit keeps it, so the target's log1p sigma is %.3g (%.3g without %s) and imputed"
            + " amounts reach its order: check the value",
        target.name(),
        table.rowName(worst),
        values[worst],
        (transform.logMagnitude(Math.abs(values[worst])) - median) / robustSd,
        transform.magnitude(median),
        ROBUST_SDS,
        farOut > 1 ? String.format(Locale.ROOT, "; %d more rows are beyond it", farOut - 1) : "",
        transform.sigma(),
        sigmaWithin(table.weights(), values, target, limit),
        farOut > 1 ? "them" : "it");
  }

  /** The weighted sigma of the modelled log magnitudes at or below {@code limit}. */
  private static double sigmaWithin(
      double[] weights, double[] values, ContinuousTarget target, double limit) {
    double total = 0;
    double sum = 0;
    double squares = 0;
    for (int row = 0; row < values.length; row++) {
      if (ContinuousTarget.hasMagnitude(target.stateOf(values[row]))) {
        double log = target.transform().logMagnitude(Math.abs(values[row]));
        if (log <= limit) {
          total += weights[row];
          sum += weights[row] * log;
          squares += weights[row] * log * log;
        }
      }
    }
    double mean = sum / total;
    return Math.sqrt(Math.max(0, squares / total - mean * mean));
  }

  private static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
