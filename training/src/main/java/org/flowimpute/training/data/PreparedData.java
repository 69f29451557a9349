package org.flowimpute.training.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowimpute.bundle.ConditionSpec;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.UnknownCategoryPolicy;
import org.flowimpute.encode.AtomPolicy;
import org.flowimpute.encode.ConditionEncoder;
import org.flowimpute.encode.ConditionFitter;
import org.flowimpute.encode.GateStates;
import org.flowimpute.encode.ObservedTargetEncoder;
import org.flowimpute.encode.TargetFitter;
import org.flowimpute.encode.TargetTransform;
import org.flowimpute.training.fit.EncodedData;
import org.flowimpute.training.model.Architecture;
import org.flowimpute.training.model.ModelSpec;
import org.flowimpute.training.model.TargetSpec;

/**
 * A training table turned into what the network trains on, using core's one encoding
 * implementation: condition specs fitted by {@link ConditionFitter} and applied by {@link
 * ConditionEncoder}, target specs fitted by {@link TargetFitter}, gate states by {@link
 * GateStates}, magnitudes by {@link TargetTransform}. The same specs go into the manifest, so
 * inference encodes exactly as training did.
 *
 * @param conditions fitted condition specs (manifest order)
 * @param targets fitted target specs (manifest order)
 * @param data encoded rows
 */
