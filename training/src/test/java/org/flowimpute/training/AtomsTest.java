package org.flowimpute.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.encode.ConditionEncoder;
import org.flowimpute.infer.BatchImputer;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.training.data.BundleTrainer;
import org.flowimpute.training.data.TrainingColumns;
import org.flowimpute.training.data.TrainingTable;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A heaped amount (a benefit paid at its maximum rate to a known share of recipients) is learnt as
 * a point mass: imputed exactly, with the conditional share of the truth, while the other amounts
 * still come from the flow. Known truth: in group "a" 50 % of the rows are zero, 30 % exactly
 * {@value #HEAP}, 20 % log-normal; in group "b" 50 % zero, 10 % the heap, 40 % log-normal.
 */
class AtomsTest {
  /** A heaped amount with no float32 of its own (the graph's float output is 2444.39990234375). */
  private static final double HEAP = 2444.4;

  private static final int ROWS = 12_000;
  private static final int TEST_ROWS = 20_000;
  private static final Schema SCHEMA =
      SchemaBuilder.record("Row")
          .fields()
          .requiredString("group")
          .requiredDouble("benefit")
          .endRecord();

  private static BundleTrainer.TrainedBundle bundle;
  private static ImputedBatch imputed;
  private static List<String> groups;

  @BeforeAll
  static void trainAndGenerate() {
    TrainingColumns columns =
        new TrainingColumns(List.of("group"), List.of("benefit"), Set.of("group"), null);
    TrainingTable table = TrainingTable.of(rows(ROWS, new SplittableRandom(1)), columns);
    bundle =
        BundleTrainer.of(columns)
            .withSettings(
                TrainingSettings.defaults().withEpochs(6).withPatience(3).withBatchSize(512))
            .train(
                table,
                TrainingDataFingerprint.ofBytes(new byte[] {2}, ROWS),
                TrainingListener.none());
    List<GenericRecord> test = rows(TEST_ROWS, new SplittableRandom(2));
    ConditionEncoder encoder = ConditionEncoder.of(bundle.manifest());
    float[] contexts = new float[TEST_ROWS * encoder.width()];
    List<String> keys = new ArrayList<>();
    groups = new ArrayList<>();
    for (int r = 0; r < TEST_ROWS; r++) {
      GenericRecord record = test.get(r);
      encoder.encode(record, "row " + r, contexts, r * encoder.width());
      keys.add("k" + r);
      groups.add(record.get("group").toString());
    }
    try (BatchImputer imputer =
        BatchImputer.open(bundle.manifest(), bundle::onnx, InferenceOptions.defaults())) {
      imputed = imputer.impute(contexts, keys, 7);
    }
  }

  private static List<GenericRecord> rows(int count, SplittableRandom random) {
    List<GenericRecord> rows = new ArrayList<>(count);
    for (int r = 0; r < count; r++) {
      String group = r % 2 == 0 ? "a" : "b";
      double heapShare = group.equals("a") ? 0.3 : 0.1;
      double u = random.nextDouble();
      double benefit =
          u < 0.5
              ? 0.0
              : u < 0.5 + heapShare ? HEAP : Math.exp(7.5 + 0.6 * random.nextGaussian(0, 1));
      GenericRecord record = new GenericData.Record(SCHEMA);
      record.put("group", group);
      record.put("benefit", benefit);
      rows.add(record);
    }
    return rows;
  }

  @Test
  void theHeapedValueIsAPointMassOfTheManifest() {
    ContinuousTarget benefit = (ContinuousTarget) bundle.manifest().targets().get(0);
    assertEquals(List.of(HEAP), benefit.atoms());
    assertEquals(List.of("zero", "positive", "=2444.4"), benefit.observedStates());
  }

  @Test
  void pointMassSharePerGroupWithinTwoPoints() {
    for (String group : List.of("a", "b")) {
      int rows = 0;
      int heaped = 0;
      int zeros = 0;
      for (int r = 0; r < TEST_ROWS; r++) {
        if (groups.get(r).equals(group)) {
          rows++;
          heaped += imputed.value(r, 0) == HEAP ? 1 : 0;
          zeros += imputed.value(r, 0) == 0 ? 1 : 0;
        }
      }
      double truth = group.equals("a") ? 0.3 : 0.1;
      assertEquals(
          truth, heaped / (double) rows, 0.02, "share of exactly " + HEAP + " in " + group);
      assertEquals(0.5, zeros / (double) rows, 0.02, "zero share in " + group);
    }
  }

  @Test
  void atomStatesGiveExactlyTheAtomAndFlowStatesNeverDo() {
    int atomState = ContinuousTarget.FIRST_ATOM;
    for (int r = 0; r < TEST_ROWS; r++) {
      long state = imputed.gateState(r, 0);
      double value = imputed.value(r, 0);
      if (state == atomState) {
        assertEquals(HEAP, value, "row " + r);
      } else if (state == ContinuousTarget.POSITIVE) {
        assertTrue(value > 0 && value != HEAP, "row " + r + " value " + value);
      } else {
        assertEquals(ContinuousTarget.ZERO, state, "row " + r);
        assertEquals(0, value, "row " + r);
      }
    }
  }
}
