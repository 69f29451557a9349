package org.flowimpute.pipelines.stream;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.flowimpute.pipelines.transforms.DeadLetters;

/**
 * One counter of a stream job summed over its steps (attempted values): what the summary's notes on
 * unwritten records and dead letters compare with the job's counts.
 */
final class StreamCounter {

  private StreamCounter() {}

  /** The attempted total of the counter {@code name} in the pipelines' metrics namespace. */
  static long total(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(DeadLetters.METRICS_NAMESPACE, name))
                    .build())
            .getCounters()) {
      total += counter.getAttempted();
    }
    return total;
  }
}
