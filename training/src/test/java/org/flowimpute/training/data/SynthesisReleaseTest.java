package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeRange;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ManifestJson;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.OnnxSpec;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.fit.TrainingSummary;
import org.junit.jupiter.api.Test;

/**
 * A bundle trained with synthesis holds no single record's value and no exact row count, in its
 * manifest and in its ONNX graph; an imputation bundle keeps the exact ones.
 */
class SynthesisReleaseTest {

  private static final int ROWS = 617;

  /**
   * The released age range and income bounds come from the 10th smallest and 10th largest values,
   * rounded strictly outward: the outlier age of 999 (one row) is not readable from the range, as
   * it was from the range rounded outward from the exact maximum (1000), and the graph clamps
   * incomes below the largest one (held by one row).
   */
  @Test
  void aSynthesisBundleHoldsNoExactExtremeOrCount() throws OrtException {
    List<GenericRecord> records = withOutlierAge(BundleTrainerTest.rows(ROWS, 7));
    Extremes exact = Extremes.of(records, 1);
    Extremes tenth = Extremes.of(records, 10);

    BundleTrainer.TrainedBundle trained =
        BundleTrainerTest.train(BundleTrainerTest.tiny().withSynthesis(10), records);
    Manifest manifest = trained.manifest();

    NumericCondition age = (NumericCondition) manifest.conditions().get(1);
    assertEquals(List.of(10.0, 80.0), age.trainingRange(), "10th ages " + tenth);
    assertTrue(age.trainingMin() < tenth.ageMin() && age.trainingMax() > tenth.ageMax());
    ContinuousTarget income = (ContinuousTarget) manifest.targets().get(0);
    MagnitudeRange positive = income.transform().signRanges().get("positive");
    assertTrue(positive.minAbs() < tenth.incomeMin(), "released min |x| " + positive.minAbs());
    assertTrue(positive.maxAbs() > tenth.incomeMax(), "released max |x| " + positive.maxAbs());
    assertTrue(positive.maxAbs() < exact.incomeMax(), "released max |x| " + positive.maxAbs());
    assertEquals(positive.maxAbs(), income.transform().maxAbs());
    String json = ManifestJson.toJson(manifest);
    for (double value :
        new double[] {exact.ageMin(), exact.ageMax(), exact.incomeMin(), exact.incomeMax()}) {
      assertFalse(json.contains(Double.toString(value)), value + " is in the manifest");
    }
    assertEquals(620, manifest.trainingData().rows());
    Map<String, Object> settings = manifest.training().settings();
    assertEquals(490L, settings.get("train_rows"));
    assertEquals(120L, settings.get("validation_rows"));
    assertFalse(settings.containsKey("warnings"), "the outlier warning quotes a row's value");
    assertEquals(true, settings.get("rounded_for_release"));
    assertEquals(true, settings.get("extremes_of_k_rows"));
    assertEquals("620", metadata(trained.onnx()).get("flowimpute.data_rows"));
    float clamped = largestImputed(trained.onnx(), manifest);
    assertEquals(positive.maxAbs(), clamped, positive.maxAbs() * 1e-6);
    assertTrue(clamped > tenth.incomeMax() * 1.001, "clamped at " + clamped);
  }

  @Test
  void anImputationBundleKeepsTheExactExtremesAndCounts() throws OrtException {
    List<GenericRecord> records = withOutlierAge(BundleTrainerTest.rows(ROWS, 7));
    Extremes exact = Extremes.of(records, 1);

    BundleTrainer.TrainedBundle trained =
        BundleTrainerTest.train(BundleTrainerTest.tiny(), records);
    Manifest manifest = trained.manifest();

    NumericCondition age = (NumericCondition) manifest.conditions().get(1);
    assertEquals(List.of(exact.ageMin(), exact.ageMax()), age.trainingRange());
    MagnitudeRange positive =
        ((ContinuousTarget) manifest.targets().get(0)).transform().signRanges().get("positive");
    assertEquals(new MagnitudeRange(exact.incomeMin(), exact.incomeMax()), positive);
    assertEquals(ROWS, manifest.trainingData().rows());
    assertEquals(494, manifest.training().settings().get("train_rows"));
    assertEquals(123, manifest.training().settings().get("validation_rows"));
    assertTrue(manifest.training().settings().containsKey("warnings"));
    assertFalse(manifest.training().settings().containsKey("rounded_for_release"));
    assertFalse(manifest.training().settings().containsKey("extremes_of_k_rows"));
    assertEquals(Integer.toString(ROWS), metadata(trained.onnx()).get("flowimpute.data_rows"));
    assertEquals(
        exact.incomeMax(), largestImputed(trained.onnx(), manifest), exact.incomeMax() * 1e-6);
  }

