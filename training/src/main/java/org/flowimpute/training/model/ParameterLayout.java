package org.flowimpute.training.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Names, shapes and initial values of all trainable parameters. Matrices are stored [in, out] so
 * that a layer is x @ W + b in DJL and ONNX alike.
 *
 * <p>Gate model: trunk t = relu(c Wt + bt); head j: z_j = relu(t A_j + onehot(g_&lt;j) B_j + a_j),
 * logits_j = z_j C_j + d_j. Flow layer l: z1 = relu(y W1 + h Wc + b1), z2 = relu(z1 W2 + b2), mu =
 * z2 Wmu + bmu, alpha = clamp * tanh((z2 Wa + ba) / clamp).
 */
public final class ParameterLayout {

  private ParameterLayout() {}

  /** Parameter shapes in a fixed order (the order of initialization and serialization). */
  public static Map<String, long[]> shapes(ModelSpec spec) {
    Architecture arch = spec.architecture();
    int e = spec.contextDim();
    int s = spec.totalStates();
    int heads = spec.gates() * arch.gateHidden();
    int h = arch.hidden();
    int d = spec.flowDims();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put("gate.trunk.w", new long[] {e, h});
    shapes.put("gate.trunk.b", new long[] {h});
    shapes.put("gate.a", new long[] {h, heads});
    shapes.put("gate.b", new long[] {s, heads});
    shapes.put("gate.ab", new long[] {heads});
    shapes.put("gate.c", new long[] {heads, s});
    shapes.put("gate.d", new long[] {s});
    if (d > 0) {
      int c = spec.flowConditionDim();
      for (int l = 0; l < arch.flowLayers(); l++) {
        String p = flowPrefix(l);
        shapes.put(p + "w1", new long[] {d, h});
        shapes.put(p + "wc", new long[] {c, h});
        shapes.put(p + "b1", new long[] {h});
        shapes.put(p + "w2", new long[] {h, h});
        shapes.put(p + "b2", new long[] {h});
        shapes.put(p + "wmu", new long[] {h, d});
        shapes.put(p + "bmu", new long[] {d});
        shapes.put(p + "wa", new long[] {h, d});
        shapes.put(p + "ba", new long[] {d});
      }
    }
    return shapes;
  }

  /** Name prefix of flow layer {@code layer}'s parameters. */
  public static String flowPrefix(int layer) {
    return "flow" + layer + ".";
  }

  /**
   * Initial values from {@code seed}: Glorot-uniform matrices, zero biases, flow output weights
   * scaled by 0.01 so each layer starts near the identity.
   */
  public static Map<String, Tensor> initial(ModelSpec spec, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Tensor> values = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> entry : shapes(spec).entrySet()) {
      long[] shape = entry.getValue();
      float[] data = new float[(int) (shape.length == 1 ? shape[0] : shape[0] * shape[1])];
      if (shape.length == 2) {
        double bound = Math.sqrt(6.0 / (shape[0] + shape[1]));
        boolean flowOutput = entry.getKey().endsWith(".wmu") || entry.getKey().endsWith(".wa");
        double scale = flowOutput ? 0.01 : 1.0;
        for (int i = 0; i < data.length; i++) {
          data[i] = (float) (scale * bound * (2 * random.nextDouble() - 1));
        }
      }
      values.put(entry.getKey(), new Tensor(shape, data));
    }
    return values;
  }
}
