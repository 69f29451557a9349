package org.flowimpute.cli;

import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.joda.time.Duration;

/**
 * Stamps each imputed record of the streaming job with the wall clock as it leaves imputation and
 * writes {@code eventTimeMs,imputedAtMs} lines (windowed text files) for {@code bench stream}: the
 * bench writes records whose event time is the moment their file was written, so the difference is
 * the ingest-to-imputed latency without the window wait. Steps: {@code StampImputedAt}, {@code
 * WindowStamps}, {@code WriteStamps}.
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

  /** {@code eventTimeMs,nowMs} for each record; the event time is the element's timestamp. */
  static final class StampImputedAtFn extends DoFn<GenericRecord, String> {

    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(ProcessContext context) {
      context.output(context.timestamp().getMillis() + "," + System.currentTimeMillis());
    }
  }
}
