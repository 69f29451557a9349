package org.flowimpute.encode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowimpute.bundle.CategoricalTarget;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeRange;
import org.flowimpute.bundle.MagnitudeTransform;

/**
 * Fits the manifest entries of targets from weighted training columns: the magnitude transform and
 * observed signs (and point masses) of continuous targets and the categories of categorical
 * targets. Refuses targets there is nothing to learn about (all zero, constant).
 */
public final class TargetFitter {
  /** The weight share of modelled magnitudes that may lie below one {@link #unit}. */
  private static final double LOW_PERCENTILE = 0.01;

  /** The smallest unit is 1e-30: the ONNX graph applies the unit in float32. */
  private static final int SMALLEST_EXPONENT = -30;

  /** The unit is at least this share of the weighted median magnitude (see {@link #unit}). */
  private static final double MEDIAN_SPAN = 1e-4;

  /** The largest magnitude in units stays below this (float32 ends at 3.4e38). */
  private static final double LARGEST_IN_UNITS = 1e37;

  private TargetFitter() {}

  /**
   * A continuous target without point masses; see {@link #continuous(String, double[], double[],
   * double, AtomPolicy)}.
   */
  public static ContinuousTarget continuous(
      String name, double[] values, double[] weights, double clipFactor) {
    return continuous(name, values, weights, clipFactor, AtomPolicy.none());
  }

