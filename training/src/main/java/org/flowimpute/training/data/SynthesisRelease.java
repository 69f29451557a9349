package org.flowimpute.training.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.flowimpute.encode.AtomPolicy;
import org.flowimpute.synth.ConditionSynthesisFitter;

/**
 * What a bundle trained with {@code --synthesis} says about its training data beyond {@code
 * synthesis.json}: the same specs, provenance and settings as an imputation bundle, but without a
 * value of a single record and without an exact unweighted count. Numeric conditions' training
 * ranges and continuous targets' magnitude bounds (which the ONNX graph and the imputer clamp to)
 * are taken from the K-th smallest and K-th largest values ({@link KthExtremes}), so that an
 * extreme held by fewer than K rows moves none of them, and rounded outward ({@link
 * OutwardRounding}); a point mass needs at least K rows ({@link #atoms}), and a target the flow
 * models in fewer than K rows is refused; the data's row count and the training and validation rows
 * are rounded; of the training warnings only those quoting no record and no exact count ({@link
 * TrainingWarning#releasable}) are stored. Categories seen in fewer than K rows are not named: a
 * categorical condition's are pooled into one trained level ({@link CategoryPool}), a categorical
 * target's refused; such a condition is written under policy OTHER whatever policy was asked, and
 * the settings say which conditions that overrides ({@link #UNKNOWN_CATEGORY_OTHER}).
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

  /**
   * The setting, {@code true}, that tells readers the bundle's ranges and magnitude bounds leave
   * out the K - 1 most extreme rows at each end and its point masses are held by at least K rows
   * (bundles written before 2026-12-03 have {@link #ROUNDED} without it).
   */
  static final String K_EXTREMES = "extremes_of_k_rows";

  private SynthesisRelease() {}

  /**
   * {@code prepared} (fitted on {@code table}, its point masses by {@link #atoms}) with released
   * condition and target specs: the rows encoded again if categories seen in fewer than {@code
   * minRows} rows were pooled, else unchanged.
   *
   * @throws IllegalArgumentException if a categorical target has such a category, or the flow
   *     models a continuous target in fewer than {@code minRows} rows (but some)
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
    boolean[] inReleasedCells = inReleasedCells(pooled, table, minRows);
    List<ConditionSpec> conditions = new ArrayList<>();
    for (ConditionSpec condition : pooled) {
      conditions.add(
          condition instanceof NumericCondition numeric
              ? released(numeric, table, minRows)
              : condition instanceof CategoricalCondition categorical
                  ? released(categorical, table, inReleasedCells)
                  : condition);
    }
    List<TargetSpec> targets = new ArrayList<>();
    for (TargetSpec target : prepared.targets()) {
      targets.add(
          target instanceof ContinuousTarget continuous
              ? released(continuous, table, minRows)
              : target);
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

  /**
   * The settings with their row counts rounded, marked {@link #ROUNDED} and {@link #K_EXTREMES}.
   */
  static Map<String, Object> settings(Map<String, Object> settings) {
    Map<String, Object> released = new LinkedHashMap<>(settings);
    released.put(ROUNDED, true);
    released.put(K_EXTREMES, true);
    for (String count : COUNTS) {
      if (released.get(count) instanceof Number rows) {
        released.put(count, OutwardRounding.count(rows.longValue()));
      }
    }
    return released;
  }

  /**
   * {@code requested} with at least {@code minRows} rows per point mass: an atom is released as an
   * exact value, so one held by fewer than K rows would name their amount.
   */
  static AtomPolicy atoms(AtomPolicy requested, int minRows) {
    return requested.minRows() >= minRows
        ? requested
        : new AtomPolicy(requested.minShare(), minRows, requested.maxAtoms());
  }

  /**
   * Whether each row of {@code table} lies in a cell of the categorical {@code conditions} that
   * {@code synthesis.json} releases (at least {@code minRows} rows).
   */
  private static boolean[] inReleasedCells(
      List<ConditionSpec> conditions, TrainingTable table, int minRows) {
    Map<String, String[]> categorical = new LinkedHashMap<>();
    for (ConditionSpec condition : conditions) {
      if (condition instanceof CategoricalCondition c) {
        categorical.put(c.name(), table.categories(c.name()));
      }
    }
    return ConditionSynthesisFitter.inReleasedCells(categorical, table.rows(), minRows);
  }

  /**
   * The category shares over the rows of released cells only: over all rows, a category's share
   * times the total weight, less its released cells' weights (their shares times the kept weight),
   * gave the weight of the suppressed cells holding it, a single person's for a unique combination.
   * Now each share is the sum of its released cells' shares. A condition without shares (policy
   * ERROR, or pooled categories) is unchanged.
   */
  private static CategoricalCondition released(
      CategoricalCondition condition, TrainingTable table, boolean[] inReleasedCells) {
    if (condition.categoryShares().isEmpty()) {
      return condition;
    }
    String[] values = table.categories(condition.name());
    double[] weights = table.weights();
    double[] sums = new double[condition.categories().size()];
    double total = 0;
    for (int r = 0; r < values.length; r++) {
      if (inReleasedCells[r]) {
        sums[condition.categories().indexOf(values[r])] += weights[r];
        total += weights[r];
      }
    }
    List<Double> shares = new ArrayList<>();
    for (double sum : sums) {
      shares.add(sum / total);
    }
    return new CategoricalCondition(
        condition.name(), condition.categories(), condition.unknownCategory(), shares);
  }

  /**
   * The training range from the K-th smallest and K-th largest values ({@link KthExtremes}),
   * rounded strictly outward ({@link OutwardRounding#range}).
   */
  private static NumericCondition released(
      NumericCondition condition, TrainingTable table, int minRows) {
    if (!condition.hasTrainingRange()) {
      return condition;
    }
    KthExtremes extremes =
        KthExtremes.of(table.numbers(condition.name()), minRows)
            .orElseThrow(() -> new IllegalStateException("fewer than K rows: no cell is released"));
    double[] range = OutwardRounding.range(extremes.low(), extremes.high());
    return new NumericCondition(
        condition.name(), condition.mean(), condition.sd(), range[0], range[1]);
  }

  /**
   * The magnitude bounds from the K-th smallest and K-th largest magnitudes, rounded strictly
   * outward: each sign's range of the rows the flow models (not point masses), and {@code max_abs}
   * the larger of the released ranges' K-th largest magnitudes, or of every nonzero row when no
   * sign has a range; a sign modelled in fewer than K rows gets no range, so its magnitudes are
   * bounded by 0 and the cap. The K-th largest over both signs, as {@code max_abs} was until
   * 2026-12-03, said where some of a rare sign's fewer than K rows lie: above the other sign's
   * bound when it exceeded it (investment income: 4,400 overall, positives to 3,500, 3 negative
   * rows).
   *
   * @throws IllegalArgumentException if the flow models fewer than K rows (but some): their
   *     log-scale mean and deviation would give their amounts away
   */
  private static ContinuousTarget released(
      ContinuousTarget target, TrainingTable table, int minRows) {
    double[] values = table.numbers(target.name());
    double[] nonzero = new double[values.length];
    double[][] bySign = new double[2][values.length];
    int nonzeroRows = 0;
    int[] signRows = new int[2];
    for (double value : values) {
      if (value != 0) {
        nonzero[nonzeroRows++] = Math.abs(value);
      }
      int state = target.stateOf(value);
      if (ContinuousTarget.hasMagnitude(state)) {
        int sign = state == ContinuousTarget.NEGATIVE ? 0 : 1;
        bySign[sign][signRows[sign]++] = Math.abs(value);
      }
    }
    int modelled = signRows[0] + signRows[1];
    if (modelled > 0 && modelled < minRows) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "--synthesis %d: target '%s' has %d nonzero %s that %s no point mass, fewer than %d:"
                  + " a synthesis bundle would give their amounts away (the log-scale mean and"
                  + " deviation of so few values, their magnitude bounds); drop the target, or use"
                  + " a smaller K",
              minRows,
              target.name(),
              modelled,
              modelled == 1 ? "row" : "rows",
              modelled == 1 ? "is" : "are",
              minRows));
    }
    MagnitudeTransform exact = target.transform();
    Map<String, MagnitudeRange> ranges = new LinkedHashMap<>();
    double largestReleased = 0;
    for (int sign = 0; sign < 2; sign++) {
      String name =
          ContinuousTarget.GATE_STATES.get(
              sign == 0 ? ContinuousTarget.NEGATIVE : ContinuousTarget.POSITIVE);
      Optional<KthExtremes> extremes =
          KthExtremes.of(Arrays.copyOf(bySign[sign], signRows[sign]), minRows);
      if (extremes.isPresent()) {
        ranges.put(
            name,
            new MagnitudeRange(
                OutwardRounding.magnitudeBelow(extremes.get().low()),
                OutwardRounding.magnitudeAbove(extremes.get().high())));
        largestReleased = Math.max(largestReleased, extremes.get().high());
      }
    }
    double largest =
        !ranges.isEmpty()
            ? largestReleased
            : KthExtremes.of(Arrays.copyOf(nonzero, nonzeroRows), minRows)
                .orElseThrow(
                    () -> new IllegalStateException("fewer than K nonzero rows, none modelled"))
                .high();
    MagnitudeTransform transform =
        new MagnitudeTransform(
            exact.mu(),
            exact.sigma(),
            OutwardRounding.magnitudeAbove(largest),
            exact.clipFactor(),
            ranges,
            exact.unit());
    return new ContinuousTarget(target.name(), target.observedStates(), transform, target.atoms());
  }
}
