package org.flowimpute.cli;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Stamps each imputed record of the streaming job with the wall clock as it leaves imputation and
 * writes {@code eventTimeMs,imputedAtMs,count} lines (windowed text files) for {@code bench
 * stream}: the bench writes records whose event time is the moment their file was written, so the
 * difference is the ingest-to-imputed latency without the window wait. Steps: {@code
 * StampImputedAt}, {@code WindowStamps}, {@code WriteStamps}.
 */
final class ProbeIngestLatency extends PTransform<PCollection<GenericRecord>, PDone> {

  private static final long serialVersionUID = 1L;

  private final String prefix;
  private final Duration window;

  ProbeIngestLatency(String prefix, Duration window) {
    this.prefix = prefix;
    this.window = window;
  }

  @Override
  public PDone expand(PCollection<GenericRecord> imputed) {
    return imputed
        .apply("StampImputedAt", ParDo.of(new StampImputedAtFn()))
        .apply("WindowStamps", Window.into(FixedWindows.of(window)))
        .apply("WriteStamps", TextIO.write().to(prefix).withWindowedWrites().withNumShards(1));
  }

  /**
   * Counts records per (event time, wall clock as it passes) within a bundle and outputs {@code
   * eventTimeMs,imputedAtMs,count} lines when the bundle ends, each with its event time as
   * timestamp: records of one input file imputed in the same millisecond share a line, so the probe
   * adds a few elements per batch to the job instead of one per record.
   */
  static final class StampImputedAtFn extends DoFn<GenericRecord, String> {

    private static final long serialVersionUID = 1L;

    private transient Map<Stamp, Long> counts;

    @StartBundle
    public void startBundle() {
      counts = new HashMap<>();
    }

    @ProcessElement
    public void process(@Timestamp Instant timestamp, BoundedWindow window) {
      counts.merge(
          new Stamp(timestamp.getMillis(), System.currentTimeMillis(), window), 1L, Long::sum);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      counts.forEach(
          (stamp, count) ->
              context.output(
                  stamp.eventTimeMs() + "," + stamp.imputedAtMs() + "," + count,
                  new Instant(stamp.eventTimeMs()),
                  stamp.window()));
      counts = new HashMap<>();
    }

    /** Records with these values share a line. */
    private record Stamp(long eventTimeMs, long imputedAtMs, BoundedWindow window) {}
  }
}