  /**
   * Of train's warnings a synthesis bundle stores only those that declare they quote no record: the
   * outlier warnings (a row and its value), the pooled-categories line (exact row counts) are each
   * made as quoting the data, the early-flow warning (epochs and steps) as not.
   */
  @Test
  void onlyTheWarningsQuotingNoDataAreReleasable() {
    List<GenericRecord> records = withOutlierAge(BundleTrainerTest.rows(ROWS, 7));
    records.get(9).put("income", 1e30);
    for (int i = 0; i < 3; i++) {
      GenericRecord rare = new GenericData.Record((GenericData.Record) records.get(i), true);
      rare.put("group", "zeta");
      records.add(rare);
    }
    TrainingTable table = TrainingTable.of(records, BundleTrainerTest.COLUMNS);
    PreparedData fitted = DefaultPreparation.of(table);
    TrainingWarning earlyFlow =
        EarlyFlowCheckpoint.warning(
                new TrainingSummary(490, 120, 40, true, 30, 1, 0.6, 1.4, 3.5, 0.1, 10),
                TrainingSettings.defaults(),
                true)
            .orElseThrow();

    List<TrainingWarning> warnings =
        new ArrayList<>(ConditionOutliers.warnings(table, fitted.conditions()));
    warnings.addAll(TargetOutliers.warnings(table, fitted.targets()));
    warnings.addAll(
        SynthesisRelease.pooledReports(fitted, SynthesisRelease.of(fitted, table, 10), table, 10));
    warnings.add(earlyFlow);

    assertEquals(4, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).message().contains("999"), warnings.get(0).message());
    assertTrue(warnings.get(1).message().contains("row 10"), warnings.get(1).message());
    assertTrue(warnings.get(2).message().contains("(3 rows in all)"), warnings.get(2).message());
    assertEquals(List.of(earlyFlow), SynthesisRelease.releasable(warnings));
  }

  /** A pool of one row is counted in the singular ("(1 rows in all)" until 2026-12-03). */
  @Test
  void aPoolOfOneRowIsCountedInTheSingular() {
    List<GenericRecord> records = BundleTrainerTest.rows(ROWS, 7);
    GenericRecord rare = new GenericData.Record((GenericData.Record) records.get(0), true);
    rare.put("group", "zeta");
    records.add(rare);
    TrainingTable table = TrainingTable.of(records, BundleTrainerTest.COLUMNS);
    PreparedData fitted = DefaultPreparation.of(table);

    List<TrainingWarning> reports =
        SynthesisRelease.pooledReports(fitted, SynthesisRelease.of(fitted, table, 10), table, 10);

    assertEquals(1, reports.size());
    assertTrue(reports.get(0).message().contains(": 1 of its 4 (1 row in all) trained as"));
  }

  /** The records with one age far beyond the others, as a missing-value code would be. */
  private static List<GenericRecord> withOutlierAge(List<GenericRecord> records) {
    records.get(5).put("age", 999.0);
    return records;
  }

  private static Map<String, String> metadata(byte[] onnx) throws OrtException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession session = environment.createSession(onnx)) {
      return session.getMetadata().getCustomMetadata();
    }
  }

  /** The graph's income for a positive gate and a far-out flow normal: its upper clamp. */
  private static float largestImputed(byte[] onnx, Manifest manifest) throws OrtException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    int width = manifest.dimensions().encodedWidth();
    try (OrtSession session = environment.createSession(onnx);
        OnnxTensor context = tensor(environment, new float[width]);
        OnnxTensor uniform = tensor(environment, new float[] {0.9999f});
        OnnxTensor normal = tensor(environment, new float[] {1000f})) {
      try (OrtSession.Result result =
          session.run(
              Map.of(
                  OnnxSpec.CONTEXT,
                  context,
                  OnnxSpec.GATE_UNIFORM,
                  uniform,
                  OnnxSpec.FLOW_NORMAL,
                  normal))) {
        return ((float[][]) result.get(OnnxSpec.VALUES).orElseThrow().getValue())[0][0];
      }
    }
  }

  private static OnnxTensor tensor(OrtEnvironment environment, float[] values) throws OrtException {
    return OnnxTensor.createTensor(
        environment, FloatBuffer.wrap(values), new long[] {1, values.length});
  }

  /** The k-th smallest and k-th largest age and positive income of the records (1: exact). */
  private record Extremes(double ageMin, double ageMax, double incomeMin, double incomeMax) {
    static Extremes of(List<GenericRecord> records, int k) {
      List<Double> ages = new ArrayList<>();
      List<Double> incomes = new ArrayList<>();
      for (GenericRecord record : records) {
        ages.add((Double) record.get("age"));
        double income = (Double) record.get("income");
        if (income > 0) {
          incomes.add(income);
        }
      }
      ages.sort(null);
      incomes.sort(null);
      return new Extremes(
          ages.get(k - 1),
          ages.get(ages.size() - k),
          incomes.get(k - 1),
          incomes.get(incomes.size() - k));
    }
  }
}
