package org.flowimpute.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;

/**
 * Samples from a trained model with DJL, step for step as the exported ONNX graph does (same
 * weights, same operation order): the reference the export is checked against, and a sampler for
 * training-side diagnostics.
 *
 * <p>Gates: gate j's probabilities p come from the context and the states of gates before j; its
 * state is the number of cumulative probabilities (over states up to the last seen one, exclusive)
 * that are &lt;= the uniform draw u. Flow: each layer is inverted by iterating y = u *
 * exp(alpha(y)) + mu(y) (D passes for MAF, exact after D; one for coupling). Values: sign * unit *
 * expm1(clip(sigma * y + mu)) for sign states, the atom's value for point-mass states.
 *
 * <p>With observed-target inputs ({@link ModelSpec#observedInputs()}) an observed gate keeps its
 * observed state (its probabilities become that state's one-hot) and an observed target's value is
 * copied from {@code observedValues}.
 */
public final class ReferenceSampler {

  private final SamplerWeights weights;
  private final ModelSpec spec;

  public ReferenceSampler(SamplerWeights weights) {
    this.weights = weights;
    this.spec = weights.spec();
  }

  /**
   * Samples {@code rows} rows.
   *
   * @param manager where temporaries are created; they are freed before returning
   * @param context [rows, E]
   * @param gateUniform [rows, G] U(0,1)
   * @param flowNormal [rows, D] N(0,1)
   */
  public Samples sample(
      NDManager manager, float[] context, float[] gateUniform, float[] flowNormal, int rows) {
    return sample(
        manager, context, gateUniform, flowNormal, new float[rows * spec.targets().size()], rows);
  }

