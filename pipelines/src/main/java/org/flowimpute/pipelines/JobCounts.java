package org.flowimpute.pipelines;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.transforms.Stage;

/**
 * The record counts of a finished imputation job, from its Beam metrics: every record or row read
 * ends up either imputed or dead-lettered (rows that cannot be decoded included), so {@code read =
 * imputed + deadLetters} when the job is complete. A stream's records dead-lettered when their
 * window is calibrated (stage {@code calibrate}) were imputed first: they count as dead letters,
 * not as imputed.
 *
 * @param read records and rows read from the input files
 * @param imputed records written with imputed targets
 * @param deadLetters records written to the dead-letter output, all stages
 * @param batches model calls
 * @param unreadRests dead letters that each stand for the unread rest of a file or of an Avro block
 *     (rows that were not read, so not in {@code read} either: see their messages)
 * @param outsideTrainingRange imputed records with a numeric condition outside the model's training
 *     range (imputed by extrapolation; always 0 for bundles before format 1.6, which have no
 *     ranges)
 * @param unseenCategories imputed records with a category the model did not see in training,
 *     imputed as its "other" level (models trained with {@code --unknown-category other})
 */
public record JobCounts(
    long read,
    long imputed,
    long deadLetters,
    long batches,
    long unreadRests,
    long outsideTrainingRange,
    long unseenCategories) {

  private static final String CALIBRATE_PREFIX = "dead_letters_" + Stage.CALIBRATE.label() + "_";

  /** The counts of {@code result} (attempted values: what the workers did). */
  public static JobCounts of(PipelineResult result) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(DeadLetters.METRICS_NAMESPACE))
                    .build());
    long read = 0;
    long imputed = 0;
    long deadLetters = 0;
    long batches = 0;
    long withdrawn = 0;
    long unreadRests = 0;
    long outsideTrainingRange = 0;
    long unseenCategories = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      String name = counter.getName().getName();
      long value = counter.getAttempted();
      if (name.equals("records_read")) {
        read += value;
      } else if (name.equals("records_imputed")) {
        imputed += value;
      } else if (name.equals("records_outside_training_range")) {
        outsideTrainingRange += value;
      } else if (name.equals("records_with_unseen_category")) {
        unseenCategories += value;
      } else if (name.equals("batches")) {
        batches += value;
      } else if (name.equals(DeadLetters.UNREAD_RESTS)) {
        unreadRests += value;
      } else if (name.startsWith("dead_letters_")) {
        deadLetters += value;
        if (name.startsWith(CALIBRATE_PREFIX)) {
          withdrawn += value;
        }
      }
    }
    return new JobCounts(
        read,
        imputed - withdrawn,
        deadLetters,
        batches,
        unreadRests,
        outsideTrainingRange,
        unseenCategories);
  }

  /**
   * What the dead letters of unread rests mean for the counts, to follow "N dead letters" in a
   * summary: each is one dead letter and one record read, though the rows it stands for were never
   * read; empty when there are none.
   */
  public String unreadRestsNote() {
    if (unreadRests == 0) {
      return "";
    }
    return String.format(
        "; %d of them stand%s for the unread rest of a file or of an Avro block, whose rows are"
            + " not counted: see their messages",
        unreadRests, unreadRests == 1 ? "s" : "");
  }

  /**
   * A warning line saying how many imputed records had a numeric condition outside the training
   * range, to follow the summary; empty when there were none.
   */
  public String outsideTrainingRangeNote() {
    if (outsideTrainingRange == 0) {
      return "";
    }
    return String.format(
        "warning: %d imputed record%s had a numeric condition outside the training range, imputed"
            + " by extrapolation (metric records_outside_training_range; flowimpute generate on the"
            + " same input names the conditions and the first row)",
        outsideTrainingRange, outsideTrainingRange == 1 ? "" : "s");
  }

  /**
   * A warning line saying how many imputed records had a category the model does not name (unseen,
   * or pooled as rare in a synthesis bundle), imputed as its "other" level, to follow the summary;
   * empty when there were none.
   */
  public String unseenCategoriesNote() {
    if (unseenCategories == 0) {
      return "";
    }
    return String.format(
        "warning: %d imputed record%s had a category the model does not name (not seen in"
            + " training, or pooled by train --synthesis as seen in fewer than K rows), imputed as"
            + " its \"other\" level (metric records_with_unseen_category; flowimpute generate on the"
            + " same input names the conditions and the first row)",
        unseenCategories, unseenCategories == 1 ? "" : "s");
  }

  /** Whether every record read was either imputed or dead-lettered. */
  public boolean balanced() {
    return read == imputed + deadLetters;
  }
}
