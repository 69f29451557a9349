package org.flowimpute.training.onnx;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import org.flowimpute.training.model.ModelSpec;
import org.flowimpute.training.model.ReferenceSampler;
import org.flowimpute.training.model.SamplerWeights;
import org.flowimpute.training.model.Samples;
import org.flowimpute.training.model.TrainedModel;

/**
 * Exports a trained model to ONNX bytes and proves the file before anyone uses it: ONNX Runtime
 * must load it, and on the given contexts with fixed noise it must sample the same gate states as
 * the DJL reference sampler and values within 1e-4 relative.
 */
public final class CheckedExport {

  /** Largest relative value difference accepted between ONNX Runtime and the reference. */
  public static final double VALUE_TOLERANCE = 1e-4;

  private CheckedExport() {}

  /**
   * The ONNX bytes of {@code model} with {@code metadata} as metadata_props, checked against DJL on
   * {@code contexts}.
   *
   * @param contexts [rows, E] contexts to check on (e.g. a sample of training rows), ending with
   *     the observed-target block for a model with observed-target inputs
   * @param observedValues [rows, T] observed values in original units (zeros without such inputs)
   * @throws IllegalStateException if ONNX Runtime rejects the graph or disagrees with DJL
   */
  public static byte[] export(
      TrainedModel model,
      Map<String, String> metadata,
      float[] contexts,
      float[] observedValues,
      int rows) {
    SamplerWeights weights = SamplerWeights.of(model);
    byte[] bytes = OnnxExporter.export(weights, metadata).toByteArray();
    ModelSpec spec = model.spec();
    SplittableRandom random = new SplittableRandom(rows);
    float[] uniform = new float[rows * spec.gates()];
    float[] normal = new float[rows * spec.flowDims()];
    for (int i = 0; i < uniform.length; i++) {
      uniform[i] = (float) random.nextDouble();
    }
    for (int i = 0; i < normal.length; i++) {
      normal[i] = (float) random.nextGaussian();
    }
    Samples reference;
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      reference =
          new ReferenceSampler(weights)
              .sample(manager, contexts, uniform, normal, observedValues, rows);
    }
    compare(reference, run(bytes, spec, contexts, uniform, normal, observedValues, rows), spec);
    return bytes;
  }

  /**
   * Runs the graph in ONNX Runtime; {@code contexts} are the network's contexts (with the
   * observed-target block at the end if the model has one), split here into the graph's inputs.
   */
  public static Samples run(
      byte[] bytes,
      ModelSpec spec,
      float[] contexts,
      float[] uniform,
      float[] normal,
      float[] observedValues,
      int rows) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> feed = new java.util.LinkedHashMap<>();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      feed.put(
          OnnxNames.CONTEXT,
          tensor(environment, columns(contexts, rows, spec.contextDim(), 0, spec.conditionDim())));
      feed.put(OnnxNames.GATE_UNIFORM, tensor(environment, uniform, rows, spec.gates()));
      feed.put(OnnxNames.FLOW_NORMAL, tensor(environment, normal, rows, spec.flowDims()));
      if (spec.observedInputs()) {
        feed.put(
            OnnxNames.OBSERVED,
            tensor(
                environment,
                columns(
                    contexts, rows, spec.contextDim(), spec.conditionDim(), spec.observedWidth())));
        feed.put(
            OnnxNames.OBSERVED_VALUES,
            tensor(environment, observedValues, rows, spec.targets().size()));
      }
      try (OrtSession session = environment.createSession(bytes, options);
          OrtSession.Result result = session.run(feed)) {
        float[] values = new float[rows * spec.targets().size()];
        long[] states = new long[rows * spec.gates()];
        float[] probabilities = new float[rows * spec.totalStates()];
        ((OnnxTensor) result.get(OnnxNames.VALUES).orElseThrow()).getFloatBuffer().get(values);
        ((OnnxTensor) result.get(OnnxNames.GATE_STATES).orElseThrow()).getLongBuffer().get(states);
        ((OnnxTensor) result.get(OnnxNames.GATE_PROBABILITIES).orElseThrow())
            .getFloatBuffer()
            .get(probabilities);
        return new Samples(rows, values, states, probabilities);
      }
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime rejected the exported graph: " + e.getMessage(), e);
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  private record Matrix(float[] data, int rows, int width) {}

  private static Matrix columns(float[] matrix, int rows, int width, int from, int count) {
    float[] out = new float[rows * count];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(matrix, r * width + from, out, r * count, count);
    }
    return new Matrix(out, rows, count);
  }

  private static OnnxTensor tensor(OrtEnvironment environment, Matrix matrix) throws OrtException {
    return tensor(environment, matrix.data(), matrix.rows(), matrix.width());
  }

  private static OnnxTensor tensor(OrtEnvironment environment, float[] data, int rows, int width)
      throws OrtException {
    return OnnxTensor.createTensor(environment, FloatBuffer.wrap(data), new long[] {rows, width});
  }

  private static void compare(Samples reference, Samples onnx, ModelSpec spec) {
    int targets = spec.targets().size();
    for (int r = 0; r < reference.rows(); r++) {
      for (int j = 0; j < spec.gates(); j++) {
        long expected = reference.gateStates()[r * spec.gates() + j];
        long actual = onnx.gateStates()[r * spec.gates() + j];
        if (expected != actual) {
          throw new IllegalStateException(
              "export check: row "
                  + (r + 1)
                  + " gate "
                  + j
                  + " state "
                  + actual
                  + ", DJL "
                  + expected);
        }
      }
      for (int t = 0; t < targets; t++) {
        float expected = reference.values()[r * targets + t];
        float actual = onnx.values()[r * targets + t];
        if (!(Math.abs(actual - expected)
            <= VALUE_TOLERANCE * Math.max(Math.abs(expected), 1e-3))) {
          throw new IllegalStateException(
              "export check: row "
                  + r
                  + " target "
                  + spec.targets().get(t).name()
                  + " value "
                  + actual
                  + ", DJL "
                  + expected);
        }
      }
    }
  }
}
