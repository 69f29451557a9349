package org.flowimpute.pipelines.stream;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.flowimpute.pipelines.transforms.DeadLetters;

/**
 * How a stream's windows were calibrated, from its Beam metrics, so that the command can say at the
 * end that some windows were softened or kept their base weights: a job whose every window went
 * uncalibrated ended with the same line as one whose windows all met their targets.
 *
 * @param calibrated windows (and groups) calibrated, softened ones included
 * @param softened of those, windows whose hard targets were softened
 * @param notCalibrated windows that kept their base weights
 */
public record WindowCounts(long calibrated, long softened, long notCalibrated) {

  static final String CALIBRATED = "windows_calibrated";
  static final String SOFTENED = "windows_softened";
  static final String NOT_CALIBRATED = "windows_not_calibrated";

  /** The counts of {@code result} (attempted values: what the workers did). */
  public static WindowCounts of(PipelineResult result) {
    long calibrated = 0;
    long softened = 0;
    long notCalibrated = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(DeadLetters.METRICS_NAMESPACE))
                    .build())
            .getCounters()) {
      switch (counter.getName().getName()) {
        case CALIBRATED -> calibrated += counter.getAttempted();
        case SOFTENED -> softened += counter.getAttempted();
        case NOT_CALIBRATED -> notCalibrated += counter.getAttempted();
        default -> {}
      }
    }
    return new WindowCounts(calibrated, softened, notCalibrated);
  }

  /**
   * A warning naming how many windows were softened or not calibrated, or null when every window
   * met its targets.
   */
  public String warning() {
    if (softened == 0 && notCalibrated == 0) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    long windows = calibrated + notCalibrated;
    String ofWindows = " of " + windows + (windows == 1 ? " window" : " windows");
    if (notCalibrated > 0) {
      parts.add(
          notCalibrated
              + ofWindows
              + (notCalibrated == 1 ? " kept its" : " kept their")
              + " base weights (not calibrated)");
    }
    if (softened > 0) {
      parts.add(
          softened
              + ofWindows
              + (softened == 1 ? " was" : " were")
              + " softened (targets not met together)");
    }
    return "warning: "
        + String.join(" and ", parts)
        + "; their reports say why (message, softened_because)";
  }
}
