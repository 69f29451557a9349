package org.flowimpute.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeRange;
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
import org.junit.jupiter.api.Test;

/**
 * Amounts far below 1 (log1p is nearly linear there, so much of a flow's mass lies below magnitude
 * 0) and a target whose losses are far smaller than its gains: every imputed amount keeps its
 * gate's sign and stays within the range training saw for that sign. Before the per-sign ranges, a
 * quarter of the small amounts came out as exactly 0 in a positive state, and negative amounts
 * reached the largest positive magnitude.
 */
class SmallAmountsTest {
  private static final int ROWS = 4_000;
  private static final Schema SCHEMA =
      SchemaBuilder.record("Row")
          .fields()
          .requiredString("group")
          .requiredDouble("small")
          .requiredDouble("balance")
          .endRecord();

  @Test
  void everyAmountKeepsItsSignAndItsSignsTrainingRange() {
    TrainingColumns columns =
        new TrainingColumns(List.of("group"), List.of("small", "balance"), Set.of("group"), null);
    TrainingTable table = TrainingTable.of(rows(ROWS, new SplittableRandom(1)), columns);
    BundleTrainer.TrainedBundle bundle =
        BundleTrainer.of(columns)
            .withSettings(
                TrainingSettings.defaults().withEpochs(3).withPatience(3).withBatchSize(256))
            .train(
                table,
                TrainingDataFingerprint.ofBytes(new byte[] {3}, ROWS),
                TrainingListener.none());
    List<ContinuousTarget> targets = bundle.manifest().continuousTargets();
    Map<String, MagnitudeRange> small = targets.get(0).transform().signRanges();
    Map<String, MagnitudeRange> balance = targets.get(1).transform().signRanges();
    assertTrue(small.get("positive").maxAbs() <= 1e-3, small.toString());
    assertTrue(balance.get("negative").maxAbs() <= 500, balance.toString());
    assertTrue(balance.get("positive").maxAbs() > 1e5, balance.toString());

    ImputedBatch imputed = imputed(bundle, 2, 7);
    int checked = 0;
    for (int r = 0; r < ROWS; r++) {
      for (int t = 0; t < 2; t++) {
        int state = (int) imputed.gateState(r, t);
        double value = imputed.value(r, t);
        if (!ContinuousTarget.hasMagnitude(state)) {
          continue;
        }
        Map<String, MagnitudeRange> ranges = t == 0 ? small : balance;
        MagnitudeRange range =
            ranges.get(state == ContinuousTarget.NEGATIVE ? "negative" : "positive");
        assertEquals(
            state == ContinuousTarget.NEGATIVE ? -1.0 : 1.0,
            Math.signum(value),
            "row " + r + " target " + t + " state " + state + " value " + value);
        assertTrue(
            Math.abs(value) >= range.minAbs() && Math.abs(value) <= range.maxAbs(),
            "row " + r + " target " + t + ": " + value + " outside " + range);
        checked++;
      }
    }
    assertTrue(checked > ROWS, "amounts checked: " + checked);
  }

  /**
   * The shape of amounts far below 1: logged in micro-units (unit 1e-6), the log-uniform amounts
   * come out with a third of them in each decade and at most 2 % at the smallest training amount
   * (1.1 % here after 30 epochs). Logged in units of 1, log1p was nearly the identity there: the
   * decades came out 0.28 / 0.40 / 0.32 and 5.8 % of the amounts sat at the smallest amount.
   */
  @Test
  void amountsFarBelowOneKeepTheirShape() {
    TrainingColumns columns =
        new TrainingColumns(List.of("group"), List.of("small", "balance"), Set.of("group"), null);
    TrainingTable table = TrainingTable.of(rows(ROWS, new SplittableRandom(3)), columns);
    BundleTrainer.TrainedBundle bundle =
        BundleTrainer.of(columns)
            .withSettings(TrainingSettings.defaults().withEpochs(30).withBatchSize(256))
            .train(
                table,
                TrainingDataFingerprint.ofBytes(new byte[] {4}, ROWS),
                TrainingListener.none());
    ContinuousTarget small = bundle.manifest().continuousTargets().get(0);
    assertEquals(1e-6, small.transform().unit(), 0.0);
    assertEquals(1.0, bundle.manifest().continuousTargets().get(1).transform().unit(), 0.0);

    double[] amounts = imputedSmallAmounts(bundle);
    double smallest = small.transform().signRanges().get("positive").minAbs();
    int[] decades = new int[3];
    int atSmallest = 0;
    for (double amount : amounts) {
      decades[Math.min(2, Math.max(0, (int) Math.floor(Math.log10(amount) + 6)))]++;
      atSmallest += amount <= smallest * (1 + 1e-6) ? 1 : 0;
    }
    for (int decade = 0; decade < 3; decade++) {
      assertEquals(
          1.0 / 3, decades[decade] / (double) amounts.length, 0.04, Arrays.toString(decades));
    }
    assertTrue(atSmallest < 0.02 * amounts.length, atSmallest + " of " + amounts.length);
  }

  private static double[] imputedSmallAmounts(BundleTrainer.TrainedBundle bundle) {
    ImputedBatch imputed = imputed(bundle, 5, 11);
    double[] amounts = new double[ROWS];
    for (int r = 0; r < ROWS; r++) {
      amounts[r] = imputed.value(r, 0);
    }
    return amounts;
  }

  /**
   * The bundle's imputations of {@link #ROWS} rows drawn with {@code rowSeed}, noise seed given.
   */
  private static ImputedBatch imputed(
      BundleTrainer.TrainedBundle bundle, long rowSeed, long noiseSeed) {
    List<GenericRecord> test = rows(ROWS, new SplittableRandom(rowSeed));
    ConditionEncoder encoder = ConditionEncoder.of(bundle.manifest());
    float[] contexts = new float[ROWS * encoder.width()];
    List<String> keys = new ArrayList<>();
    for (int r = 0; r < ROWS; r++) {
      encoder.encode(test.get(r), "row " + r, contexts, r * encoder.width());
      keys.add("k" + r);
    }
    try (BatchImputer imputer =
        BatchImputer.open(bundle.manifest(), bundle::onnx, InferenceOptions.defaults())) {
      return imputer.impute(contexts, keys, noiseSeed);
    }
  }

  /**
   * small: log-uniform on [1e-6, 1e-3], never zero. balance: 10 % losses of 1 to 500, 90 % gains
   * log-normal around 20,000 (group b ten times larger), up to about 1e6.
   */
  private static List<GenericRecord> rows(int n, SplittableRandom random) {
    List<GenericRecord> rows = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      boolean b = random.nextBoolean();
      GenericData.Record row = new GenericData.Record(SCHEMA);
      row.put("group", b ? "b" : "a");
      row.put("small", Math.exp(Math.log(1e-6) + random.nextDouble() * Math.log(1e3)));
      double balance =
          random.nextDouble() < 0.1
              ? -(1 + random.nextDouble() * 499)
              : Math.min(1e6, Math.exp(Math.log(b ? 2e5 : 2e4) + random.nextGaussian()));
      row.put("balance", balance);
      rows.add(row);
    }
    return rows;
  }
}
