package org.flowimpute.pipelines.io.kafka;

import java.util.Locale;

/**
 * Where a consumer group that has no committed offset on a partition starts reading it (Kafka's
 * {@code auto.offset.reset}). Once the pipeline has committed offsets (on finalize, i.e. after each
 * checkpoint), a restarted pipeline with the same group resumes after them whatever this says.
 */
public enum StartOffset {
  /** From the oldest message the topic still retains: nothing produced before the start is lost. */
  EARLIEST,
  /** Only messages produced after the pipeline started. */
  LATEST;

  /** The value of the consumer setting {@code auto.offset.reset}. */
  String autoOffsetReset() {
    return name().toLowerCase(Locale.ROOT);
  }
}
