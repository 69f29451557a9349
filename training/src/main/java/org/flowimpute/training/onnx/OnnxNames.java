package org.flowimpute.training.onnx;

/** Input and output names of the exported graph (the model contract shared with inference). */
public final class OnnxNames {
  /** float32 [batch, E] encoded conditions. */
  public static final String CONTEXT = "context";

  /** float32 [batch, G] one U(0,1) draw per gate. */
  public static final String GATE_UNIFORM = "gate_uniform";

  /** float32 [batch, D] one N(0,1) draw per continuous target. */
  public static final String FLOW_NORMAL = "flow_normal";

  /** float32 [batch, T + S + D] observed-target encoding (models trained with missing targets). */
  public static final String OBSERVED = "observed";

  /** float32 [batch, T] observed values in original units (models trained with missing targets). */
  public static final String OBSERVED_VALUES = "observed_values";

  /** float32 [batch, T] values in original units. */
  public static final String VALUES = "values";

  /** int64 [batch, G] sampled gate states. */
  public static final String GATE_STATES = "gate_states";

  /** float32 [batch, S] probabilities each gate was sampled from. */
  public static final String GATE_PROBABILITIES = "gate_probabilities";

  /** The ONNX operator set the graph is written for. */
  public static final int OPSET = 17;

  private OnnxNames() {}
}
