package org.flowimpute.bundle;

import java.util.List;
import java.util.Optional;

/**
 * The ONNX side of the model contract: opset and the graph's inputs and outputs. {@link #standard}
 * builds the one layout flowimpute models use (docs/model-bundle.md); the manifest checks that the
 * recorded widths agree with its conditions and targets.
 *
 * @param opset the ONNX default-domain opset version of model.onnx
 * @param inputs graph inputs
 * @param outputs graph outputs
 */
public record OnnxSpec(int opset, List<TensorSpec> inputs, List<TensorSpec> outputs) {

  /** Key of the model id in the graph's metadata (checked against the manifest at loading). */
  public static final String MODEL_ID_METADATA = "flowimpute.model_id";

  /** Input: encoded conditions, float32 [batch, E]. */
  public static final String CONTEXT = "context";

  /** Input: one U(0,1) per gate, float32 [batch, G]. */
  public static final String GATE_UNIFORM = "gate_uniform";

  /** Input: one N(0,1) per continuous target, float32 [batch, D]. */
  public static final String FLOW_NORMAL = "flow_normal";

  /**
   * Input of models with observed targets: per record the observed-target encoding of {@link
   * org.flowimpute.encode.ObservedTargetEncoder}, float32 [batch, T + S + D] (mask, one-hot
   * observed states, observed transformed magnitudes; all zeros = nothing observed).
   */
  public static final String OBSERVED = "observed";

  /**
   * Input of models with observed targets: observed values in original units (category index for
   * categorical targets, 0 where not observed), float32 [batch, T]; copied to {@code values} where
   * observed.
   */
  public static final String OBSERVED_VALUES = "observed_values";

  /** Output: all targets in original units, float32 [batch, T]. */
  public static final String VALUES = "values";

  /** Output: the sampled state of each gate, int64 [batch, G]. */
  public static final String GATE_STATES = "gate_states";

  /** Output: the probabilities each gate was sampled from, float32 [batch, S]. */
  public static final String GATE_PROBABILITIES = "gate_probabilities";

  /** The opset flowimpute exports. */
  public static final int DEFAULT_OPSET = 17;

  /** Checks the opset and that tensor names are unique. */
  public OnnxSpec {
    if (opset < 1) {
      throw new IllegalArgumentException("field 'opset' must be >= 1, got " + opset);
    }
    inputs = Fields.requiredList(inputs, "inputs");
    outputs = Fields.requiredList(outputs, "outputs");
    Fields.unique(
        java.util.stream.Stream.concat(inputs.stream(), outputs.stream())
            .map(TensorSpec::name)
            .toList(),
        "tensor name");
  }

  /**
   * The contract's inputs and outputs; {@code observedTargets} adds the inputs {@link #OBSERVED}
   * and {@link #OBSERVED_VALUES}.
   */
  public static OnnxSpec standard(int opset, ModelDimensions dimensions, boolean observedTargets) {
    List<TensorSpec> inputs = new java.util.ArrayList<>();
    inputs.add(TensorSpec.batchOf(CONTEXT, TensorSpec.FLOAT32, dimensions.encodedWidth()));
    inputs.add(TensorSpec.batchOf(GATE_UNIFORM, TensorSpec.FLOAT32, dimensions.gates()));
    inputs.add(TensorSpec.batchOf(FLOW_NORMAL, TensorSpec.FLOAT32, dimensions.continuousTargets()));
    if (observedTargets) {
      inputs.add(TensorSpec.batchOf(OBSERVED, TensorSpec.FLOAT32, dimensions.observedWidth()));
      inputs.add(TensorSpec.batchOf(OBSERVED_VALUES, TensorSpec.FLOAT32, dimensions.targets()));
    }
    return new OnnxSpec(
        opset,
        inputs,
        List.of(
            TensorSpec.batchOf(VALUES, TensorSpec.FLOAT32, dimensions.targets()),
            TensorSpec.batchOf(GATE_STATES, TensorSpec.INT64, dimensions.gates()),
            TensorSpec.batchOf(
                GATE_PROBABILITIES, TensorSpec.FLOAT32, dimensions.gateStateTotal())));
  }

  /** The input with this name, if any. */
  public Optional<TensorSpec> input(String name) {
    return inputs.stream().filter(tensor -> tensor.name().equals(name)).findFirst();
  }

  /**
   * Checks that this spec is exactly {@link #standard} for the dimensions (message says why not).
   */
  void checkMatches(ModelDimensions dimensions, boolean observedTargets) {
    OnnxSpec expected = standard(opset, dimensions, observedTargets);
    checkTensors("inputs", expected.inputs(), inputs);
    checkTensors("outputs", expected.outputs(), outputs);
  }

  private static void checkTensors(
      String field, List<TensorSpec> expected, List<TensorSpec> actual) {
    for (TensorSpec want : expected) {
      TensorSpec have =
          actual.stream()
              .filter(tensor -> tensor.name().equals(want.name()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "onnx." + field + " lacks '" + want.name() + "'"));
      if (!have.equals(want)) {
        throw new IllegalArgumentException(
            "onnx." + field + ": expected " + want + " from conditions and targets, found " + have);
      }
    }
    if (actual.size() != expected.size()) {
      throw new IllegalArgumentException(
          "onnx."
              + field
              + " has "
              + actual.size()
              + " tensors, the contract has "
              + expected.size());
    }
  }
}
