package org.flowimpute.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.flowimpute.avro.DemoPerson;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.demo.DemoPopulation;
import org.flowimpute.demo.DemoTarget;
import org.flowimpute.demo.DemoTruth;
import org.flowimpute.demo.Demographics;
import org.flowimpute.demo.GateState;
import org.flowimpute.encode.ConditionEncoder;
import org.flowimpute.encode.ObservedTargetEncoder;
import org.flowimpute.infer.BatchImputer;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.training.data.BundleTrainer;
import org.flowimpute.training.data.TrainingColumns;
import org.flowimpute.training.data.TrainingTable;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trains a {@code --missing-targets} model on the demo population and checks imputation of the
 * missing targets given an observed one against the demo's truth:
 *
 * <ul>
 *   <li>E[wage | employed, investment in a band]: the demo's wage and investment share a latent
 *       factor (log-magnitude correlation 0.36), so the band moves the wage mean. The truth is a
 *       Monte Carlo estimate from the demo generator itself (400,000 persons, the generator IS the
 *       truth; its standard error is printed and is below 1 %);
 *   <li>P(benefit &gt; 0 | d, wage observed = 0) exactly from {@link DemoTruth} with the parent
 *       gate given, and benefit never positive when a positive wage is observed (exact truth: 0);
 *   <li>observed values come back unchanged, and with nothing observed the model still imputes
 *       plain sign shares within one point of the truth.
 * </ul>
 */
class MissingTargetFidelityTest {

  private static final List<DemoTarget> TARGETS =
      List.of(DemoTarget.WAGE_INCOME, DemoTarget.BENEFIT_INCOME, DemoTarget.INVESTMENT_INCOME);
  private static final int WAGE = 0;
  private static final int BENEFIT = 1;
  private static final int INVESTMENT = 2;
  private static final int TRAIN_ROWS = 40_000;
  private static final int TEST_ROWS = 40_000;
  private static final int TRUTH_ROWS = 400_000;
  private static final int DRAWS = 4;
  private static final double BAND_EDGE = 1_500;

  private static final List<DoublePredicate> BANDS =
      List.of(x -> x == 0, x -> x > 0 && x <= BAND_EDGE, x -> x > BAND_EDGE);
  private static final List<String> BAND_NAMES =
      List.of("investment = 0", "0 < investment <= 1500", "investment > 1500");

  private static BundleTrainer.TrainedBundle bundle;
  private static List<DemoPerson> test;
  private static float[] contexts;
  private static List<String> keys;

  @BeforeAll
  static void train() {
    TrainingColumns columns =
        new TrainingColumns(
            List.of(
                "region", "household_size", "age", "sex", "education", "employment", "citizenship"),
            TARGETS.stream().map(DemoTarget::fieldName).toList(),
            Set.of("region", "sex", "education", "employment", "citizenship"),
            "weight");
    TrainingTable table = TrainingTable.of(persons(1, TRAIN_ROWS), columns);
    bundle =
        BundleTrainer.of(columns)
            .withMissingTargets(true)
            .withArchitecture(Architecture.defaults())
            .withSettings(
                TrainingSettings.defaults()
                    .withEpochs(30)
                    .withPatience(6)
                    .withBatchSize(1024)
                    .withLearningRate(2e-3f))
            .train(
                table,
                TrainingDataFingerprint.ofBytes(new byte[] {2}, TRAIN_ROWS),
                TrainingListener.none());
    test = persons(2, TEST_ROWS);
    ConditionEncoder encoder = ConditionEncoder.of(bundle.manifest());
    contexts = new float[TEST_ROWS * encoder.width()];
    keys = new ArrayList<>();
    for (int r = 0; r < TEST_ROWS; r++) {
      encoder.encode(test.get(r), "row " + r, contexts, r * encoder.width());
      keys.add(test.get(r).getPersonId().toString());
    }
  }

  private static List<DemoPerson> persons(long seed, int rows) {
    List<DemoPerson> out = new ArrayList<>(rows);
    Iterator<DemoPerson> it = DemoPopulation.withSeed(seed).persons(rows);
    it.forEachRemaining(out::add);
    return out;
  }

  /** Imputes the test persons with the targets in {@code observed} taken from the real records. */
  private static ImputedBatch[] impute(Set<Integer> observed) {
    ObservedTargetEncoder encoder = ObservedTargetEncoder.of(bundle.manifest().targets());
    SchemaBuilder.FieldAssembler<Schema> fields =
        SchemaBuilder.record("Observed").namespace("test").fields();
    for (int t : observed) {
      fields = fields.requiredDouble(TARGETS.get(t).fieldName());
    }
    Schema schema = fields.endRecord();
    float[] encoded = new float[TEST_ROWS * encoder.width()];
    float[] values = new float[TEST_ROWS * TARGETS.size()];
    for (int r = 0; r < TEST_ROWS; r++) {
      GenericData.Record record = new GenericData.Record(schema);
      for (int t : observed) {
        record.put(TARGETS.get(t).fieldName(), test.get(r).get(TARGETS.get(t).fieldName()));
      }
      encoder.encode(record, "row " + r, encoded, r * encoder.width(), values, r * TARGETS.size());
    }
    ImputedBatch[] draws = new ImputedBatch[DRAWS];
    try (BatchImputer imputer =
        BatchImputer.open(bundle.manifest(), bundle::onnx, InferenceOptions.defaults())) {
      for (int seed = 0; seed < DRAWS; seed++) {
        draws[seed] = imputer.impute(contexts, encoded, values, keys, 10 + seed);
      }
    }
    return draws;
  }

