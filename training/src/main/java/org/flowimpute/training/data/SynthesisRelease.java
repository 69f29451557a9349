package org.flowimpute.training.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeRange;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.TargetSpec;
import org.flowimpute.bundle.TrainingDataFingerprint;

/**
 * What a bundle trained with {@code --synthesis} says about its training data beyond {@code
 * synthesis.json}: the same specs, provenance and settings as an imputation bundle, but without a
 * value of a single record and without an exact unweighted count. Numeric conditions' training
 * ranges and continuous targets' magnitude bounds (which the ONNX graph and the imputer clamp to)
 * are rounded outward ({@link OutwardRounding}); the data's row count and the training and
 * validation rows are rounded; the training warnings, which quote single rows' values, are left out
 * of the manifest. Categories seen in fewer than K rows are not named: a categorical condition's
 * are pooled into one trained level ({@link CategoryPool}), a categorical target's refused.
 */
final class SynthesisRelease {

  /** Settings that count rows. */
  private static final List<String> COUNTS = List.of("train_rows", "validation_rows");

  /** The setting that quotes single rows (condition and target outliers). */
  static final String WARNINGS = "warnings";

  /** The setting, {@code true}, that tells readers the bundle's counts and bounds are rounded. */
  static final String ROUNDED = "rounded_for_release";

  private SynthesisRelease() {}

  /**
   * {@code prepared} (fitted on {@code table}) with released condition and target specs: the rows
   * encoded again if categories seen in fewer than {@code minRows} rows were pooled, else
   * unchanged.
   *
   * @throws IllegalArgumentException if a categorical target has such a category
   */
  static PreparedData of(PreparedData prepared, TrainingTable table, int minRows) {
    CategoryPool.requireNoRareTargetCategory(prepared.targets(), table, minRows);
    List<ConditionSpec> pooled = new ArrayList<>();
    for (ConditionSpec condition : prepared.conditions()) {
      pooled.add(CategoryPool.of(condition, table, minRows));
    }
    PreparedData encoded =
        pooled.equals(prepared.conditions())
            ? prepared
            : PreparedData.of(table, pooled, prepared.targets());
    List<ConditionSpec> conditions = new ArrayList<>();
    for (ConditionSpec condition : pooled) {
      conditions.add(condition instanceof NumericCondition numeric ? released(numeric) : condition);
    }
    List<TargetSpec> targets = new ArrayList<>();
    for (TargetSpec target : prepared.targets()) {
      targets.add(target instanceof ContinuousTarget continuous ? released(continuous) : target);
    }
    return new PreparedData(conditions, targets, encoded.data());
  }

  /**
   * One line per categorical condition of {@code released} whose categories were pooled ({@link
   * CategoryPool#report}), for {@code train} to print.
   */
  static List<String> pooledReports(
      PreparedData fitted, PreparedData released, TrainingTable table, int minRows) {
    List<String> reports = new ArrayList<>();
    for (int i = 0; i < fitted.conditions().size(); i++) {
      if (fitted.conditions().get(i) instanceof CategoricalCondition exact
          && released.conditions().get(i) instanceof CategoricalCondition pooled
          && pooled.hasPooledCategories()) {
        reports.add(CategoryPool.report(exact, pooled, table, minRows));
      }
    }
    return reports;
  }

  /** The fingerprint with its row count rounded ({@link OutwardRounding#count}). */
  static TrainingDataFingerprint of(TrainingDataFingerprint fingerprint) {
    return new TrainingDataFingerprint(
        fingerprint.sha256(), OutwardRounding.count(fingerprint.rows()));
  }

  /** The settings with their row counts rounded, without warnings, marked {@link #ROUNDED}. */
  static Map<String, Object> settings(Map<String, Object> settings) {
    Map<String, Object> released = new LinkedHashMap<>(settings);
    released.remove(WARNINGS);
    released.put(ROUNDED, true);
    for (String count : COUNTS) {
      if (released.get(count) instanceof Number rows) {
        released.put(count, OutwardRounding.count(rows.longValue()));
      }
    }
    return released;
  }

  private static NumericCondition released(NumericCondition condition) {
    if (!condition.hasTrainingRange()) {
      return condition;
    }
    double[] range = OutwardRounding.range(condition.trainingMin(), condition.trainingMax());
    return new NumericCondition(
        condition.name(), condition.mean(), condition.sd(), range[0], range[1]);
  }

  private static ContinuousTarget released(ContinuousTarget target) {
    MagnitudeTransform exact = target.transform();
    Map<String, MagnitudeRange> ranges = new LinkedHashMap<>();
    exact
        .signRanges()
        .forEach(
            (sign, range) ->
                ranges.put(
                    sign,
                    new MagnitudeRange(
                        OutwardRounding.magnitudeBelow(range.minAbs()),
                        OutwardRounding.magnitudeAbove(range.maxAbs()))));
    MagnitudeTransform transform =
        new MagnitudeTransform(
            exact.mu(),
            exact.sigma(),
            OutwardRounding.magnitudeAbove(exact.maxAbs()),
            exact.clipFactor(),
            ranges,
            exact.unit());
    return new ContinuousTarget(target.name(), target.observedStates(), transform, target.atoms());
  }
}
