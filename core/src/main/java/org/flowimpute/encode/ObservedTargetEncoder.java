package org.flowimpute.encode;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.CategoricalTarget;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.TargetSpec;

/**
 * Encodes which targets a record already carries, and their values, into the ONNX input {@code
 * observed} of a model trained with {@code --missing-targets}; the one implementation used by
 * training (on gate states and transformed magnitudes of training rows under a random mask) and by
 * inference (on raw record values).
 *
 * <p>Layout, width T + S + D: the mask (1 = observed) per target; the one-hot gate state per gate
 * (zeros where not observed); the transformed magnitude {@code (log1p(|x| / unit) - mu) / sigma}
 * per continuous target (0 where not observed, zero or a point mass). All zeros means "nothing
 * observed", which is exactly the plain imputation case. Alongside, {@code observed_values} holds
 * the value in original units (the category index for categorical targets) that the graph copies to
 * its output.
 *
 * <p>A categorical target holding a missing-value marker ({@code NA}, {@code N/A}, {@code #N/A},
 * {@code NULL}, {@code NaN}: {@link MissingMarkers}) that is none of its categories is missing, as
 * an empty cell is, and is imputed: it was an unknown category, a refused record, though the same
 * marker in a categorical condition means "missing" and training never takes it as a category. So
 * is a continuous target holding such a marker or a NaN number (R's {@code write.csv} writes {@code
 * NA}, pandas NaN, for every missing value): both were refused, as not a number and as not finite.
 * Infinity and other text stay refused.
 *
 * <p>Immutable and thread-safe.
 */
public final class ObservedTargetEncoder {
  private final List<TargetSpec> targets;
  private final TargetTransform[] transforms;
  private final int[] stateOffsets;
  private final int[] flowIndex;
  private final int width;
  private final int stateTotal;

  private ObservedTargetEncoder(List<TargetSpec> targets, int[] stateCounts, boolean[] continuous) {
    this.targets = targets;
    int count = stateCounts.length;
    this.transforms = new TargetTransform[count];
    this.stateOffsets = new int[count];
    this.flowIndex = new int[count];
    int offset = 0;
    int flow = 0;
    for (int j = 0; j < count; j++) {
      stateOffsets[j] = offset;
      offset += stateCounts[j];
      flowIndex[j] = continuous[j] ? flow++ : -1;
      if (targets != null && targets.get(j) instanceof ContinuousTarget target) {
        transforms[j] = TargetTransform.of(target);
      }
    }
    this.stateTotal = offset;
    this.width = count + offset + flow;
  }

  /** An encoder for these targets (manifest order). */
  public static ObservedTargetEncoder of(List<TargetSpec> targets) {
    List<TargetSpec> copy = List.copyOf(targets);
    int[] stateCounts = copy.stream().mapToInt(TargetSpec::stateCount).toArray();
    boolean[] continuous = new boolean[copy.size()];
    for (int j = 0; j < continuous.length; j++) {
      continuous[j] = copy.get(j).isContinuous();
    }
    return new ObservedTargetEncoder(copy, stateCounts, continuous);
  }

  /**
   * An encoder that knows only the layout (state count and continuity per target): enough for
   * {@link #encodeStates}, the training path, which has states and magnitudes already.
   */
  public static ObservedTargetEncoder layout(int[] stateCounts, boolean[] continuous) {
    if (stateCounts.length != continuous.length) {
      throw new IllegalArgumentException("one state count and one continuity flag per target");
    }
    return new ObservedTargetEncoder(null, stateCounts.clone(), continuous.clone());
  }

  /** T + S + D: floats per record of the input {@code observed}. */
  public int width() {
    return width;
  }

  /** T: floats per record of the input {@code observed_values}. */
  public int targets() {
    return stateOffsets.length;
  }

  /**
   * Encodes one record given as gate states and transformed magnitudes (the training path).
   *
   * @param observed per target: whether it is observed
   * @param states per target: its gate state
   * @param magnitudes per target: transformed magnitude (ignored unless continuous and negative or
   *     positive)
   * @param dst destination of the {@link #width()} floats at {@code offset}
   */
  public void encodeStates(
      boolean[] observed, int[] states, float[] magnitudes, float[] dst, int offset) {
    java.util.Arrays.fill(dst, offset, offset + width, 0f);
    int t = stateOffsets.length;
    for (int j = 0; j < t; j++) {
      if (!observed[j]) {
        continue;
      }
      dst[offset + j] = 1f;
      dst[offset + t + stateOffsets[j] + states[j]] = 1f;
      if (flowIndex[j] >= 0 && ContinuousTarget.hasMagnitude(states[j])) {
        dst[offset + t + stateTotal + flowIndex[j]] = magnitudes[j];
      }
    }
  }

