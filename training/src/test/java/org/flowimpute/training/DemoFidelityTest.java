package org.flowimpute.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowimpute.avro.DemoPerson;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.demo.DemoCells;
import org.flowimpute.demo.DemoPopulation;
import org.flowimpute.demo.DemoTarget;
import org.flowimpute.demo.DemoTruth;
import org.flowimpute.demo.Demographics;
import org.flowimpute.demo.GateProbabilities;
import org.flowimpute.demo.GateState;
import org.flowimpute.encode.ConditionEncoder;
import org.flowimpute.evaluation.FidelityMetrics;
import org.flowimpute.infer.BatchImputer;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.training.data.BundleTrainer;
import org.flowimpute.training.data.TrainingColumns;
import org.flowimpute.training.data.TrainingTable;
import org.flowimpute.training.fit.LearningRateSchedule;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trains on the demo population and compares what the exported model generates with the demo's
 * KNOWN truth (DemoTruth): the truth of each generated row's own demographics is averaged over the
 * same rows, so only model error (and a little sampling noise) remains.
 */
class DemoFidelityTest {

  private static final List<DemoTarget> TARGETS =
      List.of(
          DemoTarget.WAGE_INCOME,
          DemoTarget.SELF_EMPLOYMENT_INCOME,
          DemoTarget.BENEFIT_INCOME,
          DemoTarget.NET_SAVINGS);
  private static final int TRAIN_ROWS = 60_000;
  private static final int TEST_ROWS = 60_000;

  /**
   * Cell means are compared where at least this share of the cell is nonzero: below it a cell's
   * mean of log-normal amounts rests on a few hundred draws and its sampling error alone exceeds 5
   * %.
   */
  private static final double MIN_NONZERO_SHARE = 0.2;

  private static List<Demographics> demographics;
  private static double[][] real;
  private static ImputedBatch imputed;
  private static final int DRAWS = 4;
  private static ImputedBatch[] draws = new ImputedBatch[DRAWS];

  @BeforeAll
  static void trainAndGenerate() {
    List<String> targets = TARGETS.stream().map(DemoTarget::fieldName).toList();
    TrainingColumns columns =
        new TrainingColumns(
            List.of(
                "region", "household_size", "age", "sex", "education", "employment", "citizenship"),
            targets,
            Set.of("region", "sex", "education", "employment", "citizenship"),
            "weight");
    TrainingTable table = TrainingTable.of(persons(1, TRAIN_ROWS), columns);
    BundleTrainer.TrainedBundle bundle =
        BundleTrainer.of(columns)
            .withArchitecture(Architecture.defaults())
            .withSettings(
                TrainingSettings.defaults()
                    .withEpochs(40)
                    .withPatience(8)
                    .withBatchSize(1024)
                    .withLearningRate(2e-3f)
                    .withSchedule(LearningRateSchedule.PLATEAU))
            .train(
                table,
                TrainingDataFingerprint.ofBytes(new byte[] {1}, TRAIN_ROWS),
                new TrainingListener() {
                  @Override
                  public void epochEnded(org.flowimpute.training.fit.EpochReport report) {
                    System.out.printf(
                        "epoch %d train %.3f val gate %.4f flow %.4f %.1fs%n",
                        report.epoch(),
                        report.trainNll(),
                        report.validationGateNll(),
                        report.validationFlowNll(),
                        report.seconds());
                  }
                });
    List<DemoPerson> test = persons(2, TEST_ROWS);
    ConditionEncoder encoder = ConditionEncoder.of(bundle.manifest());
    float[] contexts = new float[TEST_ROWS * encoder.width()];
    List<String> keys = new ArrayList<>();
    demographics = new ArrayList<>();
    real = new double[TEST_ROWS][TARGETS.size()];
    for (int r = 0; r < TEST_ROWS; r++) {
      DemoPerson person = test.get(r);
      encoder.encode(person, "row " + r, contexts, r * encoder.width());
      keys.add(person.getPersonId().toString());
      demographics.add(Demographics.of(person));
      for (int t = 0; t < TARGETS.size(); t++) {
        real[r][t] = (Double) person.get(TARGETS.get(t).fieldName());
      }
    }
    try (BatchImputer imputer =
        BatchImputer.open(bundle.manifest(), bundle::onnx, InferenceOptions.defaults())) {
      for (int seed = 0; seed < DRAWS; seed++) {
        draws[seed] = imputer.impute(contexts, keys, 3 + seed);
      }
      imputed = draws[0];
    }
  }

