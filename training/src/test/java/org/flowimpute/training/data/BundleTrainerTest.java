package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.synth.NothingReleasedException;
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
   * A K of {@code withSynthesis} that no cell reaches fails before the first training step, naming
   * K and the largest cell's rows: it failed only after the whole training, without the largest
   * cell's size.
   */
  @Test
  void aSynthesisKNoCellReachesFailsBeforeTraining() {
    List<GenericRecord> records = rows(120, 4);
    Map<String, Integer> groupRows = new HashMap<>();
    records.forEach(r -> groupRows.merge(r.get("group").toString(), 1, Integer::sum));
    int largest = Collections.max(groupRows.values());
    AtomicInteger steps = new AtomicInteger();
    TrainingListener counting =
        new TrainingListener() {
          @Override
          public void stepEnded(int epoch, int step, int stepsPerEpoch) {
            steps.incrementAndGet();
          }
        };

    NothingReleasedException error =
        assertThrows(
            NothingReleasedException.class,
            () ->
                tiny()
                    .withSynthesis(largest + 1)
                    .train(
                        TrainingTable.of(records, COLUMNS),
                        TrainingDataFingerprint.ofBytes(new byte[] {1}, records.size()),
                        counting));

    assertEquals(0, steps.get(), "training steps run before the refusal");
    assertEquals(largest + 1, error.minCellRows());
    assertEquals(largest, error.largestK());
    assertEquals(
        "every cell of the categorical conditions (group) has fewer than "
            + (largest + 1)
            + " rows (the largest has "
            + largest
            + "): nothing can be released",
        error.getMessage());
    long atLargest = groupRows.values().stream().filter(n -> n == largest).count();
    assertEquals(
        atLargest, train(tiny().withSynthesis(largest), records).synthesis().cells().size());
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

  /** {@code records} with every weight multiplied by {@code factor}, or row {@code row}'s set. */
  private static List<GenericRecord> withWeights(
      List<GenericRecord> records, double factor, int row, double weight) {
    List<GenericRecord> out = new ArrayList<>();
    for (GenericRecord record : records) {
      GenericRecord copy = new GenericData.Record((GenericData.Record) record, true);
      copy.put("w", (double) record.get("w") * factor);
      out.add(copy);
    }
    if (row >= 0) {
      out.get(row).put("w", weight);
    }
    return out;
  }

  /**
   * Only the weights' ratios matter: weights of about 1e300 train like weights of about 1 (they
   * were cast to float before being rescaled, became infinite and failed as "training diverged").
   */
  @Test
  void hugeWeightsTrainLikeSmallOnes() {
    List<GenericRecord> records = rows(120, 2);

    BundleTrainer.TrainedBundle small = train(tiny(), records);
    BundleTrainer.TrainedBundle huge = train(tiny(), withWeights(records, 1e300, -1, 0));

    NumericCondition smallAge = (NumericCondition) small.manifest().conditions().get(1);
    NumericCondition hugeAge = (NumericCondition) huge.manifest().conditions().get(1);
    assertEquals(smallAge.mean(), hugeAge.mean(), 1e-9 * smallAge.mean());
    assertEquals(smallAge.sd(), hugeAge.sd(), 1e-9 * smallAge.sd());
    assertEquals(
        small.manifest().training().trainNll(), huge.manifest().training().trainNll(), 1e-3);
  }

  /**
   * One row carrying most of the weight is refused naming its row and weight; it was reported as
   * "condition 'age' is nearly constant".
   */
  @Test
  void aRowCarryingMostOfTheWeightIsNamed() {
    List<GenericRecord> records = withWeights(rows(120, 3), 1, 16, 1e300);

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> TrainingTable.of(records, COLUMNS));

    assertTrue(
        error
            .getMessage()
            .startsWith(
                "row 17: field 'w': weight 1.0E300 is 100.0 % of the total weight of the 120"
                    + " rows"),
        error.getMessage());
  }

  /** Weights rescaled to mean 1 keep their ratios. */
  @Test
  void theTablesWeightsHaveMeanOne() {
    List<GenericRecord> records = withWeights(rows(60, 4), 1e300, 0, 3e300);

    double[] weights = TrainingTable.of(records, COLUMNS).weights();

    assertEquals(60, java.util.Arrays.stream(weights).sum(), 1e-9);
    assertEquals(
        3e300 / ((double) records.get(1).get("w")), weights[0] / weights[1], 1e-12 * weights[0]);
  }

  /** A boolean in a numeric condition gets the --categorical hint, as text does. */
  @Test
  void aBooleanConditionSaysHowToDeclareCategories() {
    Schema schema =
        SchemaBuilder.record("Row")
            .fields()
            .requiredBoolean("owner")
            .requiredDouble("income")
            .endRecord();
    List<GenericRecord> records = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      GenericRecord record = new GenericData.Record(schema);
      record.put("owner", i % 2 == 0);
      record.put("income", (double) i);
      records.add(record);
    }
    TrainingColumns columns =
        new TrainingColumns(List.of("owner"), List.of("income"), Set.of(), null);

    RuntimeException error =
        assertThrows(RuntimeException.class, () -> TrainingTable.of(records, columns));

    assertTrue(
        error.getMessage().contains("expected a number, got Boolean true"), error.getMessage());
    assertTrue(
        error.getMessage().endsWith("(if the column holds categories, list it in --categorical)"),
        error.getMessage());
  }
}
