package org.flowimpute.deploy;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Two small Beam pipelines that exercise what the real jobs need from a Flink cluster: a batch job
 * (text in, Avro records through a shuffle, Avro files out) and a streaming job (an unbounded
 * source, event-time windows, checkpointed state, windowed file writes). The cluster tests submit
 * them with the shaded job jar to prove the cluster, the jar and the submission path before and
 * besides the product pipelines.
 */
final class ClusterSmokeJobs {

  /** Schema of the batch job's per-group totals. */
  static final Schema GROUP_TOTAL =
      SchemaBuilder.record("GroupTotal")
          .namespace("org.flowimpute.deploy.smoke")
          .fields()
          .requiredString("group")
          .requiredLong("total")
          .endRecord();

  /** Schema of one parsed input line of the batch job. */
  static final Schema INPUT_ROW =
      SchemaBuilder.record("InputRow")
          .namespace("org.flowimpute.deploy.smoke")
          .fields()
          .requiredLong("id")
          .requiredString("group")
          .requiredLong("value")
          .endRecord();

  private ClusterSmokeJobs() {}

  /**
   * Batch: lines "id,group,value" from {@code inputGlob} → Avro records → sum of value per group →
   * Avro files {@code outputPrefix}-SSSSS-of-NNNNN.avro.
   */
  static void batch(Pipeline pipeline, String inputGlob, String outputPrefix) {
    pipeline
        .apply("ReadLines", TextIO.read().from(inputGlob))
        .apply("ParseRows", ParDo.of(new ParseRowFn()))
        .setCoder(AvroCoder.generic(INPUT_ROW))
        .apply(
            "KeyByGroup",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                .via(row -> KV.of(row.get("group").toString(), (Long) row.get("value"))))
        .apply("SumPerGroup", Sum.longsPerKey())
        .apply("ToAvro", ParDo.of(new ToGroupTotalFn()))
        .setCoder(AvroCoder.generic(GROUP_TOTAL))
        .apply(
            "WriteTotals",
            AvroIO.writeGenericRecords(GROUP_TOTAL).to(outputPrefix).withSuffix(".avro"));
  }

  /**
   * Streaming: the sequence 0, 1, 2, ... at {@code recordsPerSecond}, record i stamped at event
   * time i × {@code millisPerRecord}, in fixed windows of {@code recordsPerWindow} records, written
   * as one text file per window (one id per line) into {@code outputDir}.
   */
  static void streaming(
      Pipeline pipeline,
      long recordsPerSecond,
      long millisPerRecord,
      long recordsPerWindow,
      String outputDir) {
    pipeline
        .apply("GenerateIds", Read.from(PacedSequenceSource.of(recordsPerSecond, millisPerRecord)))
        .apply(
            "FixedWindows",
            Window.<Long>into(FixedWindows.of(Duration.millis(recordsPerWindow * millisPerRecord))))
        .apply("FormatIds", MapElements.into(TypeDescriptors.strings()).via(String::valueOf))
        .apply(
            "WriteWindows",
            FileIO.<String>write()
                .via(TextIO.sink())
                .to(outputDir)
                .withPrefix("window")
                .withSuffix(".txt")
                .withNumShards(1));
  }

  /**
   * Batch that fails on the TaskManager: one element, whose step opens {@code path} for reading; a
   * missing file is the failure a user meets when an input readable where the job was built is not
   * there for the TaskManager.
   */
  static void readingMissingFile(Pipeline pipeline, String path) {
    pipeline
        .apply("OneFile", Create.of(path))
        .apply("OpenFile", ParDo.of(new OpenFileFn()))
        .setCoder(VarLongCoder.of());
  }

  /** Outputs the first byte of the file each element names. */
  static final class OpenFileFn extends DoFn<String, Long> {
    @ProcessElement
    public void processElement(@Element String path, OutputReceiver<Long> out) throws IOException {
      try (InputStream in = new FileInputStream(path)) {
        out.output((long) in.read());
      }
    }
  }

  /** Parses "id,group,value" lines; the smoke input is generated, so a bad line is a test bug. */
  static final class ParseRowFn extends DoFn<String, GenericRecord> {
    @ProcessElement
    public void processElement(@Element String line, OutputReceiver<GenericRecord> out) {
      List<String> fields = List.of(line.split(","));
      GenericRecord row = new GenericData.Record(INPUT_ROW);
      row.put("id", Long.parseLong(fields.get(0)));
      row.put("group", fields.get(1));
      row.put("value", Long.parseLong(fields.get(2)));
      out.output(row);
    }
  }

  /** Turns one (group, total) pair into a GroupTotal record. */
  static final class ToGroupTotalFn extends DoFn<KV<String, Long>, GenericRecord> {
    @ProcessElement
    public void processElement(@Element KV<String, Long> total, OutputReceiver<GenericRecord> out) {
      GenericRecord record = new GenericData.Record(GROUP_TOTAL);
      record.put("group", total.getKey());
      record.put("total", total.getValue());
      out.output(record);
    }
  }
}
