package org.flowimpute.calibrate;

import java.time.Instant;
import org.flowimpute.avro.CalibrationWindowReport;

/** Turns a {@link SolveReport} into the Avro {@code CalibrationWindowReport} of a window. */
public final class SolveReports {

  private SolveReports() {}

  /**
   * The window report of one recalibration.
   *
   * @param groupKey calibration group, or null
   * @param targetsVersion version of the target set used, or null
   * @param modelId model that imputed the window's records, or null
   */
  public static CalibrationWindowReport toWindowReport(
      SolveReport report,
      Instant windowStart,
      Instant windowEnd,
      String groupKey,
      String targetsVersion,
      String modelId) {
    return CalibrationWindowReport.newBuilder()
        .setWindowStart(windowStart)
        .setWindowEnd(windowEnd)
        .setGroupKey(groupKey)
        .setN(report.records())
        .setIterations(report.iterations())
        .setConverged(report.converged())
        .setMaxRelativeError(report.maxRelativeError())
        .setKishEss(report.kishEffectiveSampleSize())
        .setLambda(report.lambda())
        .setMinWeightRatio(report.minWeightRatio())
        .setMaxWeightRatio(report.maxWeightRatio())
        .setTargetsVersion(targetsVersion)
        .setModelId(modelId)
        .setElapsedMillis(report.elapsedMillis())
        .setDualityGap(report.dualityGap())
        .setSoftened(report.softened())
        .setSoftenedBecause(report.softened() ? report.softenedBecause() : null)
        .setConstraints(report.constraints())
        .setDivergence(report.divergence())
        .build();
  }
}