  /**
   * A continuous target: the point masses {@code atoms} chosen by {@code atomPolicy}; {@code mu}
   * and {@code sigma} are the weighted mean and (population) standard deviation of {@code log1p(|x|
   * / unit)} over the nonzero rows that are not atoms (the unit: see {@link #unit}), {@code maxAbs}
   * the largest {@code |x|}, and per sign the range of those rows' magnitudes. If those values all
   * have the same magnitude (or there are none), sigma is set to 1 (the flow then learns a point
   * mass at y = 0, or is never used).
   *
   * @param clipFactor cap of imputed magnitudes as a multiple of maxAbs (e.g. {@link
   *     MagnitudeTransform#DEFAULT_CLIP_FACTOR})
   * @throws IllegalArgumentException if a value or weight is invalid or every value is zero
   */
  public static ContinuousTarget continuous(
      String name, double[] values, double[] weights, double clipFactor, AtomPolicy atomPolicy) {
    Weights.check(weights, values.length, "target '" + name + "'");
    double nonzeroWeight = 0;
    double maxAbs = 0;
    for (int row = 0; row < values.length; row++) {
      double value = values[row];
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(
            "target '" + name + "' row " + (row + 1) + ": value must be finite, got " + value);
      }
      if (value != 0) {
        nonzeroWeight += weights[row];
        maxAbs = Math.max(maxAbs, Math.abs(value));
      }
    }
    if (nonzeroWeight == 0) {
      throw new IllegalArgumentException(
          "target '" + name + "' is zero in every row: there is nothing to learn; drop it");
    }
    List<Double> atoms = atoms(values, weights, nonzeroWeight, atomPolicy);
    ContinuousTarget probe =
        new ContinuousTarget(
            name, List.of("positive"), new MagnitudeTransform(0, 1, maxAbs, clipFactor), atoms);
    double unit = unit(values, weights, probe, maxAbs * clipFactor);
    double[] stateWeight = new double[probe.stateCount()];
    double total = 0;
    double sum = 0;
    for (int row = 0; row < values.length; row++) {
      int state = probe.stateOf(values[row]);
      stateWeight[state] += weights[row];
      if (ContinuousTarget.hasMagnitude(state)) {
        total += weights[row];
        sum += weights[row] * Math.log1p(Math.abs(values[row]) / unit);
      }
    }
    double mu = total > 0 ? sum / total : 0;
    double squares = 0;
    for (int row = 0; row < values.length; row++) {
      if (ContinuousTarget.hasMagnitude(probe.stateOf(values[row]))) {
        double deviation = Math.log1p(Math.abs(values[row]) / unit) - mu;
        squares += weights[row] * deviation * deviation;
      }
    }
    double sigma = total > 0 ? Math.sqrt(squares / total) : 1.0;
    if (!(sigma > 0)) {
      sigma = 1.0;
    }
    Map<String, MagnitudeRange> signRanges = signRanges(values, probe);
    List<String> observed = new ArrayList<>();
    for (int state = 0; state < stateWeight.length; state++) {
      if (stateWeight[state] > 0) {
        observed.add(probe.gateStates().get(state));
      }
    }
    return new ContinuousTarget(
        name,
        observed,
        new MagnitudeTransform(mu, sigma, maxAbs, clipFactor, signRanges, unit),
        atoms);
  }

  /**
   * The unit the magnitudes are logged in: 1 for survey amounts in currency units (the transform is
   * the plain {@code log1p}); for amounts far below 1 (a rate, amounts in millions), where {@code
   * log1p} is nearly the identity and the flow would model the amounts rather than their logarithm,
   * piling draws at the smallest amount, a power of ten small enough for {@code log1p} to behave as
   * a log on nearly all of them. Precisely: the largest power of ten at or below the larger of the
   * weighted 1st percentile of the magnitudes the flow models and 1e-4 of their weighted median, if
   * that is below 1, else 1. The median's share keeps a few stray tiny amounts (floating-point
   * leftovers of 1e-9 among wages) from stretching the log scale of the bulk: they then sit below
   * one unit, as they did in units of 1. The unit is at least 1e-30 and at least {@code clipBound /
   * 1e37}, so that the ONNX graph's float32 amounts in units stay finite. The power of ten is exact
   * in the manifest's JSON and reads as a change of units (micro-units for a unit of 1e-6).
   */
  private static double unit(
      double[] values, double[] weights, ContinuousTarget probe, double clipBound) {
    List<double[]> magnitudes = new ArrayList<>();
    double total = 0;
    for (int row = 0; row < values.length; row++) {
      if (ContinuousTarget.hasMagnitude(probe.stateOf(values[row]))) {
        magnitudes.add(new double[] {Math.abs(values[row]), weights[row]});
        total += weights[row];
      }
    }
    if (magnitudes.isEmpty()) {
      return 1.0;
    }
    magnitudes.sort(Comparator.comparingDouble(magnitude -> magnitude[0]));
    double smallest =
        Math.max(
            quantile(magnitudes, total, LOW_PERCENTILE),
            quantile(magnitudes, total, 0.5) * MEDIAN_SPAN);
    if (smallest >= 1) {
      return 1.0;
    }
    int exponent =
        Math.max(
            (int) Math.floor(Math.log10(smallest)),
            Math.max(SMALLEST_EXPONENT, (int) Math.ceil(Math.log10(clipBound / LARGEST_IN_UNITS))));
    return exponent >= 0 ? 1.0 : Double.parseDouble("1e" + exponent);
  }

  /** The smallest magnitude below or at which {@code share} of the weight lies ({@code sorted}). */
  private static double quantile(List<double[]> sorted, double total, double share) {
    double below = 0;
    for (double[] magnitude : sorted) {
      below += magnitude[1];
      if (below >= share * total) {
        return magnitude[0];
      }
    }
    return sorted.get(sorted.size() - 1)[0];
  }

  /**
   * Per sign, the smallest and largest magnitude among the values the flow models (nonzero, not
   * atoms); a sign without such values has no range.
   */
  private static Map<String, MagnitudeRange> signRanges(double[] values, ContinuousTarget probe) {
    double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    double[] max = {0, 0};
    for (double value : values) {
      int state = probe.stateOf(value);
      if (ContinuousTarget.hasMagnitude(state)) {
        int sign = state == ContinuousTarget.NEGATIVE ? 0 : 1;
        min[sign] = Math.min(min[sign], Math.abs(value));
        max[sign] = Math.max(max[sign], Math.abs(value));
      }
    }
    Map<String, MagnitudeRange> ranges = new HashMap<>();
    if (max[0] > 0) {
      ranges.put("negative", new MagnitudeRange(min[0], max[0]));
    }
    if (max[1] > 0) {
      ranges.put("positive", new MagnitudeRange(min[1], max[1]));
    }
    return ranges;
  }

  private static List<Double> atoms(
      double[] values, double[] weights, double nonzeroWeight, AtomPolicy policy) {
    if (!policy.enabled()) {
      return List.of();
    }
    Map<Double, double[]> rowsAndWeight = new HashMap<>();
    for (int row = 0; row < values.length; row++) {
      if (values[row] != 0) {
        double[] tally = rowsAndWeight.computeIfAbsent(values[row], v -> new double[2]);
        tally[0]++;
        tally[1] += weights[row];
      }
    }
    List<Map.Entry<Double, double[]>> candidates = new ArrayList<>();
    for (Map.Entry<Double, double[]> entry : rowsAndWeight.entrySet()) {
      double[] tally = entry.getValue();
      if (tally[0] >= policy.minRows() && tally[1] >= policy.minShare() * nonzeroWeight) {
        candidates.add(entry);
      }
    }
    candidates.sort(
        Comparator.comparingDouble((Map.Entry<Double, double[]> e) -> -e.getValue()[1])
            .thenComparingDouble(Map.Entry::getKey));
    List<Double> atoms = new ArrayList<>();
    for (int k = 0; k < Math.min(policy.maxAtoms(), candidates.size()); k++) {
      atoms.add(candidates.get(k).getKey());
    }
    atoms.sort(Comparator.naturalOrder());
    return atoms;
  }

  /**
   * A categorical target with its categories sorted as for conditions (integer order if all are
   * integers).
   *
   * @param values category texts as given by {@link FieldValues#category}
   * @throws IllegalArgumentException if a value is null or only one category occurs
   */
  public static CategoricalTarget categorical(String name, String[] values, double[] weights) {
    Weights.check(weights, values.length, "target '" + name + "'");
    Map<String, Boolean> seen = new HashMap<>();
    for (int row = 0; row < values.length; row++) {
      if (values[row] == null) {
        throw new IllegalArgumentException(
            "target '" + name + "' row " + (row + 1) + ": value is null, expected a category");
      }
      seen.put(values[row], Boolean.TRUE);
    }
    List<String> categories = new ArrayList<>(seen.keySet());
    if (categories.size() < 2) {
      throw new IllegalArgumentException(
          "target '" + name + "' is constant (always " + categories.get(0) + "); drop it");
    }
    categories.sort(ConditionFitter.categoryOrder(categories));
    return new CategoricalTarget(name, categories);
  }
}