  private static double real(int row, int target) {
    return (Double) test.get(row).get(TARGETS.get(target).fieldName());
  }

  @Test
  void wageMeanGivenObservedInvestmentBandWithinFivePercentOfGeneratorTruth() {
    double[][] truth = monteCarloWageByInvestmentBand();
    ImputedBatch[] draws = impute(Set.of(INVESTMENT));
    double[] model = new double[BANDS.size()];
    int[] count = new int[BANDS.size()];
    for (int r = 0; r < TEST_ROWS; r++) {
      if (!"employed".equals(test.get(r).getEmployment().toString())) {
        continue;
      }
      int band = bandOf(real(r, INVESTMENT));
      count[band]++;
      for (ImputedBatch draw : draws) {
        model[band] += draw.value(r, WAGE) / DRAWS;
        assertEquals((float) real(r, INVESTMENT), draw.value(r, INVESTMENT), 0f);
      }
    }
    for (int b = 0; b < BANDS.size(); b++) {
      double mean = model[b] / count[b];
      double gap = Math.abs(mean - truth[b][0]) / truth[b][0];
      System.out.printf(
          "E[wage | employed, %s]: model %.1f (%d persons) truth %.1f (MC se %.1f) gap %.3f%n",
          BAND_NAMES.get(b), mean, count[b], truth[b][0], truth[b][1], gap);
      assertTrue(truth[b][1] / truth[b][0] < 0.01, "Monte Carlo truth too noisy");
      assertTrue(gap <= 0.05, BAND_NAMES.get(b) + ": gap " + gap);
    }
    // The bands really differ in the truth, so a model that ignored the observed value would fail.
    assertTrue(truth[2][0] / truth[1][0] > 1.15, "truth moves with the band");
  }

  /** Mean and standard error of wage per investment band among employed generated persons. */
  private static double[][] monteCarloWageByInvestmentBand() {
    double[] sum = new double[BANDS.size()];
    double[] sumSquares = new double[BANDS.size()];
    long[] count = new long[BANDS.size()];
    Iterator<DemoPerson> persons = DemoPopulation.withSeed(3).persons(TRUTH_ROWS);
    while (persons.hasNext()) {
      DemoPerson person = persons.next();
      if (!"employed".equals(person.getEmployment().toString())) {
        continue;
      }
      int band = bandOf(person.getInvestmentIncome());
      double wage = person.getWageIncome();
      sum[band] += wage;
      sumSquares[band] += wage * wage;
      count[band]++;
    }
    double[][] out = new double[BANDS.size()][2];
    for (int b = 0; b < BANDS.size(); b++) {
      double mean = sum[b] / count[b];
      double variance = sumSquares[b] / count[b] - mean * mean;
      out[b][0] = mean;
      out[b][1] = Math.sqrt(variance / count[b]);
    }
    return out;
  }

  private static int bandOf(double investment) {
    for (int b = 0; b < BANDS.size(); b++) {
      if (BANDS.get(b).test(investment)) {
        return b;
      }
    }
    throw new IllegalArgumentException("no band for " + investment);
  }

  @Test
  void benefitGateGivenObservedWageFollowsTheExactTruth() {
    DemoTruth truth = DemoTruth.get();
    ImputedBatch[] draws = impute(Set.of(WAGE));
    double model = 0;
    double expected = 0;
    int zeroWage = 0;
    int positiveWageWithBenefit = 0;
    int positiveWage = 0;
    for (int r = 0; r < TEST_ROWS; r++) {
      if (real(r, WAGE) > 0) {
        positiveWage++;
        for (ImputedBatch draw : draws) {
          positiveWageWithBenefit += draw.value(r, BENEFIT) > 0 ? 1 : 0;
        }
        continue;
      }
      zeroWage++;
      expected +=
          truth
              .gate(
                  Demographics.of(test.get(r)),
                  DemoTarget.BENEFIT_INCOME,
                  Map.of(DemoTarget.WAGE_INCOME, GateState.ZERO))
              .positive();
      model += draws[0].gateProbability(r, 3 * BENEFIT + 2);
    }
    System.out.printf(
        "P(benefit > 0 | wage = 0 observed): model %.4f exact %.4f (%d persons);"
            + " benefit > 0 with observed wage > 0: %d of %d draws%n",
        model / zeroWage,
        expected / zeroWage,
        zeroWage,
        positiveWageWithBenefit,
        positiveWage * DRAWS);
    assertTrue(Math.abs(model - expected) / zeroWage <= 0.02, "benefit gate given wage = 0");
    assertTrue(
        positiveWageWithBenefit <= 0.005 * positiveWage * DRAWS,
        positiveWageWithBenefit + " draws with benefit despite an observed wage");
  }

  @Test
  void withNothingObservedSignSharesStayWithinOnePoint() {
    DemoTruth truth = DemoTruth.get();
    ImputedBatch[] draws = impute(Set.of());
    for (int t = 0; t < TARGETS.size(); t++) {
      double expected = 0;
      double model = 0;
      for (int r = 0; r < TEST_ROWS; r++) {
        expected += truth.gate(Demographics.of(test.get(r)), TARGETS.get(t)).positive();
        model += draws[0].value(r, t) > 0 ? 1 : 0;
      }
      System.out.printf(
          "nothing observed: P(%s > 0) model %.4f truth %.4f%n",
          TARGETS.get(t).fieldName(), model / TEST_ROWS, expected / TEST_ROWS);
      assertTrue(Math.abs(model - expected) / TEST_ROWS <= 0.01, TARGETS.get(t) + " share");
    }
  }
}