  /**
   * Encodes the targets an Avro record carries (the inference path): a target counts as observed
   * when the record has a field of its name holding a value ({@link #given}).
   *
   * @param observedDst destination of the {@link #width()} encoded floats at {@code offset}
   * @param valuesDst destination of the {@link #targets()} original-unit values at {@code
   *     valuesOffset}
   * @return the number of observed targets
   * @throws EncodingException if a present value does not fit its target, is beyond float32 (as
   *     training refuses it), or its gate state was never seen in training (the model cannot
   *     condition on it)
   */
  public int encode(
      GenericRecord record,
      String recordRef,
      float[] observedDst,
      int offset,
      float[] valuesDst,
      int valuesOffset) {
    if (targets == null) {
      throw new IllegalStateException("a layout-only encoder cannot read records");
    }
    Schema schema = record.getSchema();
    int t = targets.size();
    boolean[] observed = new boolean[t];
    int[] states = new int[t];
    float[] magnitudes = new float[t];
    int count = 0;
    for (int j = 0; j < t; j++) {
      TargetSpec target = targets.get(j);
      Object value = given(record, schema, target);
      valuesDst[valuesOffset + j] = 0f;
      if (value == null) {
        continue;
      }
      double number = transforms[j] == null ? 0 : representable(value, recordRef, target.name());
      int state = GateStates.of(target, value, recordRef);
      if (!target.isObserved(state)) {
        throw new EncodingException(
            recordRef,
            target.name(),
            EncodingException.Kind.UNSEEN_STATE,
            "observed value "
                + value
                + " has gate state '"
                + target.gateStates().get(state)
                + "', never seen in training (seen: "
                + String.join(", ", target.observedStates())
                + ")");
      }
      observed[j] = true;
      states[j] = state;
      count++;
      if (transforms[j] != null) {
        valuesDst[valuesOffset + j] = (float) number;
        if (ContinuousTarget.hasMagnitude(state)) {
          magnitudes[j] = (float) transforms[j].forward(number);
        }
      } else {
        valuesDst[valuesOffset + j] = state;
      }
    }
    encodeStates(observed, states, magnitudes, observedDst, offset);
    return count;
  }

  /**
   * The value {@code record} gives for {@code target}, or null when it gives none: no field of the
   * target's name, or a value that {@link #isMissing}.
   */
  private static Object given(GenericRecord record, Schema schema, TargetSpec target) {
    Schema.Field field = schema.getField(target.name());
    Object value = field == null ? null : record.get(field.pos());
    return isMissing(target, value) ? null : value;
  }

  /**
   * Whether {@code value}, a record's value of {@code target}, says the target is missing: a null;
   * for a categorical target a missing-value marker that is none of its categories (a model trained
   * before markers were refused may know {@code NA} as a category); for a continuous target a
   * missing-value marker or a NaN number.
   */
  public static boolean isMissing(TargetSpec target, Object value) {
    if (value == null) {
      return true;
    }
    return target instanceof CategoricalTarget categorical
        ? MissingMarkers.isMarker(value) && !categorical.categories().contains(value.toString())
        : MissingMarkers.isMarker(value) || isNaN(value);
  }

  /**
   * Whether {@code value} is a floating-point NaN (a Double or Float, as Avro and Parquet hold).
   */
  private static boolean isNaN(Object value) {
    return value instanceof Double number && number.isNaN()
        || value instanceof Float single && single.isNaN();
  }

  /**
   * The number an observed continuous target holds, refused beyond the largest float32, as training
   * refuses such a value: the model computes in float32, so 1e39 reached it as infinity, and the
   * record was written back with 1.0E39 kept without a word.
   */
  private static double representable(Object value, String recordRef, String name) {
    double number = FieldValues.number(value, recordRef, name);
    if (Math.abs(number) > Float.MAX_VALUE) {
      throw new EncodingException(
          recordRef,
          name,
          EncodingException.Kind.OUT_OF_RANGE,
          "observed value "
              + number
              + " is beyond the numbers the model computes with (32-bit floats, magnitude at most "
              + Float.MAX_VALUE
              + "); check the value, or rescale the column");
    }
    return number;
  }

  /**
   * The value a record carries for target {@code target} (manifest order) as imputed records hold
   * it — a double, or the category text — read exactly (not through the model's float32), or {@code
   * null} when the record gives none (no such field, a null, a missing-value marker, or a
   * continuous target's NaN): an observed target is written back unchanged, a missing one is
   * imputed.
   */
  public Object presentValue(GenericRecord record, int target, String recordRef) {
    if (targets == null) {
      throw new IllegalStateException("a layout-only encoder cannot read records");
    }
    TargetSpec spec = targets.get(target);
    Object value = given(record, record.getSchema(), spec);
    if (value == null) {
      return null;
    }
    if (spec instanceof CategoricalTarget categorical) {
      return FieldValues.knownCategory(
          FieldValues.category(value, recordRef, spec.name()), categorical.categories()::contains);
    }
    return FieldValues.number(value, recordRef, spec.name());
  }
}
