package org.flowimpute.pipelines.stream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.flowimpute.pipelines.testing.ImputedRows;
import org.flowimpute.pipelines.testing.StreamTargets;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.transforms.OutputSchema;
import org.flowimpute.pipelines.values.SourcedRecordCoder;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window's calibrated weights do not depend on the order its records arrive in (which depends on
 * parallelism, bundles and restores): the same records in two orders get bit-identical weights.
 */
@ExtendWith(TestPipelineExtension.class)
class RecalibrateWindowTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static final Schema IMPUTED =
      SchemaBuilder.record("Imputed")
          .fields()
          .requiredString("region")
          .requiredDouble("age")
          .requiredDouble(OutputSchema.WEIGHT)
          .requiredString(OutputSchema.MODEL_ID)
          .requiredString(OutputSchema.RECORD_KEY)
          .endRecord();

  private static final int RECORDS = 3_000;

  @TempDir Path temp;

  @Test
  void theSameRecordsInAnotherOrderGetBitIdenticalWeights(TestPipeline pipeline)
      throws IOException {
    List<TimestampedValue<GenericRecord>> records = records();
    List<TimestampedValue<GenericRecord>> shuffled = new ArrayList<>(records);
    Collections.shuffle(shuffled, new Random(3));
    TargetsSnapshot initialTargets =
        TargetsSnapshot.read(StreamTargets.write(temp.resolve("targets.yaml")).toString());
    PCollectionView<Iterable<TargetsSnapshot>> targets =
        pipeline.apply("Targets", Create.of(initialTargets)).apply(View.asIterable());
    StreamWindows windows = StreamWindows.fixed(Duration.standardHours(1));

    PCollection<KV<String, Long>> inOrder =
        weights(pipeline, "InOrder", records, windows, targets, initialTargets);
    PCollection<KV<String, Long>> inAnotherOrder =
        weights(pipeline, "Shuffled", shuffled, windows, targets, initialTargets);
    PCollection<KV<String, Iterable<Long>>> byKey =
        PCollectionList.of(inOrder)
            .and(inAnotherOrder)
            .apply(Flatten.pCollections())
            .apply(Window.into(new GlobalWindows()))
            .apply(GroupByKey.create());

    PAssert.thatSingleton(byKey.apply("Keys", Count.globally())).isEqualTo((long) RECORDS);
    PAssert.that(byKey.apply("Differing", ParDo.of(new DifferingWeightsFn()))).empty();
    pipeline.run().waitUntilFinish();
  }

  private static PCollection<KV<String, Long>> weights(
      TestPipeline pipeline,
      String name,
      List<TimestampedValue<GenericRecord>> records,
      StreamWindows windows,
      PCollectionView<Iterable<TargetsSnapshot>> targets,
      TargetsSnapshot initialTargets) {
    return pipeline
        .apply(
            name,
            Create.timestamped(ImputedRows.of("/in/part-1.csv", records))
                .withCoder(SourcedRecordCoder.of(IMPUTED)))
        .apply(name + "Recalibrate", RecalibrateWindow.of(windows, targets, initialTargets))
        .get(CalibrateWindowFn.CALIBRATED)
        .apply(
            name + "Weights",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                .via(
                    r ->
                        KV.of(
                            r.get(OutputSchema.RECORD_KEY).toString(),
                            Double.doubleToLongBits(
                                (Double) r.get(CalibratedSchema.CALIBRATED_WEIGHT)))));
  }

  /** Persons in one hour window: random region, age and base weight. */
  private static List<TimestampedValue<GenericRecord>> records() {
    Random random = new Random(17);
    List<TimestampedValue<GenericRecord>> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      GenericRecord record = new GenericData.Record(IMPUTED);
      record.put("region", TestData.REGIONS.get(random.nextInt(TestData.REGIONS.size())));
      record.put("age", 18 + 60 * random.nextDouble());
      record.put(OutputSchema.WEIGHT, 0.5 + 3 * random.nextDouble());
      record.put(OutputSchema.MODEL_ID, "flow-test");
      record.put(OutputSchema.RECORD_KEY, "k" + i);
      records.add(TimestampedValue.of(record, T0.plus(Duration.millis(i))));
    }
    return records;
  }

  /** Emits the key of every record whose two weights are not the same bits. */
  private static final class DifferingWeightsFn extends DoFn<KV<String, Iterable<Long>>, String> {
    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<Long>> weights, OutputReceiver<String> out) {
      List<Long> bits = new ArrayList<>();
      weights.getValue().forEach(bits::add);
      if (bits.size() != 2 || !bits.get(0).equals(bits.get(1))) {
        out.output(weights.getKey() + " " + bits);
      }
    }
  }
}
