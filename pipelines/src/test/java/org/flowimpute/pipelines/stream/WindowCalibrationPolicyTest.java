package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTagList;
import org.flowimpute.avro.CalibrationWindowReport;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.calibrate.OnInfeasible;
import org.flowimpute.pipelines.testing.ImputedRows;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.transforms.OutputSchema;
import org.flowimpute.pipelines.values.SourcedRecordCoder;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a window's calibration does with records it cannot use and with targets it cannot meet: a
 * record with a weight of 0 or −5, or no age where a mean reads one, made the whole window keep its
 * base weights (−5 written as a calibrated weight); an out-of-reach mean was always softened, with
 * the reason lost from the report; a targets file naming a column the records lack was taken.
 */
@ExtendWith(TestPipelineExtension.class)
class WindowCalibrationPolicyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static final Schema IMPUTED =
      SchemaBuilder.record("Imputed")
          .fields()
          .requiredString("region")
          .optionalDouble("age")
          .requiredDouble(OutputSchema.WEIGHT)
          .requiredString(OutputSchema.MODEL_ID)
          .requiredString(OutputSchema.RECORD_KEY)
          .endRecord();

  private static final int RECORDS = 300;

  @TempDir Path temp;

  @Test
  void unusableRecordsAreDeadLetteredAndTheRestIsCalibrated(TestPipeline pipeline)
      throws IOException {
    List<TimestampedValue<GenericRecord>> records = records();
    records.get(0).getValue().put(OutputSchema.WEIGHT, 0.0);
    records.get(1).getValue().put(OutputSchema.WEIGHT, -5.0);
    records.get(2).getValue().put("age", null);
    records.get(3).getValue().put(OutputSchema.WEIGHT, 1e308);
    records.get(4).getValue().put("age", 1e50);

    PCollectionTuple out =
        recalibrate(pipeline, records, targets(44), WindowSolverSettings.defaults());

    PAssert.that(out.get(RecalibrateWindow.DEAD_LETTERS))
        .satisfies(
            letters -> {
              Set<String> seen = new TreeSet<>();
              for (DeadLetter letter : letters) {
                assertEquals("calibrate", letter.getStage().toString());
                seen.add(
                    letter.getRecordKey()
                        + " "
                        + letter.getErrorClass()
                        + " "
                        + letter.getSource());
                if (letter.getRecordKey().toString().equals("k0")) {
                  assertEquals(
                      "/in/part-1.csv:2: field 'weight' is 0.0, calibration needs a weight above"
                          + " 0 (imputed record of event time 2026-01-01T00:00:00.000Z)",
                      letter.getMessage().toString());
                }
              }
              assertEquals(
                  Set.of(
                      "k0 not_positive /in/part-1.csv:2",
                      "k1 not_positive /in/part-1.csv:3",
                      "k2 null_value /in/part-1.csv:4",
                      "k3 out_of_range /in/part-1.csv:5",
                      "k4 out_of_range /in/part-1.csv:6"),
                  seen);
              return null;
            });
    PAssert.that(out.get(CalibrateWindowFn.REPORTS))
        .satisfies(
            reports -> {
              CalibrationWindowReport report = reports.iterator().next();
              assertTrue(report.getConverged(), String.valueOf(report.getMessage()));
              assertEquals(RECORDS - 5, report.getN());
              return null;
            });
    PAssert.that(out.get(CalibrateWindowFn.CALIBRATED))
        .satisfies(
            calibrated -> {
              int count = 0;
              double weightedAge = 0;
              double weight = 0;
              for (GenericRecord record : calibrated) {
                double w = (Double) record.get(CalibratedSchema.CALIBRATED_WEIGHT);
                assertTrue(w > 0, record.get(OutputSchema.RECORD_KEY) + ": " + w);
                weightedAge += w * (Double) record.get("age");
                weight += w;
                count++;
              }
              assertEquals(RECORDS - 5, count);
              assertEquals(44, weightedAge / weight, 1e-6);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /**
   * With sliding windows a record falls in several windows but is one record: its dead letter is
   * written once (it was written once per window, and the command's imputed count lost one per
   * copy).
   */
  @Test
  void anUnusableRecordInSlidingWindowsIsOneDeadLetter(TestPipeline pipeline) throws IOException {
    List<TimestampedValue<GenericRecord>> records = records();
    records.get(0).getValue().put(OutputSchema.WEIGHT, 0.0);
    TargetsSnapshot initial = TargetsSnapshot.read(targets(44).toString());
    PCollectionView<Iterable<TargetsSnapshot>> targets =
        pipeline.apply("Targets", Create.of(initial)).apply(View.asIterable());
    StreamWindows sliding =
        new StreamWindows(Duration.standardHours(1), Duration.standardMinutes(15));

    PCollectionTuple out =
        pipeline
            .apply(
                "Records",
                Create.timestamped(ImputedRows.of("/in/part-1.csv", records))
                    .withCoder(SourcedRecordCoder.of(IMPUTED)))
            .apply("Recalibrate", RecalibrateWindow.of(sliding, targets, initial));

    PAssert.that(out.get(RecalibrateWindow.DEAD_LETTERS))
        .satisfies(
            letters -> {
              List<String> keys = new ArrayList<>();
              letters.forEach(letter -> keys.add(letter.getRecordKey().toString()));
              assertEquals(List.of("k0"), keys);
              return null;
            });
    PAssert.that(out.get(CalibrateWindowFn.REPORTS))
        .satisfies(
            reports -> {
              int windows = 0;
              for (CalibrationWindowReport report : reports) {
                assertTrue(report.getConverged(), String.valueOf(report.getMessage()));
                windows++;
              }
              assertEquals(4, windows, "sliding windows holding the records");
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /**
   * Records set aside against the targets current when they passed can meet targets that changed
   * while their window was open: a record without a value in a column only the new targets read is
   * left out of the solve with its base weight, named in the report, instead of failing the whole
   * window.
   */
  @Test
  void aRecordTheNewTargetsCannotUseIsLeftOutOfTheSolve(TestPipeline pipeline) throws IOException {
    Schema withRegionGaps =
        SchemaBuilder.record("Imputed")
            .fields()
            .optionalString("region")
            .requiredDouble("age")
            .requiredDouble(OutputSchema.WEIGHT)
            .requiredString(OutputSchema.MODEL_ID)
            .requiredString(OutputSchema.RECORD_KEY)
            .endRecord();
    List<GenericRecord> records = new ArrayList<>();
    for (TimestampedValue<GenericRecord> timed : records()) {
      GenericRecord record = new GenericData.Record(withRegionGaps);
      for (Schema.Field field : withRegionGaps.getFields()) {
        record.put(field.name(), timed.getValue().get(field.name()));
      }
      records.add(record);
    }
    records.get(7).put("region", null);
    Path shares =
        Files.writeString(
            temp.resolve("shares.yaml"),
            "targets:\n  - {name: north, statistic: share, column: region, category: north,"
                + " value: 0.4}\n");
    TargetsSnapshot changed = TargetsSnapshot.read(shares.toString());
    PCollectionView<Iterable<TargetsSnapshot>> targets =
        pipeline.apply("Targets", Create.of(changed)).apply(View.asIterable());

    PCollectionTuple out =
        pipeline
            .apply(
                "Window",
                Create.of(KV.of("", new WindowBatch(0, 3_600_000, records)))
                    .withCoder(
                        KvCoder.of(
                            StringUtf8Coder.of(), WindowBatch.BatchCoder.of(withRegionGaps))))
            .apply(
                "Calibrate",
                ParDo.of(
                        new CalibrateWindowFn(
                            targets,
                            TargetsFreshness.fixed(changed),
                            null,
                            WindowSolverSettings.defaults(),
                            0.1,
                            CalibratedSchema.derive(withRegionGaps)))
                    .withSideInputs(targets)
                    .withOutputTags(
                        CalibrateWindowFn.CALIBRATED, TupleTagList.of(CalibrateWindowFn.REPORTS)));
    out.get(CalibrateWindowFn.CALIBRATED)
        .setCoder(AvroCoder.of(CalibratedSchema.derive(withRegionGaps)));
    out.get(CalibrateWindowFn.REPORTS).setCoder(AvroCoder.of(CalibrationWindowReport.class));

    PAssert.that(out.get(CalibrateWindowFn.REPORTS))
        .satisfies(
            reports -> {
              CalibrationWindowReport report = reports.iterator().next();
              assertTrue(report.getConverged(), String.valueOf(report.getMessage()));
              assertEquals(RECORDS, report.getN(), "records in the window");
              assertTrue(
                  report.getMessage().toString().startsWith("1 records left out of the solve")
                      && report.getMessage().toString().endsWith("(keys k7)"),
                  report.getMessage().toString());
              return null;
            });
    PAssert.that(out.get(CalibrateWindowFn.CALIBRATED))
        .satisfies(
            calibrated -> {
              int count = 0;
              for (GenericRecord record : calibrated) {
                if (record.get(OutputSchema.RECORD_KEY).toString().equals("k7")) {
                  assertEquals(
                      record.get(OutputSchema.WEIGHT),
                      record.get(CalibratedSchema.CALIBRATED_WEIGHT));
                }
                count++;
              }
              assertEquals(RECORDS, count);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /** An out-of-reach mean: softened, the report says which targets and why. */
  @Test
  void aSoftenedWindowSaysWhy(TestPipeline pipeline) throws IOException {
    PCollectionTuple out =
        recalibrate(pipeline, records(), targets(150), WindowSolverSettings.defaults());

    PAssert.that(out.get(CalibrateWindowFn.REPORTS))
        .satisfies(
            reports -> {
              CalibrationWindowReport report = reports.iterator().next();
              assertTrue(report.getSoftened());
              assertNotNull(report.getSoftenedBecause());
              assertTrue(
                  report.getSoftenedBecause().toString().contains("softened mean_age"),
                  report.getSoftenedBecause().toString());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /**
   * With {@code fail} the window keeps its base weights and its report says why. Its drift,
   * measured before the solve, is reported and counted like any window's (it was null, not exceeded
   * and not counted, for the windows furthest from their targets).
   */
  @Test
  void withFailAnInfeasibleWindowKeepsItsBaseWeights(TestPipeline pipeline) throws IOException {
    WindowSolverSettings fail = new WindowSolverSettings(1.0, OnInfeasible.FAIL, 1e-4, null);

    PCollectionTuple out = recalibrate(pipeline, records(), targets(150), fail);

    PAssert.that(out.get(CalibrateWindowFn.REPORTS))
        .satisfies(
            reports -> {
              CalibrationWindowReport report = reports.iterator().next();
              assertFalse(report.getConverged());
              assertFalse(report.getSoftened());
              assertTrue(
                  report.getMessage().toString().contains("'mean_age'"),
                  report.getMessage().toString());
              assertNull(report.getSoftenedBecause());
              assertNotNull(report.getDrift(), "drift");
              assertTrue(report.getDrift() > 0.1, String.valueOf(report.getDrift()));
              assertTrue(report.getDriftExceeded());
              return null;
            });
    PAssert.that(out.get(CalibrateWindowFn.CALIBRATED))
        .satisfies(
            calibrated -> {
              for (GenericRecord record : calibrated) {
                assertEquals(
                    record.get(OutputSchema.WEIGHT),
                    record.get(CalibratedSchema.CALIBRATED_WEIGHT));
              }
              return null;
            });
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    long drifted = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.named(DeadLetters.METRICS_NAMESPACE, "drift_windows"))
                    .build())
            .getCounters()) {
      drifted += counter.getAttempted();
    }
    assertEquals(1, drifted, "drift_windows");
  }

  @Test
  void targetsNamingAColumnTheRecordsLackAreRefusedWhenTheJobIsBuilt() throws IOException {
    Path misspelt =
        Files.writeString(
            temp.resolve("misspelt.yaml"),
            "targets:\n  - {name: mean_age, statistic: mean, column: agee, value: 44}\n");
    LatestTargets latest = LatestTargets.of(misspelt.toString(), Duration.standardMinutes(1));

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> latest.withRecordSchema(IMPUTED));

    assertTrue(
        error
            .getMessage()
            .startsWith(
                "targets file "
                    + misspelt
                    + ": target 'mean_age' reads column 'agee', which the data do not have"),
        error.getMessage());
  }

  @Test
  void badSettingsNameTheirOption() {
    IllegalArgumentException policy =
        assertThrows(
            IllegalArgumentException.class,
            () -> WindowSolverSettings.of(1.0, "maybe", 1e-4, null));
    IllegalArgumentException bounds =
        assertThrows(
            IllegalArgumentException.class,
            () -> WindowSolverSettings.of(1.0, "fail", 1e-4, "3,1"));

    assertEquals("--on-infeasible must be fail or soften, got 'maybe'", policy.getMessage());
    assertTrue(bounds.getMessage().startsWith("--bounds: "), bounds.getMessage());
  }

  /**
   * Records that already hold a {@code calibrated_weight} (a stream's output streamed again) get
   * the new one in its place: a second field of that name made the job fail ("Duplicate field").
   */
  @Test
  void aCalibratedWeightTheRecordsHoldIsReplaced(TestPipeline pipeline) throws IOException {
    Schema earlier =
        SchemaBuilder.record("Imputed")
            .fields()
            .requiredString("region")
            .requiredString(CalibratedSchema.CALIBRATED_WEIGHT)
            .optionalDouble("age")
            .requiredDouble(OutputSchema.WEIGHT)
            .requiredString(OutputSchema.MODEL_ID)
            .requiredString(OutputSchema.RECORD_KEY)
            .endRecord();
    List<TimestampedValue<GenericRecord>> records = new ArrayList<>();
    for (TimestampedValue<GenericRecord> timed : records()) {
      GenericRecord record = new GenericData.Record(earlier);
      for (Schema.Field field : IMPUTED.getFields()) {
        record.put(field.name(), timed.getValue().get(field.name()));
      }
      record.put(CalibratedSchema.CALIBRATED_WEIGHT, "from an earlier run");
      records.add(TimestampedValue.of(record, timed.getTimestamp()));
    }

    PCollectionTuple out =
        recalibrate(pipeline, records, targets(44), WindowSolverSettings.defaults(), earlier);

    PAssert.that(out.get(CalibrateWindowFn.CALIBRATED))
        .satisfies(
            calibrated -> {
              double weightedAge = 0;
              double weight = 0;
              for (GenericRecord record : calibrated) {
                assertEquals(
                    earlier.getFields().size(), record.getSchema().getFields().size(), "fields");
                assertEquals(1, record.getSchema().getField("calibrated_weight").pos());
                double w = (Double) record.get(CalibratedSchema.CALIBRATED_WEIGHT);
                weightedAge += w * (Double) record.get("age");
                weight += w;
              }
              assertEquals(44, weightedAge / weight, 1e-6);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  private PCollectionTuple recalibrate(
      TestPipeline pipeline,
      List<TimestampedValue<GenericRecord>> records,
      Path targetsFile,
      WindowSolverSettings settings) {
    return recalibrate(pipeline, records, targetsFile, settings, IMPUTED);
  }

  private PCollectionTuple recalibrate(
      TestPipeline pipeline,
      List<TimestampedValue<GenericRecord>> records,
      Path targetsFile,
      WindowSolverSettings settings,
      Schema schema) {
    TargetsSnapshot initial = TargetsSnapshot.read(targetsFile.toString());
    PCollectionView<Iterable<TargetsSnapshot>> targets =
        pipeline.apply("Targets", Create.of(initial)).apply(View.asIterable());
    return pipeline
        .apply(
            "Records",
            Create.timestamped(ImputedRows.of("/in/part-1.csv", records))
                .withCoder(SourcedRecordCoder.of(schema)))
        .apply(
            "Recalibrate",
            RecalibrateWindow.of(StreamWindows.fixed(Duration.standardHours(1)), targets, initial)
                .withSolverSettings(settings));
  }

  private Path targets(double meanAge) throws IOException {
    return Files.writeString(
        temp.resolve("targets-" + meanAge + ".yaml"),
        "targets:\n  - {name: mean_age, statistic: mean, column: age, value: " + meanAge + "}\n");
  }

  /** Persons in one hour window: random region, age 18–78 and base weight. */
  private static List<TimestampedValue<GenericRecord>> records() {
    Random random = new Random(5);
    List<TimestampedValue<GenericRecord>> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      GenericRecord record = new GenericData.Record(IMPUTED);
      record.put("region", random.nextBoolean() ? "north" : "south");
      record.put("age", 18 + 60 * random.nextDouble());
      record.put(OutputSchema.WEIGHT, 0.5 + 3 * random.nextDouble());
      record.put(OutputSchema.MODEL_ID, "flow-test");
      record.put(OutputSchema.RECORD_KEY, "k" + i);
      records.add(TimestampedValue.of(record, T0.plus(Duration.millis(i))));
    }
    return records;
  }
}
