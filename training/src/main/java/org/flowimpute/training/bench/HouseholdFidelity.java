package org.flowimpute.training.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.demo.HouseholdDemoModel;
import org.flowimpute.demo.HouseholdDemoPopulation;
import org.flowimpute.demo.HouseholdRole;
import org.flowimpute.encode.ConditionEncoder;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.infer.BatchImputer;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.training.data.BundleTrainer;
import org.flowimpute.training.data.TrainingColumns;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;

/**
 * Trains on the household demo and compares the exported model with the demo's known truth per
 * (role, number of children) cell: P(target &gt; 0) (the model's gate probability, averaged over
 * the cell) and E[target | target &gt; 0] (imputed values). The truth depends on the number of
 * children, which no record carries: a household-aware model ({@code householdAware}) sees it
 * through its household features, a person-level model (the baseline) cannot.
 */
public final class HouseholdFidelity {

  private static final List<String> TARGETS =
      List.of(HouseholdDemoModel.WAGE, HouseholdDemoModel.BENEFIT);

  private HouseholdFidelity() {}

  /** One cell's comparison. */
  public record Cell(
      HouseholdRole role,
      int children,
      String target,
      int rows,
      double modelShare,
      double truthShare,
      double modelMean,
      double truthMean) {

    /** |P(>0) model − truth|. */
    public double shareGap() {
      return Math.abs(modelShare - truthShare);
    }

    /** |E model / E truth − 1| over the positives. */
    public double meanGap() {
      return Math.abs(modelMean / truthMean - 1);
    }

    /** One line for reports. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "%-8s children=%d %-15s P(>0) model %.4f truth %.4f | E[x|x>0] model %9.1f truth %9.1f"
              + " (%d rows)",
          role.label(),
          children,
          target,
          modelShare,
          truthShare,
          modelMean,
          truthMean,
          rows);
    }
  }

  /** All cells with the worst gaps and the training time. */
  public record Result(
      List<Cell> cells, double worstShareGap, double worstMeanGap, double seconds) {

    /** The cell of {@code role}, {@code children}, {@code target}. */
    public Cell cell(HouseholdRole role, int children, String target) {
      return cells.stream()
          .filter(c -> c.role() == role && c.children() == children && c.target().equals(target))
          .findFirst()
          .orElseThrow();
    }
  }

  /**
   * Trains on {@code trainHouseholds} households of seed 1 and evaluates on {@code testHouseholds}
   * of seed 2 (heads and partners; cells with at least 100 rows).
   */
  public static Result measure(
      int trainHouseholds,
      int testHouseholds,
      TrainingSettings settings,
      Architecture architecture,
      boolean householdAware) {
    HouseholdContext context = HouseholdContext.standard("household_id", "age");
    BundleTrainer trainer =
        BundleTrainer.of(new TrainingColumns(List.of("role"), TARGETS, Set.of("role"), "weight"))
            .withSettings(settings)
            .withArchitecture(architecture);
    if (householdAware) {
      trainer = trainer.withHousehold(context);
    }
    long start = System.nanoTime();
    BundleTrainer.TrainedBundle bundle =
        trainer.train(
            trainer.table(households(1, trainHouseholds)),
            TrainingDataFingerprint.ofBytes(new byte[] {7}, trainHouseholds),
            new TrainingListener() {});
    double seconds = (System.nanoTime() - start) / 1e9;
    List<GenericRecord> test = context.addFeaturesToAll(households(2, testHouseholds));
    ConditionEncoder encoder = ConditionEncoder.of(bundle.manifest());
    float[] contexts = new float[test.size() * encoder.width()];
    List<String> keys = new ArrayList<>();
    for (int r = 0; r < test.size(); r++) {
      encoder.encode(test.get(r), "row " + r, contexts, r * encoder.width());
      keys.add(test.get(r).get("person_id").toString());
    }
    ImputedBatch imputed;
    try (BatchImputer imputer =
        BatchImputer.open(bundle.manifest().modelId(), bundle::onnx, InferenceOptions.defaults())) {
      imputed = imputer.impute(contexts, keys, 11);
    }
    List<Cell> cells = new ArrayList<>();
    for (HouseholdRole role : List.of(HouseholdRole.HEAD, HouseholdRole.PARTNER)) {
      for (int children = 0; children < 4; children++) {
        for (int t = 0; t < TARGETS.size(); t++) {
          Cell cell = cell(test, imputed, role, children, t);
          if (cell != null) {
            cells.add(cell);
          }
        }
      }
    }
    double worstShare = cells.stream().mapToDouble(Cell::shareGap).max().orElse(0);
    double worstMean = cells.stream().mapToDouble(Cell::meanGap).max().orElse(0);
    return new Result(cells, worstShare, worstMean, seconds);
  }

  private static Cell cell(
      List<GenericRecord> test, ImputedBatch imputed, HouseholdRole role, int children, int t) {
    String target = TARGETS.get(t);
    double truth = HouseholdDemoModel.positiveProbability(target, role, children);
    if (truth == 0) {
      return null;
    }
    double probability = 0;
    double positiveSum = 0;
    int positives = 0;
    int rows = 0;
    for (int r = 0; r < test.size(); r++) {
      GenericRecord person = test.get(r);
      if (!person.get("role").toString().equals(role.label())
          || (Double) person.get("household_children") != children) {
        continue;
      }
      rows++;
      probability += imputed.gateProbability(r, 3 * t + 2);
      double value = imputed.value(r, t);
      if (value > 0) {
        positives++;
        positiveSum += value;
      }
    }
    if (rows < 100 || positives == 0) {
      return null;
    }
    return new Cell(
        role,
        children,
        target,
        rows,
        probability / rows,
        truth,
        positiveSum / positives,
        HouseholdDemoModel.positiveMean(target, role, children));
  }

  private static List<GenericRecord> households(long seed, int households) {
    List<GenericRecord> out = new ArrayList<>();
    HouseholdDemoPopulation.withSeed(seed).persons(households).forEachRemaining(out::add);
    return out;
  }
}
