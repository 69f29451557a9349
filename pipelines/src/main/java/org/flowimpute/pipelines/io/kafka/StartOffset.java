package org.flowimpute.pipelines.io.kafka;

import com.fasterxml.jackson.annotation.JsonCreator;
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

  /**
   * The start named by {@code text} in any case ({@code --kafkaStartOffset=latest}); Beam reads
   * enum options through Jackson, which knew only the exact constant names.
   */
  @JsonCreator
  public static StartOffset named(String text) {
    for (StartOffset start : values()) {
      if (start.name().equalsIgnoreCase(text.trim())) {
        return start;
      }
    }
    throw new IllegalArgumentException(
        "--kafkaStartOffset must be EARLIEST or LATEST, got '" + text + "'");
  }

  /** The value of the consumer setting {@code auto.offset.reset}. */
  String autoOffsetReset() {
    return name().toLowerCase(Locale.ROOT);
  }
}