public record PreparedData(
    List<ConditionSpec> conditions,
    List<org.flowimpute.bundle.TargetSpec> targets,
    EncodedData data) {

  /**
   * Fits the specs on {@code table} (point masses of continuous targets chosen by {@code atoms},
   * imputed magnitudes capped at {@code clipFactor} times each target's largest training magnitude)
   * and encodes every row. A categorical condition with a different category on every row (an
   * identifier) is refused ({@link RareCategories}), as a categorical target of more than {@link
   * EncodedData#MAX_GATE_STATES} categories is.
   */
  public static PreparedData of(
      TrainingTable table,
      UnknownCategoryPolicy unknownCategories,
      AtomPolicy atoms,
      double clipFactor) {
    TrainingColumns columns = table.columns();
    double[] weights = table.weights();
    List<ConditionSpec> conditions = new ArrayList<>();
    for (String name : columns.conditions()) {
      if (columns.isCategorical(name)) {
        RareCategories.requireNotIdentifier(table, name);
      }
      conditions.add(
          columns.isCategorical(name)
              ? ConditionFitter.categorical(
                  name, table.categories(name), weights, unknownCategories)
              : ConditionFitter.numeric(name, table.numbers(name), weights));
    }
    List<org.flowimpute.bundle.TargetSpec> targets = new ArrayList<>();
    for (String name : columns.targets()) {
      if (columns.isCategorical(name)) {
        checkCategoryCount(name, table.categories(name));
        targets.add(TargetFitter.categorical(name, table.categories(name), weights));
      } else {
        double[] values = table.numbers(name);
        checkNotConstant(name, values);
        targets.add(TargetFitter.continuous(name, values, weights, clipFactor, atoms));
      }
    }
    return new PreparedData(conditions, targets, encode(table, conditions, targets));
  }

  /**
   * {@code table} encoded with specs fitted before ({@link #of}) and then changed ({@link
   * SynthesisRelease}: categories pooled).
   */
  static PreparedData of(
      TrainingTable table,
      List<ConditionSpec> conditions,
      List<org.flowimpute.bundle.TargetSpec> targets) {
    return new PreparedData(conditions, targets, encode(table, conditions, targets));
  }

  private static void checkCategoryCount(String name, String[] categories) {
    long distinct = java.util.Arrays.stream(categories).distinct().count();
    if (distinct > EncodedData.MAX_GATE_STATES) {
      throw new IllegalArgumentException(
          "target '"
              + name
              + "' has "
              + distinct
              + " categories; a categorical target may have at most "
              + EncodedData.MAX_GATE_STATES);
    }
  }

  private static void checkNotConstant(String name, double[] values) {
    double first = values[0];
    for (double value : values) {
      if (value != first) {
        return;
      }
    }
    throw new IllegalArgumentException(
        "target '" + name + "' is constant (always " + first + "); drop it");
  }

  private static EncodedData encode(
      TrainingTable table,
      List<ConditionSpec> conditions,
      List<org.flowimpute.bundle.TargetSpec> targets) {
    ConditionEncoder encoder = ConditionEncoder.of(conditions);
    int rows = table.rows();
    int width = encoder.width();
    int gates = targets.size();
    List<Integer> flowTargets = new ArrayList<>();
    List<TargetTransform> transforms = new ArrayList<>();
    for (int j = 0; j < gates; j++) {
      if (targets.get(j) instanceof ContinuousTarget continuous) {
        flowTargets.add(j);
        transforms.add(TargetTransform.of(continuous));
      }
    }
    int dims = flowTargets.size();
    requireEncodedSize(rows, width, conditions);
    float[] context = new float[rows * width];
    byte[] states = new byte[rows * gates];
    float[] flow = new float[rows * dims];
    float[] weights = new float[rows];
    Map<String, Object> values = new HashMap<>();
    for (int r = 0; r < rows; r++) {
      String ref = "row " + (r + 1);
      values.clear();
      for (ConditionSpec condition : conditions) {
        values.put(condition.name(), table.value(condition.name(), r));
      }
      encoder.encode(values, ref, context, r * width);
      for (int j = 0; j < gates; j++) {
        org.flowimpute.bundle.TargetSpec target = targets.get(j);
        states[r * gates + j] = (byte) GateStates.of(target, table.value(target.name(), r), ref);
      }
      for (int d = 0; d < dims; d++) {
        double value = table.numbers(targets.get(flowTargets.get(d)).name())[r];
        int state = states[r * gates + flowTargets.get(d)];
        flow[r * dims + d] =
            ContinuousTarget.hasMagnitude(state)
                ? (float) transforms.get(d).forward(value)
                : Float.NaN;
      }
      weights[r] = (float) table.weights()[r];
    }
    return new EncodedData(rows, width, gates, dims, context, states, flow, weights);
  }

  /**
   * The network's view of the targets: gate states seen, magnitude transforms as clip bounds;
   * {@code observedInputs} appends the observed-target block to the context (training with {@code
   * --missing-targets}).
   */
  public ModelSpec modelSpec(Architecture architecture, boolean observedInputs) {
    List<TargetSpec> specs = new ArrayList<>();
    for (org.flowimpute.bundle.TargetSpec target : targets) {
      boolean[] seen = new boolean[target.stateCount()];
      for (int s = 0; s < seen.length; s++) {
        seen[s] = target.isObserved(s);
      }
      if (target instanceof ContinuousTarget continuous) {
        MagnitudeTransform transform = continuous.transform();
        specs.add(
            TargetSpec.continuous(
                target.name(),
                seen,
                transform.mu(),
                transform.sigma(),
                0.0,
                transform.logMagnitude(transform.clipBound()),
                transform.unit(),
                continuous.atoms().stream().mapToDouble(Double::doubleValue).toArray()));
      } else {
        specs.add(TargetSpec.categorical(target.name(), seen));
      }
    }
    int observedWidth = observedInputs ? ObservedTargetEncoder.of(targets).width() : 0;
    return new ModelSpec(data.contextDim() + observedWidth, specs, architecture, observedInputs);
  }

  /**
   * Refuses data whose encoded conditions (rows × encoded columns floats, held at once) cannot be
   * held: a categorical condition of 9,000 levels over 200,000 rows was an OutOfMemoryError, and
   * 40,000 levels over 60,000 rows overflowed to "error: -1894907296".
   */
  private static void requireEncodedSize(int rows, int width, List<ConditionSpec> conditions) {
    long floats = (long) rows * width;
    long bytes = floats * Float.BYTES;
    if (floats <= Integer.MAX_VALUE - 8 && bytes <= Runtime.getRuntime().maxMemory() / 2) {
      return;
    }
    ConditionSpec widest = conditions.get(0);
    for (ConditionSpec condition : conditions) {
      if (condition.width() > widest.width()) {
        widest = condition;
      }
    }
    throw new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "the encoded conditions would take %d MiB (%d rows x %d encoded columns; condition"
                + " '%s' alone encodes to %d): group its rare categories, sample fewer rows, or"
                + " give Java more memory (FLOWIMPUTE_JAVA_OPTS=-Xmx...)",
            bytes >> 20,
            rows,
            width,
            widest.name(),
            widest.width()));
  }
}
