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
 *
 * <p>Each cell also reports the training sample's own weighted share of positives and its standard
 * error: a model learns the sample, not the truth, so the gap to the truth cannot be expected below
 * the sample's deviation. {@link Result#requiredHouseholds} says how many training households make
 * the check's noise small enough for a tolerance.
 */
public final class HouseholdFidelity {

  private static final List<String> TARGETS =
      List.of(HouseholdDemoModel.WAGE, HouseholdDemoModel.BENEFIT);

  /** The test persons a cell needs to be checked. */
  public static final int MIN_CELL_ROWS = 100;

  /** The positive imputed values a cell needs to be checked (for the standard error of a mean). */
  public static final int MIN_CELL_POSITIVES = 2;

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
      double truthMean,
      double sampleShare,
      double sampleEffectiveRows,
      double modelMeanStandardError) {

    /** |P(>0) model − truth|. */
    public double shareGap() {
      return Math.abs(modelShare - truthShare);
    }

    /**
     * The standard error of the training sample's weighted share of positives in this cell around
     * the truth: sqrt(p (1 − p) / n_Kish), n_Kish = (Σw)² / Σw² of the cell's training persons. The
     * sampling noise floor of {@link #shareGap}.
     */
    public double sampleStandardError() {
      return Math.sqrt(truthShare * (1 - truthShare) / sampleEffectiveRows);
    }

    /** |P(>0) model − training sample's share|: what the model did not learn from its data. */
    public double modelVsSampleGap() {
      return Math.abs(modelShare - sampleShare);
    }

    /** |E model / E truth − 1| over the positives. */
    public double meanGap() {
      return Math.abs(modelMean / truthMean - 1);
    }

    /** One line for reports. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "%-8s children=%d %-15s P(>0) model %.4f truth %.4f training sample %.4f (SE %.4f,"
              + " z %+.1f) | E[x|x>0] model %9.1f (SE %.1f %%) truth %9.1f (%d rows)",
          role.label(),
          children,
          target,
          modelShare,
          truthShare,
          sampleShare,
          sampleStandardError(),
          (sampleShare - truthShare) / sampleStandardError(),
          modelMean,
          100 * modelMeanStandardError,
          truthMean,
          rows);
    }
  }

  /** All cells with the worst gaps and the training time. */
  public record Result(
      List<Cell> cells,
      double worstShareGap,
      double worstMeanGap,
      double seconds,
      int trainHouseholds,
      int testHouseholds) {

    /** The largest {@link Cell#sampleStandardError} over the cells. */
    public double worstSampleStandardError() {
      return cells.stream().mapToDouble(Cell::sampleStandardError).max().orElse(0);
    }

    /** The largest {@link Cell#modelMeanStandardError} over the cells. */
    public double worstMeanStandardError() {
      return cells.stream().mapToDouble(Cell::modelMeanStandardError).max().orElse(0);
    }

    /**
     * Test households at which every cell's Monte Carlo standard error of E[x | x &gt; 0]
     * (relative) is at most {@code tolerance / z} (it shrinks as 1 / sqrt(test households)).
     */
    public int requiredTestHouseholds(double tolerance, double z) {
      double ratio = worstMeanStandardError() / (tolerance / z);
      return (int) Math.ceil(testHouseholds * ratio * ratio);
    }

    /** The largest {@link Cell#modelVsSampleGap} over the cells. */
    public double worstModelVsSampleGap() {
      return cells.stream().mapToDouble(Cell::modelVsSampleGap).max().orElse(0);
    }

    /**
     * Training households at which every cell's sampling standard error is at most {@code tolerance
     * / z} (standard errors shrink as 1 / sqrt(households)): with z = 3.34 a model that learns its
     * sample exactly passes a {@code tolerance} check on 12 cells in 99 % of samples (Bonferroni,
     * two-sided).
     */
    public int requiredHouseholds(double tolerance, double z) {
      double ratio = worstSampleStandardError() / (tolerance / z);
      return (int) Math.ceil(trainHouseholds * ratio * ratio);
    }

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
   * of seed 2 (heads and partners; cells with at least {@link #MIN_CELL_ROWS} rows and {@link
   * #MIN_CELL_POSITIVES} positive values).
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
    List<GenericRecord> training = context.addFeaturesToAll(households(1, trainHouseholds));
    List<GenericRecord> test = context.addFeaturesToAll(households(2, testHouseholds));
    ConditionEncoder encoder = ConditionEncoder.of(bundle.manifest());
    float[] contexts = new float[test.size() * encoder.width()];
    List<String> keys = new ArrayList<>();
    for (int r = 0; r < test.size(); r++) {
      encoder.encode(test.get(r), "row " + (r + 1), contexts, r * encoder.width());
      keys.add(test.get(r).get("person_id").toString());
    }
    ImputedBatch imputed;
    try (BatchImputer imputer =
        BatchImputer.open(bundle.manifest(), bundle::onnx, InferenceOptions.defaults())) {
      imputed = imputer.impute(contexts, keys, 11);
    }
    List<Cell> cells = new ArrayList<>();
    for (HouseholdRole role : List.of(HouseholdRole.HEAD, HouseholdRole.PARTNER)) {
      for (int children = 0; children < 4; children++) {
        for (int t = 0; t < TARGETS.size(); t++) {
          Cell cell = cell(training, test, imputed, role, children, t);
          if (cell != null) {
            cells.add(cell);
          }
        }
      }
    }
    double worstShare = cells.stream().mapToDouble(Cell::shareGap).max().orElse(0);
    double worstMean = cells.stream().mapToDouble(Cell::meanGap).max().orElse(0);
    return new Result(cells, worstShare, worstMean, seconds, trainHouseholds, testHouseholds);
  }

  private static Cell cell(
      List<GenericRecord> training,
      List<GenericRecord> test,
      ImputedBatch imputed,
      HouseholdRole role,
      int children,
      int t) {
    String target = TARGETS.get(t);
    double truth = HouseholdDemoModel.positiveProbability(target, role, children);
    if (truth == 0) {
      return null;
    }
    double probability = 0;
    double positiveSum = 0;
    double positiveSquares = 0;
    int positives = 0;
    int rows = 0;
    for (int r = 0; r < test.size(); r++) {
      GenericRecord person = test.get(r);
      if (!inCell(person, role, children)) {
        continue;
      }
      rows++;
      probability += imputed.gateProbability(r, 3 * t + 2);
      double value = imputed.value(r, t);
      if (value > 0) {
        positives++;
        positiveSum += value;
        positiveSquares += value * value;
      }
    }
    if (rows < MIN_CELL_ROWS || positives < MIN_CELL_POSITIVES) {
      return null;
    }
    double mean = positiveSum / positives;
    double variance = (positiveSquares - positives * mean * mean) / (positives - 1);
    double meanStandardError = Math.sqrt(Math.max(variance, 0) / positives) / mean;
    return new Cell(
        role,
        children,
        target,
        rows,
        probability / rows,
        truth,
        positiveSum / positives,
        HouseholdDemoModel.positiveMean(target, role, children),
        weightedShare(training, role, children, target),
        effectiveRows(training, role, children),
        meanStandardError);
  }

  private static boolean inCell(GenericRecord person, HouseholdRole role, int children) {
    return person.get("role").toString().equals(role.label())
        && (Double) person.get("household_children") == children;
  }

  /** The cell's weighted share of positive {@code target} values. */
  private static double weightedShare(
      List<GenericRecord> persons, HouseholdRole role, int children, String target) {
    double weight = 0;
    double positive = 0;
    for (GenericRecord person : persons) {
      if (inCell(person, role, children)) {
        double w = (Double) person.get("weight");
        weight += w;
        positive += (Double) person.get(target) > 0 ? w : 0;
      }
    }
    return positive / weight;
  }

  /** Kish's effective sample size (Σw)² / Σw² of the cell. */
  private static double effectiveRows(
      List<GenericRecord> persons, HouseholdRole role, int children) {
    double sum = 0;
    double squares = 0;
    for (GenericRecord person : persons) {
      if (inCell(person, role, children)) {
        double w = (Double) person.get("weight");
        sum += w;
        squares += w * w;
      }
    }
    return sum * sum / squares;
  }

  private static List<GenericRecord> households(long seed, int households) {
    List<GenericRecord> out = new ArrayList<>();
    HouseholdDemoPopulation.withSeed(seed).persons(households).forEachRemaining(out::add);
    return out;
  }
}