  private static List<DemoPerson> persons(long seed, int rows) {
    List<DemoPerson> out = new ArrayList<>(rows);
    Iterator<DemoPerson> it = DemoPopulation.withSeed(seed).persons(rows);
    it.forEachRemaining(out::add);
    return out;
  }

  private static Map<String, List<Integer>> cells(
      java.util.function.Function<Demographics, String> cellOf) {
    Map<String, List<Integer>> cells = new LinkedHashMap<>();
    for (int r = 0; r < TEST_ROWS; r++) {
      cells.computeIfAbsent(cellOf.apply(demographics.get(r)), c -> new ArrayList<>()).add(r);
    }
    cells.values().removeIf(rows -> rows.size() < 2_000);
    assertTrue(cells.size() >= 2, "cells with at least 2,000 test rows: " + cells.keySet());
    return cells;
  }

  @Test
  void gateStateProbabilitiesPerCellWithinTwoPoints() {
    DemoTruth truth = DemoTruth.get();
    double worst = 0;
    for (Map.Entry<String, List<Integer>> cell : cells(DemoCells.EMPLOYMENT_BY_SEX).entrySet()) {
      for (int t = 0; t < TARGETS.size(); t++) {
        double[] expected = new double[3];
        double[] model = new double[3];
        for (int r : cell.getValue()) {
          GateProbabilities p = truth.gate(demographics.get(r), TARGETS.get(t));
          expected[0] += p.negative();
          expected[1] += p.zero();
          expected[2] += p.positive();
          for (int state = 0; state < 3; state++) {
            model[state] += imputed.gateProbability(r, 3 * t + state);
          }
        }
        for (int s = 0; s < 3; s++) {
          double gap = Math.abs(model[s] - expected[s]) / cell.getValue().size();
          worst = Math.max(worst, gap);
          System.out.printf(
              "gate %s %s state %d model %.4f truth %.4f%n",
              cell.getKey(),
              TARGETS.get(t).fieldName(),
              s,
              model[s] / cell.getValue().size(),
              expected[s] / cell.getValue().size());
        }
      }
    }
    assertTrue(worst <= 0.02, "worst gate probability gap " + worst);
  }

  /**
   * E[x⁺ | region] and E[x⁻ | region] (positive and negative parts) are compared separately: for a
   * signed target the net mean is a difference of two large numbers and its relative error says
   * little. Regions, not employment-by-sex cells: in the smaller cells a few hundred log-normal
   * training values leave a sampling error of the training data itself near 5 %.
   */
  @Test
  void conditionalMeansPerCellWithinFivePercent() {
    DemoTruth truth = DemoTruth.get();
    double worst = 0;
    int compared = 0;
    for (Map.Entry<String, List<Integer>> cell : cells(DemoCells.REGION).entrySet()) {
      for (int t = 0; t < TARGETS.size(); t++) {
        for (GateState sign : List.of(GateState.POSITIVE, GateState.NEGATIVE)) {
          double expected = 0;
          double model = 0;
          double share = 0;
          for (int r : cell.getValue()) {
            Demographics d = demographics.get(r);
            double p = truth.gate(d, TARGETS.get(t)).of(sign);
            share += p;
            if (p > 0) {
              expected += p * truth.magnitudeMean(d, TARGETS.get(t), sign);
            }
            for (ImputedBatch draw : draws) {
              double value = draw.value(r, t);
              model +=
                  (sign == GateState.POSITIVE ? Math.max(value, 0) : Math.max(-value, 0)) / DRAWS;
            }
          }
          if (share < MIN_NONZERO_SHARE * cell.getValue().size()) {
            continue;
          }
          double gap = Math.abs(model - expected) / expected;
          System.out.printf(
              "mean %s %s %s model %.1f truth %.1f gap %.3f%n",
              cell.getKey(),
              TARGETS.get(t).fieldName(),
              sign,
              model / cell.getValue().size(),
              expected / cell.getValue().size(),
              gap);
          worst = Math.max(worst, gap);
          compared++;
        }
      }
    }
    assertTrue(compared >= TARGETS.size(), "only " + compared + " cell means compared");
    assertTrue(worst <= 0.05, "worst relative mean gap " + worst);
  }

