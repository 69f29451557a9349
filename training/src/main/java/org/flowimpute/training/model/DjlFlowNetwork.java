package org.flowimpute.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gate model and the conditional flow as DJL computations, used for training: given contexts,
 * observed gate states (one-hot) and transformed magnitudes, it returns per-row log-likelihoods of
 * the gates, p(g | c) = prod_j p(g_j | c, g_&lt;j), and of the magnitudes, p(y | c, g).
 *
 * <p>Parameters and masks live in this object's own manager (a child of the one given) and are
 * freed by {@link #close()}; callers own every array they create per step.
 */
public final class DjlFlowNetwork implements AutoCloseable {

  private static final float HALF_LOG_TWO_PI = (float) (0.5 * Math.log(2 * Math.PI));

  private final ModelSpec spec;
  private final NDManager manager;
  private final Map<String, NDArray> parameters = new LinkedHashMap<>();
  private final NDArray gateInputMask;
  private final NDArray gateOutputMask;
  private final NDArray logitMask;
  private final List<NDArray[]> flowMasks = new ArrayList<>();

  /**
   * Scalars as PyTorch-owned tensors. {@code x.mul(2f)} would wrap the 2 in a Java direct buffer
   * that autograd keeps for the backward pass after DJL has let go of it; a GC in between frees the
   * memory backward then reads (seen as rare run-to-run differences with the same seed).
   */
  private final NDArray clampScalar;

  private final NDArray minusHalf;
  private final NDArray halfLogTwoPi;

  /** Creates the network with {@code weights}; {@code trainable} attaches gradients. */
  public DjlFlowNetwork(
      NDManager parent, ModelSpec spec, Map<String, Tensor> weights, boolean trainable) {
    this.spec = spec;
    this.manager = parent.newSubManager();
    for (Map.Entry<String, long[]> entry : ParameterLayout.shapes(spec).entrySet()) {
      Tensor value = weights.get(entry.getKey());
      NDArray array = NativeArrays.of(manager, value.data(), new Shape(entry.getValue()));
      if (trainable) {
        array.setRequiresGradient(true);
      }
      parameters.put(entry.getKey(), array);
    }
    int heads = spec.gates() * spec.architecture().gateHidden();
    gateInputMask =
        NativeArrays.of(manager, Masks.gateInput(spec), new Shape(spec.totalStates(), heads));
    gateOutputMask =
        NativeArrays.of(manager, Masks.gateOutput(spec), new Shape(heads, spec.totalStates()));
    logitMask = NativeArrays.of(manager, spec.logitMask(), new Shape(spec.totalStates()));
    clampScalar = NativeArrays.of(manager, new float[] {spec.architecture().clamp()}, new Shape());
    minusHalf = NativeArrays.of(manager, new float[] {-0.5f}, new Shape());
    halfLogTwoPi = NativeArrays.of(manager, new float[] {HALF_LOG_TWO_PI}, new Shape());
    int dims = spec.flowDims();
    int hidden = spec.architecture().hidden();
    FlowKind kind = spec.architecture().flow();
    for (int l = 0; dims > 0 && l < spec.architecture().flowLayers(); l++) {
      flowMasks.add(
          new NDArray[] {
            NativeArrays.of(manager, Masks.input(kind, dims, hidden, l), new Shape(dims, hidden)),
            NativeArrays.of(manager, Masks.hidden(kind, dims, hidden), new Shape(hidden, hidden)),
            NativeArrays.of(manager, Masks.output(kind, dims, hidden, l), new Shape(hidden, dims)),
            NativeArrays.of(manager, Masks.outputBias(kind, dims, l), new Shape(dims))
          });
    }
  }

  public ModelSpec spec() {
    return spec;
  }

  /** Trainable parameters by name (owned by this network). */
  public Map<String, NDArray> parameters() {
    return parameters;
  }

  /**
   * Per-row log-likelihoods where only some gates count.
   *
   * @param context [N, E] encoded conditions
   * @param gateOneHot [N, S] one-hot gate states
   * @param flowValues [N, D] transformed magnitudes (filler where the gate is not nonzero), or null
   *     when there are no continuous targets
   * @param gateLossMask [N, S] one-hot of the gates that enter the gate log-likelihood (all of
   *     {@code gateOneHot}, or zeros for gates the record has observed)
   * @return gate log-likelihood [N] and flow log-likelihood [N] (zeros without a flow)
   */
  public NDList logLikelihoods(
      NDArray context, NDArray gateOneHot, NDArray flowValues, NDArray gateLossMask) {
    NDArray gateLogLik =
        gateLogProbabilities(context, gateOneHot).mul(gateLossMask).sum(new int[] {1});
    NDArray flowLogLik =
        spec.flowDims() == 0
            ? context.getManager().zeros(new Shape(context.getShape().get(0)))
            : flowLogLikelihood(flowValues, context.concat(gateOneHot, 1));
    return new NDList(gateLogLik, flowLogLik);
  }

  /** Per-gate-state log-probabilities [N, S] (each gate's block sums to one after exp). */
  public NDArray gateLogProbabilities(NDArray context, NDArray gateOneHot) {
    NDArray trunk = Activation.relu(context.matMul(p("gate.trunk.w")).add(p("gate.trunk.b")));
    NDArray hidden =
        Activation.relu(
            trunk
                .matMul(p("gate.a"))
                .add(gateOneHot.matMul(p("gate.b").mul(gateInputMask)))
                .add(p("gate.ab")));
    NDArray logits = hidden.matMul(p("gate.c").mul(gateOutputMask)).add(p("gate.d")).add(logitMask);
    int states = spec.targets().get(0).states();
    if (spec.targets().stream().allMatch(target -> target.states() == states)) {
      // Every gate has the same number of states: one log-softmax over a [N, G, states] view.
      return logits.reshape(-1, spec.gates(), states).logSoftmax(2).reshape(-1, spec.totalStates());
    }
    NDList blocks = new NDList();
    for (int j = 0; j < spec.gates(); j++) {
      int from = spec.stateOffset(j);
      int to = from + spec.targets().get(j).states();
      blocks.add(logits.get(":, {}:{}", from, to).logSoftmax(1));
    }
    return NDArrays.concat(blocks, 1);
  }

  /** Maps magnitudes to base noise; returns the base values [N, D] and log|det| [N]. */
  public NDList normalize(NDArray flowValues, NDArray condition) {
    NDArray u = flowValues;
    NDArray logDet = null;
    for (int l = 0; l < flowMasks.size(); l++) {
      String prefix = ParameterLayout.flowPrefix(l);
      NDArray[] masks = flowMasks.get(l);
      NDArray z1 =
          Activation.relu(
              u.matMul(p(prefix + "w1").mul(masks[0]))
                  .add(condition.matMul(p(prefix + "wc")))
                  .add(p(prefix + "b1")));
      NDArray z2 = Activation.relu(z1.matMul(p(prefix + "w2").mul(masks[1])).add(p(prefix + "b2")));
      NDArray shift =
          z2.matMul(p(prefix + "wmu").mul(masks[2])).add(p(prefix + "bmu").mul(masks[3]));
      NDArray rawScale =
          z2.matMul(p(prefix + "wa").mul(masks[2])).add(p(prefix + "ba").mul(masks[3]));
      NDArray logScale = rawScale.div(clampScalar).tanh().mul(clampScalar);
      u = u.sub(shift).mul(logScale.neg().exp());
      NDArray layerLogDet = logScale.sum(new int[] {1}).neg();
      logDet = logDet == null ? layerLogDet : logDet.add(layerLogDet);
    }
    return new NDList(u, logDet);
  }

  private NDArray flowLogLikelihood(NDArray flowValues, NDArray condition) {
    NDList normalized = normalize(flowValues, condition);
    NDArray u = normalized.get(0);
    NDArray base = u.square().mul(minusHalf).sub(halfLogTwoPi).sum(new int[] {1});
    return base.add(normalized.get(1));
  }

  /** Copies the current parameter values to the Java heap. */
  public Map<String, Tensor> snapshot() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
      NDArray array = entry.getValue();
      out.put(entry.getKey(), new Tensor(array.getShape().getShape(), array.toFloatArray()));
    }
    return out;
  }

  private NDArray p(String name) {
    return parameters.get(name);
  }

  @Override
  public void close() {
    manager.close();
  }
}
