package org.flowimpute.pipelines.transforms;

import java.io.Serializable;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The Beam metrics every imputation DoFn reports: {@code records_valid}, {@code records_imputed},
 * {@code records_outside_training_range} (imputed records with a numeric condition outside the
 * model's training range), {@code records_with_unseen_category} (imputed records with a category
 * the model did not see, imputed as its "other" level), {@code batches}, and the distributions
 * {@code batch_size} and {@code inference_latency_micros}. Valid records are counted locally and
 * added to the counter once per batch, not once per record. One instance per DoFn (not
 * thread-safe).
 */
final class BatchMetrics implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Counter valid = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_valid");
  private final Counter imputed = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_imputed");
  private final Counter outsideTrainingRange =
      Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_outside_training_range");
  private final Counter unseenCategories =
      Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_with_unseen_category");
  private final Counter batches = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "batches");
  private final Distribution batchSizes =
      Metrics.distribution(DeadLetters.METRICS_NAMESPACE, "batch_size");
  private final Distribution latency =
      Metrics.distribution(DeadLetters.METRICS_NAMESPACE, "inference_latency_micros");
  private transient long validSinceFlush;

  /** One more record passed validation. */
  void recordValid() {
    validSinceFlush++;
  }

  /** Reports the valid records counted so far and {@code flushed} (none when {@code null}). */
  void batchDone(PendingRecords.Flushed flushed) {
    if (validSinceFlush > 0) {
      valid.inc(validSinceFlush);
      validSinceFlush = 0;
    }
    if (flushed == null) {
      return;
    }
    latency.update(flushed.modelMicros());
    batches.inc();
    batchSizes.update(flushed.records());
    imputed.inc(flushed.imputed());
    outsideTrainingRange.inc(flushed.outsideTrainingRange());
    unseenCategories.inc(flushed.unseenCategories());
  }
}
