package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.junit.jupiter.api.Test;

/** The whole training path on a tiny table: what it reproduces and what it refuses. */
class BundleTrainerTest {

  static final Schema SCHEMA =
      SchemaBuilder.record("Row")
          .fields()
          .requiredString("group")
          .requiredDouble("age")
          .requiredDouble("income")
          .requiredDouble("w")
          .endRecord();

  static final TrainingColumns COLUMNS =
      new TrainingColumns(List.of("group", "age"), List.of("income"), Set.of("group"), "w");

  /**
   * {@code rows} rows: group a/b/c, age 18..77, income zero a third of the time, weight 0.5..1.5.
   */
  static List<GenericRecord> rows(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<GenericRecord> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      GenericRecord record = new GenericData.Record(SCHEMA);
      double age = 18 + random.nextInt(60);
      record.put("group", List.of("a", "b", "c").get(random.nextInt(3)));
      record.put("age", age);
      record.put(
          "income",
          random.nextDouble() < 0.33 ? 0.0 : Math.exp(9 + 0.02 * age + random.nextGaussian()));
      record.put("w", 0.5 + random.nextDouble());
      out.add(record);
    }
    return out;
  }

  /** A trainer of the smallest network for 2 epochs. */
  static BundleTrainer tiny() {
    return BundleTrainer.of(COLUMNS)
        .withArchitecture(Architecture.defaults().withFlowLayers(1).withHidden(8))
        .withSettings(TrainingSettings.defaults().withEpochs(2).withBatchSize(64));
  }

  static BundleTrainer.TrainedBundle train(BundleTrainer trainer, List<GenericRecord> records) {
    return trainer.train(
        TrainingTable.of(records, COLUMNS),
        TrainingDataFingerprint.ofBytes(new byte[] {1}, records.size()),
        TrainingListener.none());
  }

  /**
   * Two trainings with the same data, settings and seed write the same model.onnx bytes: the ONNX
   * metadata held the measured seconds per epoch, so the bytes differed every time.
   */
  @Test
  void twoIdenticalTrainingsWriteTheSameModelBytes() {
    List<GenericRecord> records = rows(120, 1);

    BundleTrainer.TrainedBundle first = train(tiny(), records);
    BundleTrainer.TrainedBundle second = train(tiny(), records);

    assertArrayEquals(first.onnx(), second.onnx());
    assertTrue(
        first.manifest().training().settings().containsKey("seconds_per_epoch"),
        "the manifest keeps the timing");
  }
}
