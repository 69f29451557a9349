package org.flowimpute.training.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The trained weights rearranged for sampling: masks multiplied in, gate heads sliced out, unseen
 * states folded into the logit biases. The ONNX exporter and the DJL reference sampler both build
 * their computation from this one value, so the two can only differ by floating-point kernels.
 */
public final class SamplerWeights {

  /** One gate head, sliced for autoregressive sampling. */
  public record GateHead(
      Tensor trunkToHidden,
      Tensor hiddenBias,
      Tensor previousStatesToHidden,
      Tensor hiddenToLogits,
      Tensor logitBias,
      int lastSeenState) {}

  /** One flow layer with masks baked into its weights. */
  public record FlowLayer(
      Tensor inputWeight,
      Tensor conditionWeight,
      Tensor hiddenBias,
      Tensor hiddenWeight,
      Tensor hiddenBias2,
      Tensor shiftWeight,
      Tensor shiftBias,
      Tensor logScaleWeight,
      Tensor logScaleBias,
      int passes) {}

  private final ModelSpec spec;
  private final Tensor trunkWeight;
  private final Tensor trunkBias;
  private final List<GateHead> heads;
  private final List<FlowLayer> flowLayers;

  private SamplerWeights(
      ModelSpec spec,
      Tensor trunkWeight,
      Tensor trunkBias,
      List<GateHead> heads,
      List<FlowLayer> flowLayers) {
    this.spec = spec;
    this.trunkWeight = trunkWeight;
    this.trunkBias = trunkBias;
    this.heads = List.copyOf(heads);
    this.flowLayers = List.copyOf(flowLayers);
  }

  /** Rearranges {@code model}'s weights. */
  public static SamplerWeights of(TrainedModel model) {
    ModelSpec spec = model.spec();
    Architecture arch = spec.architecture();
    int hg = arch.gateHidden();
    float[] gateInputMask = Masks.gateInput(spec);
    float[] logitMask = spec.logitMask();
    Tensor a = model.weight("gate.a");
    Tensor b = model.weight("gate.b");
    Tensor ab = model.weight("gate.ab");
    Tensor c = model.weight("gate.c");
    Tensor d = model.weight("gate.d");
    int width = spec.gates() * hg;
    List<GateHead> heads = new ArrayList<>();
    for (int j = 0; j < spec.gates(); j++) {
      int offset = spec.stateOffset(j);
      int states = spec.targets().get(j).states();
      float[] headA = columns(a, j * hg, hg);
      float[] headBias = new float[hg];
      float[] headB = new float[offset * hg];
      for (int u = 0; u < hg; u++) {
        headBias[u] = ab.data()[j * hg + u];
        for (int s = 0; s < offset; s++) {
          int column = j * hg + u;
          headB[s * hg + u] = b.at(s, column) * gateInputMask[s * width + column];
        }
      }
      float[] headC = new float[hg * states];
      float[] headD = new float[states];
      for (int s = 0; s < states; s++) {
        headD[s] = d.data()[offset + s] + logitMask[offset + s];
        for (int u = 0; u < hg; u++) {
          headC[u * states + s] = c.at(j * hg + u, offset + s);
        }
      }
      heads.add(
          new GateHead(
              new Tensor(new long[] {arch.hidden(), hg}, headA),
              new Tensor(new long[] {hg}, headBias),
              j == 0 ? null : new Tensor(new long[] {offset, hg}, headB),
              new Tensor(new long[] {hg, states}, headC),
              new Tensor(new long[] {states}, headD),
              spec.targets().get(j).lastSeenState()));
    }
    List<FlowLayer> layers = new ArrayList<>();
    int dims = spec.flowDims();
    if (dims > 0) {
      int hidden = arch.hidden();
      FlowKind kind = arch.flow();
      for (int l = 0; l < arch.flowLayers(); l++) {
        String p = ParameterLayout.flowPrefix(l);
        float[] outMask = Masks.output(kind, dims, hidden, l);
        float[] biasMask = Masks.outputBias(kind, dims, l);
        layers.add(
            new FlowLayer(
                masked(model.weight(p + "w1"), Masks.input(kind, dims, hidden, l)),
                model.weight(p + "wc"),
                model.weight(p + "b1"),
                masked(model.weight(p + "w2"), Masks.hidden(kind, dims, hidden)),
                model.weight(p + "b2"),
                masked(model.weight(p + "wmu"), outMask),
                masked(model.weight(p + "bmu"), biasMask),
                masked(model.weight(p + "wa"), outMask),
                masked(model.weight(p + "ba"), biasMask),
                kind.inversePasses(dims)));
      }
    }
    return new SamplerWeights(
        spec, model.weight("gate.trunk.w"), model.weight("gate.trunk.b"), heads, layers);
  }

  private static float[] columns(Tensor matrix, int first, int count) {
    int rows = (int) matrix.shape()[0];
    float[] out = new float[rows * count];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < count; k++) {
        out[r * count + k] = matrix.at(r, first + k);
      }
    }
    return out;
  }

  private static Tensor masked(Tensor weight, float[] mask) {
    float[] data = weight.data();
    for (int i = 0; i < data.length; i++) {
      data[i] *= mask[i];
    }
    return new Tensor(weight.shape(), data);
  }

  public ModelSpec spec() {
    return spec;
  }

  public Tensor trunkWeight() {
    return trunkWeight;
  }

  public Tensor trunkBias() {
    return trunkBias;
  }

  /** Gate heads in gate order. */
  public List<GateHead> heads() {
    return heads;
  }

  /** Flow layers in normalizing order (sampling runs them last to first). */
  public List<FlowLayer> flowLayers() {
    return flowLayers;
  }

  /** Per flow dimension: sigma, mu, low and high clip of the magnitude transform, as floats. */
  public float[][] magnitudeTransform() {
    int[] flowTargets = spec.flowTargets();
    float[][] out = new float[4][flowTargets.length];
    for (int d = 0; d < flowTargets.length; d++) {
      TargetSpec target = spec.targets().get(flowTargets[d]);
      out[0][d] = (float) target.sigma();
      out[1][d] = (float) target.mu();
      out[2][d] = (float) target.logLow();
      out[3][d] = (float) target.logHigh();
    }
    return out;
  }
}