  /**
   * Samples {@code rows} rows of a model with observed-target inputs.
   *
   * @param context [rows, E] with the observed-target block at its end
   * @param observedValues [rows, T] observed values in original units (used where observed)
   */
  public Samples sample(
      NDManager manager,
      float[] context,
      float[] gateUniform,
      float[] flowNormal,
      float[] observedValues,
      int rows) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray c = NativeArrays.of(scope, context, new Shape(rows, spec.contextDim()));
      GateDraws gates = drawGates(scope, c, context, gateUniform, rows, spec.gates());
      long[] states = gates.states();
      float[] probabilities = gates.probabilities();
      float[] oneHot = gates.oneHot();
      float[] values = values(scope, c, oneHot, flowNormal, states, rows);
      int targets = spec.targets().size();
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < targets; j++) {
          if (observedState(context, r, j) >= 0) {
            values[r * targets + j] = observedValues[r * targets + j];
          }
        }
      }
      return new Samples(rows, values, states, probabilities);
    }
  }

  /**
   * The probabilities the first {@code gates} gates are sampled from, [rows, S] in concatenated
   * state order (zero for the later gates), gates sampled in chain order as in {@link #sample}:
   * what the gates do without the flow.
   */
  public float[] gateProbabilities(
      NDManager manager, float[] context, float[] gateUniform, int rows, int gates) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray c = NativeArrays.of(scope, context, new Shape(rows, spec.contextDim()));
      return drawGates(scope, c, context, gateUniform, rows, gates).probabilities();
    }
  }

  /** Gate states [rows, G], their probabilities and one-hots [rows, S] of one draw. */
  private record GateDraws(long[] states, float[] probabilities, float[] oneHot) {}

  private GateDraws drawGates(
      NDManager scope, NDArray c, float[] context, float[] gateUniform, int rows, int drawn) {
    int gates = spec.gates();
    int totalStates = spec.totalStates();
    long[] states = new long[rows * gates];
    float[] probabilities = new float[rows * totalStates];
    float[] oneHot = new float[rows * totalStates];
    NDArray trunk =
        Activation.relu(
            c.matMul(array(scope, weights.trunkWeight())).add(array(scope, weights.trunkBias())));
    for (int j = 0; j < drawn; j++) {
      SamplerWeights.GateHead head = weights.heads().get(j);
      int offset = spec.stateOffset(j);
      int count = spec.targets().get(j).states();
      NDArray pre =
          trunk.matMul(array(scope, head.trunkToHidden())).add(array(scope, head.hiddenBias()));
      if (j > 0) {
        NDArray previous =
            NativeArrays.of(
                scope, leadingColumns(oneHot, rows, totalStates, offset), new Shape(rows, offset));
        pre = pre.add(previous.matMul(array(scope, head.previousStatesToHidden())));
      }
      NDArray logits =
          Activation.relu(pre)
              .matMul(array(scope, head.hiddenToLogits()))
              .add(array(scope, head.logitBias()));
      float[] p = logits.softmax(1).toFloatArray();
      for (int r = 0; r < rows; r++) {
        int forced = observedState(context, r, j);
        if (forced >= 0) {
          states[r * gates + j] = forced;
          oneHot[r * totalStates + offset + forced] = 1f;
          probabilities[r * totalStates + offset + forced] = 1f;
          continue;
        }
        float u = gateUniform[r * gates + j];
        float cumulative = 0f;
        int state = 0;
        for (int s = 0; s < head.lastSeenState(); s++) {
          cumulative += p[r * count + s];
          if (cumulative <= u) {
            state++;
          }
        }
        states[r * gates + j] = state;
        oneHot[r * totalStates + offset + state] = 1f;
        System.arraycopy(p, r * count, probabilities, r * totalStates + offset, count);
      }
    }
    return new GateDraws(states, probabilities, oneHot);
  }

  /** The observed state of gate {@code gate} in row {@code row}, or -1 if it is not observed. */
  private int observedState(float[] context, int row, int gate) {
    if (!spec.observedInputs()) {
      return -1;
    }
    int base = row * spec.contextDim() + spec.conditionDim();
    if (context[base + gate] <= 0.5f) {
      return -1;
    }
    int offset = base + spec.gates() + spec.stateOffset(gate);
    int state = 0;
    for (int s = 0; s < spec.targets().get(gate).states(); s++) {
      state += Math.round(context[offset + s]) * s;
    }
    return state;
  }

  private float[] values(
      NDManager scope, NDArray c, float[] oneHot, float[] flowNormal, long[] states, int rows) {
    int dims = spec.flowDims();
    int gates = spec.gates();
    int[] flowTargets = spec.flowTargets();
    float[] y = new float[0];
    if (dims > 0) {
      NDArray condition =
          c.concat(NativeArrays.of(scope, oneHot, new Shape(rows, spec.totalStates())), 1);
      NDArray current = NativeArrays.of(scope, flowNormal, new Shape(rows, dims));
      List<SamplerWeights.FlowLayer> layers = weights.flowLayers();
      float clamp = spec.architecture().clamp();
      for (int l = layers.size() - 1; l >= 0; l--) {
        SamplerWeights.FlowLayer layer = layers.get(l);
        NDArray base = current;
        NDArray conditionTerm =
            condition
                .matMul(array(scope, layer.conditionWeight()))
                .add(array(scope, layer.hiddenBias()));
        for (int pass = 0; pass < layer.passes(); pass++) {
          NDArray z1 =
              Activation.relu(current.matMul(array(scope, layer.inputWeight())).add(conditionTerm));
          NDArray z2 =
              Activation.relu(
                  z1.matMul(array(scope, layer.hiddenWeight()))
                      .add(array(scope, layer.hiddenBias2())));
          NDArray shift =
              z2.matMul(array(scope, layer.shiftWeight())).add(array(scope, layer.shiftBias()));
          NDArray logScale =
              z2.matMul(array(scope, layer.logScaleWeight()))
                  .add(array(scope, layer.logScaleBias()))
                  .div(clamp)
                  .tanh()
                  .mul(clamp);
          current = base.mul(logScale.exp()).add(shift);
        }
      }
      y = current.toFloatArray();
    }
    float[][] transform = weights.magnitudeTransform();
    int targets = spec.targets().size();
    float[] values = new float[rows * targets];
    for (int r = 0; r < rows; r++) {
      for (int d = 0; d < dims; d++) {
        int target = flowTargets[d];
        float logMagnitude = y[r * dims + d] * transform[0][d] + transform[1][d];
        logMagnitude = Math.max(Math.min(logMagnitude, transform[3][d]), transform[2][d]);
        float magnitude = (float) Math.expm1(logMagnitude);
        int state = (int) states[r * gates + target];
        values[r * targets + target] =
            spec.targets().get(target).signedUnit(state) * magnitude
                + spec.targets().get(target).atomValue(state);
      }
      for (int j = 0; j < targets; j++) {
        if (spec.targets().get(j).kind() == TargetKind.CATEGORICAL) {
          values[r * targets + j] = states[r * gates + j];
        }
      }
    }
    return values;
  }

  private static float[] leadingColumns(float[] matrix, int rows, int columns, int count) {
    float[] out = new float[rows * count];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(matrix, r * columns, out, r * count, count);
    }
    return out;
  }

  private static NDArray array(NDManager scope, Tensor tensor) {
    return NativeArrays.of(scope, tensor);
  }
}
