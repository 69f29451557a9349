package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeRange;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ManifestJson;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.encode.AtomPolicy;
import org.junit.jupiter.api.Test;

/**
 * A synthesis bundle (K = 10) releases no value held by fewer than K rows: no point mass of fewer
 * rows, and no training range or magnitude bound that a minimum or maximum of fewer rows moves.
 */
class RareValueReleaseTest {

  private static final int K = 10;

  private static final Schema SCHEMA =
      SchemaBuilder.record("Row")
          .fields()
          .requiredString("group")
          .requiredDouble("kids")
          .requiredDouble("size")
          .requiredDouble("flag")
          .requiredDouble("rate")
          .requiredDouble("income")
          .requiredDouble("w")
          .endRecord();

  private static final TrainingColumns COLUMNS =
      new TrainingColumns(
          List.of("group", "kids", "size", "flag", "rate"),
          List.of("income"),
          Set.of("group"),
          "w");

  /**
   * 98765.43 on 12 rows is a point mass of an imputation bundle (at least 2 rows asked); a
   * synthesis bundle with K = 20 leaves it to the flow (it is in neither its manifest nor its
   * graph) and keeps 4494 of 30 rows, recording 20 as the rows a point mass needed.
   */
  @Test
  void aPointMassHeldByFewerThanKRowsIsNotReleased() {
    List<GenericRecord> records = BundleTrainerTest.rows(617, 7);
    for (int i = 0; i < 42; i++) {
      records.get(3 * i + 1).put("income", i < 12 ? 98765.43 : 4494.0);
    }
    BundleTrainer trainer = BundleTrainerTest.tiny().withAtoms(new AtomPolicy(0.01, 2, 16));

    BundleTrainer.TrainedBundle imputation = BundleTrainerTest.train(trainer, records);
    BundleTrainer.TrainedBundle synthesis =
        BundleTrainerTest.train(trainer.withSynthesis(20), records);

    assertEquals(List.of(4494.0, 98765.43), income(imputation.manifest()).atoms());
    assertEquals(List.of(4494.0), income(synthesis.manifest()).atoms());
    assertFalse(ManifestJson.toJson(synthesis.manifest()).contains("98765"));
    assertFalse(containsFloat(synthesis.onnx(), 98765.43f), "98765.43 is in model.onnx");
    assertTrue(
        containsFloat(imputation.onnx(), 98765.43f), "the imputation graph holds its point mass");
    assertEquals(2, imputation.manifest().training().settings().get("atoms_min_rows"));
    assertEquals(20, synthesis.manifest().training().settings().get("atoms_min_rows"));
  }

  /**
   * kids 0..2 with 7 on 2 rows is released as -1..3 (the imputation range, 0..7, and the range
   * rounded outward from it, -1..8, both give 7 away); household sizes 1..6 with 6 on 40 rows as
   * 0..7; a 0/1 flag with 3 ones, whose 10th smallest and largest are both 0, as -1..1; a
   * continuous rate's range does not move when its 2 largest values go from 55.5 to 99.
   */
  @Test
  void aMinimumOrMaximumOfFewerThanKRowsMovesNoTrainingRange() {
    List<GenericRecord> records = records(400, 1);
    records.get(3).put("kids", 7.0);
    records.get(8).put("kids", 7.0);
    records.get(5).put("rate", 55.5);
    records.get(6).put("rate", 55.5);
    TrainingTable table = TrainingTable.of(records, COLUMNS);

    PreparedData released = SynthesisRelease.of(DefaultPreparation.of(table), table, K);
    records.get(5).put("rate", 99.0);
    records.get(6).put("rate", 99.0);
    TrainingTable moved = TrainingTable.of(records, COLUMNS);

    assertEquals(List.of(0.0, 7.0), range(DefaultPreparation.of(table), "kids"));
    assertEquals(List.of(-1.0, 3.0), range(released, "kids"));
    assertEquals(List.of(0.0, 7.0), range(released, "size"));
    assertEquals(List.of(-1.0, 1.0), range(released, "flag"));
    List<Double> rate = range(released, "rate");
    assertTrue(rate.get(1) < 55.5, "rate range " + rate);
    assertEquals(
        rate, range(SynthesisRelease.of(DefaultPreparation.of(moved), moved, K), "rate"), "moved");
    assertNotEquals(
        range(DefaultPreparation.of(table), "rate"), range(DefaultPreparation.of(moved), "rate"));
  }

  /**
   * The 9 largest and 9 smallest incomes, and the 3 negative ones, can take any other values
   * without moving a released bound; the negative sign, modelled in 3 rows, gets no range (its
   * magnitudes are bounded by 0 and the cap).
   */
  @Test
  void magnitudesOfFewerThanKRowsMoveNoBound() {
    List<GenericRecord> records = records(400, 2);
    MagnitudeTransform released = incomeBounds(records, 1.0);
    MagnitudeTransform moved = incomeBounds(records, 7.0);

    assertEquals(released.signRanges(), moved.signRanges());
    assertEquals(released.maxAbs(), moved.maxAbs());
    assertFalse(released.signRanges().containsKey("negative"), released.toString());
    assertEquals(0.0, released.lowerBound(ContinuousTarget.NEGATIVE));
    assertEquals(released.clipBound(), released.upperBound(ContinuousTarget.NEGATIVE));
    MagnitudeRange positive = released.signRanges().get("positive");
    assertTrue(positive.maxAbs() < 100_000 && positive.minAbs() > 100, positive.toString());
    assertEquals(positive.maxAbs(), released.maxAbs());
  }

