package org.flowimpute.training.model;

/**
 * Connectivity masks (row-major, shaped like the weight they multiply, [in, out]) that make the
 * gate heads autoregressive and the flow layers invertible.
 *
 * <p>Flow layers: every conditioner maps (y, h) to (mu, alpha) per dimension, where h = [context,
 * one-hot gates] feeds ALL hidden units, so every output sees the context. MAF: hidden units get
 * degrees 0..D-1 (degree-0 units see only h), output d sees hidden units of degree < its own input
 * degree; odd layers reverse the order. Coupling: inputs with b=1 are visible, outputs with b=0 are
 * transformed (b alternates between layers; one dimension: b=0, the layer depends on h only).
 */
public final class Masks {

  private Masks() {}

  /** Degree (1-based position in the autoregressive order) of input dimension d in layer l. */
  static int inputDegree(int d, int dims, int layer) {
    return layer % 2 == 0 ? d + 1 : dims - d;
  }

  /** Whether dimension d is passed through unchanged (b=1) in coupling layer l. */
  static boolean couplingKeeps(int d, int dims, int layer) {
    return dims > 1 && (d + layer) % 2 == 0;
  }

  /** Mask [dims, hidden] of the y -> first hidden layer weight. */
  public static float[] input(FlowKind kind, int dims, int hidden, int layer) {
    float[] mask = new float[dims * hidden];
    for (int d = 0; d < dims; d++) {
      for (int k = 0; k < hidden; k++) {
        boolean visible =
            kind == FlowKind.MAF
                ? inputDegree(d, dims, layer) <= k % dims
                : couplingKeeps(d, dims, layer);
        mask[d * hidden + k] = visible ? 1f : 0f;
      }
    }
    return mask;
  }

  /** Mask [hidden, hidden] of the hidden -> hidden weight. */
  public static float[] hidden(FlowKind kind, int dims, int hidden) {
    float[] mask = new float[hidden * hidden];
    for (int k = 0; k < hidden; k++) {
      for (int m = 0; m < hidden; m++) {
        mask[k * hidden + m] = kind == FlowKind.COUPLING || k % dims <= m % dims ? 1f : 0f;
      }
    }
    return mask;
  }

  /** Mask [hidden, dims] of the hidden -> output (mu or alpha) weight. */
  public static float[] output(FlowKind kind, int dims, int hidden, int layer) {
    float[] mask = new float[hidden * dims];
    for (int k = 0; k < hidden; k++) {
      for (int d = 0; d < dims; d++) {
        boolean visible =
            kind == FlowKind.MAF
                ? k % dims < inputDegree(d, dims, layer)
                : !couplingKeeps(d, dims, layer);
        mask[k * dims + d] = visible ? 1f : 0f;
      }
    }
    return mask;
  }

  /** Mask [dims] of the output biases (coupling: kept dimensions get mu = alpha = 0). */
  public static float[] outputBias(FlowKind kind, int dims, int layer) {
    float[] mask = new float[dims];
    for (int d = 0; d < dims; d++) {
      mask[d] = kind == FlowKind.MAF || !couplingKeeps(d, dims, layer) ? 1f : 0f;
    }
    return mask;
  }

  /**
   * Mask [totalStates, gates * gateHidden] of the one-hot gates -> gate hidden weight: head j sees
   * only the states of gates before j.
   */
  public static float[] gateInput(ModelSpec spec) {
    int[] owner = spec.gateOfState();
    int width = spec.gates() * spec.architecture().gateHidden();
    float[] mask = new float[owner.length * width];
    for (int s = 0; s < owner.length; s++) {
      for (int u = 0; u < width; u++) {
        int head = u / spec.architecture().gateHidden();
        mask[s * width + u] = owner[s] < head ? 1f : 0f;
      }
    }
    return mask;
  }

  /** Mask [gates * gateHidden, totalStates]: head j's hidden units produce only gate j's logits. */
  public static float[] gateOutput(ModelSpec spec) {
    int[] owner = spec.gateOfState();
    int width = spec.gates() * spec.architecture().gateHidden();
    float[] mask = new float[width * owner.length];
    for (int u = 0; u < width; u++) {
      int head = u / spec.architecture().gateHidden();
      for (int s = 0; s < owner.length; s++) {
        mask[u * owner.length + s] = owner[s] == head ? 1f : 0f;
      }
    }
    return mask;
  }
}
