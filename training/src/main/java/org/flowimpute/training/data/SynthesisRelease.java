package org.flowimpute.training.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeRange;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.TargetSpec;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.bundle.UnknownCategoryPolicy;

/**
 * What a bundle trained with {@code --synthesis} says about its training data beyond {@code
 * synthesis.json}: the same specs, provenance and settings as an imputation bundle, but without a
 * value of a single record and without an exact unweighted count. Numeric conditions' training
 * ranges and continuous targets' magnitude bounds (which the ONNX graph and the imputer clamp to)
 * are rounded outward ({@link OutwardRounding}); the data's row count and the training and
 * validation rows are rounded; of the training warnings only those quoting no record and no exact
 * count ({@link TrainingWarning#releasable}) are stored. Categories seen in fewer than K rows are
 * not named: a categorical condition's are pooled into one trained level ({@link CategoryPool}), a
 * categorical target's refused; such a condition is written under policy OTHER whatever policy was
 * asked, and the settings say which conditions that overrides ({@link #UNKNOWN_CATEGORY_OTHER}).
 */
final class SynthesisRelease {

  /** Settings that count rows. */
  private static final List<String> COUNTS = List.of("train_rows", "validation_rows");

  /**
   * The setting naming the categorical conditions (comma-separated) written under policy OTHER
   * although {@code --unknown-category error} was asked (the setting {@code unknown_category}),
   * because categories seen in fewer than K rows were pooled: refusing unknown values would refuse
   * the pooled categories, which training saw.
   */
  static final String UNKNOWN_CATEGORY_OTHER = "unknown_category_other";

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
  static List<TrainingWarning> pooledReports(
      PreparedData fitted, PreparedData released, TrainingTable table, int minRows) {
    List<TrainingWarning> reports = new ArrayList<>();
    for (int i = 0; i < fitted.conditions().size(); i++) {
      if (fitted.conditions().get(i) instanceof CategoricalCondition exact
          && released.conditions().get(i) instanceof CategoricalCondition pooled
          && pooled.hasPooledCategories()) {
        reports.add(
            TrainingWarning.quotingData(CategoryPool.report(exact, pooled, table, minRows)));
      }
    }
    return reports;
  }

  /** The fingerprint with its row count rounded ({@link OutwardRounding#count}). */
  static TrainingDataFingerprint of(TrainingDataFingerprint fingerprint) {
    return new TrainingDataFingerprint(
        fingerprint.sha256(), OutwardRounding.count(fingerprint.rows()));
  }

  /**
   * The warnings a synthesis bundle stores: those that quote no value of a single record and no
   * exact row count. The others are only printed.
   */
  static List<TrainingWarning> releasable(List<TrainingWarning> warnings) {
    return warnings.stream().filter(TrainingWarning::releasable).toList();
  }

  /**
   * The categorical conditions of {@code released} (comma-separated) whose policy is OTHER because
   * their rare categories were pooled although {@code requested} is ERROR; empty when there are
   * none.
   */
  static Optional<String> pooledUnderOther(
      List<ConditionSpec> released, UnknownCategoryPolicy requested) {
    if (requested != UnknownCategoryPolicy.ERROR) {
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    for (ConditionSpec condition : released) {
      if (condition instanceof CategoricalCondition categorical
          && categorical.hasPooledCategories()) {
        names.add(categorical.name());
      }
    }
    return names.isEmpty() ? Optional.empty() : Optional.of(String.join(",", names));
  }

  /** The settings with their row counts rounded, marked {@link #ROUNDED}. */
  static Map<String, Object> settings(Map<String, Object> settings) {
    Map<String, Object> released = new LinkedHashMap<>(settings);
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
