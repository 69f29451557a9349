package org.flowimpute.pipelines.stream;

import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Duration;

/**
 * The targets file as a side input that follows the file: it is re-read every {@code refresh}
 * (Beam's "slowly updating global-window side input" pattern: a tick, a processing-time trigger in
 * the global window). The view is an iterable because a runner may show more than one fired pane at
 * once; readers take {@link TargetsSnapshot#newest}. A window is calibrated with the newest reading
 * its worker has when the window fires; the report names its version.
 *
 * <p>Steps: {@code Ticks}, {@code OnEveryTick}, {@code ReadTargets}, {@code AsIterable}.
 */
public final class LatestTargets
    extends PTransform<PBegin, PCollectionView<Iterable<TargetsSnapshot>>> {

  private static final long serialVersionUID = 1L;

  private final String location;
  private final Duration refresh;

  private LatestTargets(String location, Duration refresh) {
    this.location = location;
    this.refresh = refresh;
  }

  /** Reads {@code location} now and every {@code refresh}. */
  public static LatestTargets of(String location, Duration refresh) {
    return new LatestTargets(location, refresh);
  }

  @Override
  public PCollectionView<Iterable<TargetsSnapshot>> expand(PBegin begin) {
    return begin
        .apply("Ticks", GenerateSequence.from(0).withRate(1, refresh))
        .apply(
            "OnEveryTick",
            Window.<Long>into(new GlobalWindows())
                .triggering(Repeatedly.forever(AfterProcessingTime.pastFirstElementInPane()))
                .discardingFiredPanes())
        .apply("ReadTargets", ParDo.of(new ReadTargetsFn(location)))
        .setCoder(SerializableCoder.of(TargetsSnapshot.class))
        .apply("AsIterable", View.asIterable());
  }

  /** Reads the file; a file that cannot be read or parsed fails the step (it is retried). */
  private static final class ReadTargetsFn extends DoFn<Long, TargetsSnapshot> {
    private final String location;

    ReadTargetsFn(String location) {
      this.location = location;
    }

    @ProcessElement
    public void processElement(OutputReceiver<TargetsSnapshot> out) {
      TargetsSnapshot snapshot = TargetsSnapshot.read(location);
      snapshot.targets();
      out.output(snapshot);
    }
  }
}
