package org.flowimpute.pipelines.stream;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.transforms.DeadLetters;

/**
 * Counts the windowed dead letters of each dead-letter window when the window closes, which is when
 * its file is written (counter {@value UnwrittenDeadLetters#DEAD_LETTERS_IN_CLOSED_WINDOWS}): a
 * cancelled stream's summary gave every dead letter, those of windows still open (which the
 * DirectRunner discards) as well, and {@link UnwrittenDeadLetters} needs the written ones to say
 * how many were left out. Applied beside the dead-letter write, to the same windowed collection.
 */
public final class CountClosedDeadLetterWindows extends PTransform<PCollection<DeadLetter>, PDone> {

  /** Counts the dead letters of each closed window of its input. */
  public static CountClosedDeadLetterWindows create() {
    return new CountClosedDeadLetterWindows();
  }

  private CountClosedDeadLetterWindows() {}

  @Override
  public PDone expand(PCollection<DeadLetter> windowed) {
    windowed
        .apply("CountPerWindow", Combine.globally(Count.<DeadLetter>combineFn()).withoutDefaults())
        .apply("AddToCounter", ParDo.of(new AddToCounterFn()));
    return PDone.in(windowed.getPipeline());
  }

  /** Adds each window's count to the counter. */
  private static final class AddToCounterFn extends DoFn<Long, Void> {
    private final Counter closed =
        Metrics.counter(
            DeadLetters.METRICS_NAMESPACE, UnwrittenDeadLetters.DEAD_LETTERS_IN_CLOSED_WINDOWS);

    @ProcessElement
    public void processElement(@Element Long count) {
      closed.inc(count);
    }
  }
}