  @Test
  void signSharesWithinOnePoint() {
    DemoTruth truth = DemoTruth.get();
    for (int t = 0; t < TARGETS.size(); t++) {
      double[] expected = new double[3];
      double[] model = new double[3];
      for (int r = 0; r < TEST_ROWS; r++) {
        GateProbabilities p = truth.gate(demographics.get(r), TARGETS.get(t));
        expected[0] += p.negative() / TEST_ROWS;
        expected[2] += p.positive() / TEST_ROWS;
        double value = imputed.value(r, t);
        model[0] += value < 0 ? 1.0 / TEST_ROWS : 0;
        model[2] += value > 0 ? 1.0 / TEST_ROWS : 0;
      }
      System.out.printf(
          "signs %s model -%.4f +%.4f truth -%.4f +%.4f%n",
          TARGETS.get(t).fieldName(), model[0], model[2], expected[0], expected[2]);
      assertTrue(Math.abs(model[0] - expected[0]) <= 0.01, TARGETS.get(t) + " negative share");
      assertTrue(Math.abs(model[2] - expected[2]) <= 0.01, TARGETS.get(t) + " positive share");
    }
  }

  @Test
  void targetCorrelationsWithinFivePoints() {
    double[][] realLog = new double[TEST_ROWS][];
    double[][] modelLog = new double[TEST_ROWS][];
    for (int r = 0; r < TEST_ROWS; r++) {
      realLog[r] = new double[TARGETS.size()];
      modelLog[r] = new double[TARGETS.size()];
      for (int t = 0; t < TARGETS.size(); t++) {
        realLog[r][t] = signedLog(real[r][t]);
        modelLog[r][t] = signedLog(imputed.value(r, t));
      }
    }
    double[][] cr =
        new org.apache.commons.math3.stat.correlation.PearsonsCorrelation(realLog)
            .getCorrelationMatrix()
            .getData();
    double[][] cm =
        new org.apache.commons.math3.stat.correlation.PearsonsCorrelation(modelLog)
            .getCorrelationMatrix()
            .getData();
    double worst = 0;
    for (int a = 0; a < TARGETS.size(); a++) {
      for (int b = a + 1; b < TARGETS.size(); b++) {
        System.out.printf(
            "corr %s %s model %.3f real %.3f%n",
            TARGETS.get(a).fieldName(), TARGETS.get(b).fieldName(), cm[a][b], cr[a][b]);
        worst = Math.max(worst, Math.abs(cr[a][b] - cm[a][b]));
      }
    }
    System.out.printf(
        "correlation matrix error %.4f%n", FidelityMetrics.correlationError(realLog, modelLog));
    assertTrue(worst <= 0.05, "worst correlation gap " + worst);
  }

  @Test
  void wageAndBenefitAreNeverBothPositive() {
    int violations = 0;
    for (int r = 0; r < TEST_ROWS; r++) {
      if (imputed.value(r, 0) > 0 && imputed.value(r, 2) > 0) {
        violations++;
      }
    }
    System.out.printf("wage & benefit both positive: %d of %d%n", violations, TEST_ROWS);
    assertTrue(violations <= 0.005 * TEST_ROWS, violations + " rows with wage and benefit");
  }

  private static double signedLog(double x) {
    return Math.signum(x) * Math.log1p(Math.abs(x));
  }
}
