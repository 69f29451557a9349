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
 * lies more than {@link RobustSpread#FAR_OUT} robust standard deviations ({@link RobustSpread})
 * above the median log magnitude of the target's modelled values. Only values above are looked at:
 * the log bounds how far a small amount can lie below.
 */
final class TargetOutliers {

  private TargetOutliers() {}

  /** One warning per continuous target of {@code targets} with values far out in {@code table}. */
  static List<TrainingWarning> warnings(TrainingTable table, List<TargetSpec> targets) {
    List<TrainingWarning> warnings = new ArrayList<>();
    for (TargetSpec target : targets) {
      if (target instanceof ContinuousTarget continuous) {
        String warning = warning(table, continuous);
        if (warning != null) {
          warnings.add(TrainingWarning.quotingData(warning));
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
    RobustSpread spread = RobustSpread.of(Arrays.copyOf(logs, modelled));
    if (spread == null) {
      return null;
    }
    double limit = spread.median() + RobustSpread.FAR_OUT * spread.sd();
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
        spread.distance(transform.logMagnitude(Math.abs(values[worst]))),
        transform.magnitude(spread.median()),
        RobustSpread.FAR_OUT,
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
}