  /**
   * {@code max_abs} comes only from the released signs: it was the K-th largest magnitude of both
   * signs, so 9 negative incomes beyond every positive one made it the largest positive's bound
   * (21,000), above the positives' (9,900), saying that some of the 9 lie beyond them.
   */
  @Test
  void maxAbsComesOnlyFromTheReleasedSigns() {
    List<GenericRecord> records = records(400, 4);
    records.get(20).put("income", 20_000.0);
    for (int i = 0; i < K - 1; i++) {
      records.get(i).put("income", -50_000.0 - i);
    }
    TrainingTable table = TrainingTable.of(records, COLUMNS);

    MagnitudeTransform released =
        ((ContinuousTarget)
                SynthesisRelease.of(DefaultPreparation.of(table), table, K).targets().get(0))
            .transform();

    assertFalse(released.signRanges().containsKey("negative"), released.toString());
    assertEquals(released.signRanges().get("positive").maxAbs(), released.maxAbs());
    assertTrue(released.maxAbs() < 10_000, released.toString());
  }

  /**
   * A target the flow models in fewer than K rows is refused: its mean and deviation are theirs.
   */
  @Test
  void aTargetModelledInFewerThanKRowsIsRefused() {
    List<GenericRecord> records = records(400, 3);
    for (int i = 0; i < records.size(); i++) {
      records.get(i).put("income", i < 4 ? 1000.0 + i : 0.0);
    }
    TrainingTable table = TrainingTable.of(records, COLUMNS);
    PreparedData fitted = DefaultPreparation.of(table);

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> SynthesisRelease.of(fitted, table, K));

    assertEquals(
        "--synthesis 10: target 'income' has 4 nonzero rows that are no point mass, fewer than 10:"
            + " a synthesis bundle would give their amounts away (the log-scale mean and deviation"
            + " of so few values, their magnitude bounds); drop the target, or use a smaller K",
        refused.getMessage());
  }

  /**
   * The released income transform of {@code records} after the 9 smallest and 9 largest positive
   * incomes are set to {@code scale} times 1, 2, ... and 1e6, 2e6, ..., and rows 0..2 to minus
   * {@code scale} times 50.
   */
  private static MagnitudeTransform incomeBounds(List<GenericRecord> records, double scale) {
    List<GenericRecord> changed = new ArrayList<>();
    for (GenericRecord record : records) {
      changed.add(new GenericData.Record((GenericData.Record) record, true));
    }
    for (int i = 0; i < 9; i++) {
      changed.get(10 + i).put("income", scale * (i + 1));
      changed.get(30 + i).put("income", scale * 1e6 * (i + 1));
    }
    for (int i = 0; i < 3; i++) {
      changed.get(i).put("income", -scale * 50);
    }
    TrainingTable table = TrainingTable.of(changed, COLUMNS);
    PreparedData released = SynthesisRelease.of(DefaultPreparation.of(table), table, K);
    return ((ContinuousTarget) released.targets().get(0)).transform();
  }

  /**
   * {@code rows} rows: group a/b, kids 0..2, household size 1..6 (6 on every 10th row), flag 0 with
   * ones on rows 0..2, a rate around 0, income 1,000..10,000, weight 1.
   */
  private static List<GenericRecord> records(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<GenericRecord> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      GenericRecord record = new GenericData.Record(SCHEMA);
      record.put("group", i % 2 == 0 ? "a" : "b");
      record.put("kids", (double) random.nextInt(3));
      record.put("size", i % 10 == 0 ? 6.0 : 1.0 + random.nextInt(5));
      record.put("flag", i < 3 ? 1.0 : 0.0);
      record.put("rate", random.nextGaussian());
      record.put("income", 1000 + 9000 * random.nextDouble());
      record.put("w", 1.0);
      out.add(record);
    }
    return out;
  }

  private static List<Double> range(PreparedData prepared, String condition) {
    return prepared.conditions().stream()
        .filter(spec -> spec.name().equals(condition))
        .map(spec -> ((NumericCondition) spec).trainingRange())
        .findFirst()
        .orElseThrow();
  }

  private static ContinuousTarget income(Manifest manifest) {
    return (ContinuousTarget) manifest.targets().get(0);
  }

  /** Whether {@code bytes} hold {@code value} as a little-endian float32, as ONNX tensors do. */
  private static boolean containsFloat(byte[] bytes, float value) {
    byte[] pattern = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array();
    for (int i = 0; i + 4 <= bytes.length; i++) {
      if (bytes[i] == pattern[0]
          && bytes[i + 1] == pattern[1]
          && bytes[i + 2] == pattern[2]
          && bytes[i + 3] == pattern[3]) {
        return true;
      }
    }
    return false;
  }
}
