package org.flowimpute.infer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.flowimpute.noise.NoiseKey;
import org.flowimpute.noise.RecordNoise;

/**
 * Runs a model bundle's ONNX graph on encoded records: draws each record's noise from its key
 * (global seed, model id, record key) through {@link NoiseKey}, feeds the session in batches and
 * returns values, gate states and gate probabilities. The same record, model and seed give the same
 * output whatever the batch size, order, thread or runner.
 *
 * <p>Sizes (E, G, D, T, S) are read from the session's input and output shapes. Sessions come from
 * {@link OrtSessions}; {@link #close()} releases this imputer's lease. An instance may be used by
 * one thread at a time; open one per thread (they share the session).
 */
public final class BatchImputer implements AutoCloseable {

  /** Input names of the model contract. */
  public static final String CONTEXT = "context";

  public static final String GATE_UNIFORM = "gate_uniform";
  public static final String FLOW_NORMAL = "flow_normal";
  public static final String VALUES = "values";
  public static final String GATE_STATES = "gate_states";
  public static final String GATE_PROBABILITIES = "gate_probabilities";

  private final String modelId;
  private final InferenceOptions options;
  private final SessionLease lease;
  private final int contextWidth;
  private final int gates;
  private final int flowDims;
  private final int targets;
  private final int gateStateTotal;

  private BatchImputer(String modelId, InferenceOptions options, SessionLease lease) {
    this.modelId = modelId;
    this.options = options;
    this.lease = lease;
    try {
      Map<String, ai.onnxruntime.NodeInfo> inputs = lease.session().getInputInfo();
      Map<String, ai.onnxruntime.NodeInfo> outputs = lease.session().getOutputInfo();
      this.contextWidth = width(inputs, CONTEXT);
      this.gates = width(inputs, GATE_UNIFORM);
      this.flowDims = width(inputs, FLOW_NORMAL);
      this.targets = width(outputs, VALUES);
      this.gateStateTotal = width(outputs, GATE_PROBABILITIES);
    } catch (OrtException e) {
      lease.close();
      throw new IllegalStateException("cannot read the model's inputs and outputs", e);
    }
  }

  /**
   * Opens an imputer for model {@code modelId}; {@code modelBytes} (model.onnx) is read only if no
   * session for (model id, options) is cached yet.
   */
  public static BatchImputer open(
      String modelId, Supplier<byte[]> modelBytes, InferenceOptions options) {
    return new BatchImputer(modelId, options, OrtSessions.acquire(modelId, modelBytes, options));
  }

  /** E: floats per encoded context. */
  public int contextWidth() {
    return contextWidth;
  }

  /** T: values per record. */
  public int targets() {
    return targets;
  }

  /** G: gates per record. */
  public int gates() {
    return gates;
  }

  /** S: gate probabilities per record. */
  public int gateStateTotal() {
    return gateStateTotal;
  }

  /**
   * Imputes records.
   *
   * @param contexts [keys.size(), E] encoded conditions, row-major
   * @param keys each record's stable key (never its position in the batch)
   * @param seed the global seed
   */
  public ImputedBatch impute(float[] contexts, List<String> keys, long seed) {
    int rows = keys.size();
    if (contexts.length != rows * contextWidth) {
      throw new IllegalArgumentException(
          "expected " + rows + " x " + contextWidth + " context floats, got " + contexts.length);
    }
    float[] uniforms = new float[rows * gates];
    float[] normals = new float[rows * flowDims];
    for (int r = 0; r < rows; r++) {
      RecordNoise noise = NoiseKey.of(seed, modelId, keys.get(r)).noise();
      noise.fillUniform(RecordNoise.GATE_UNIFORM_STREAM, uniforms, r * gates, gates);
      noise.fillNormal(RecordNoise.FLOW_NORMAL_STREAM, normals, r * flowDims, flowDims);
    }
    return imputeWithNoise(contexts, uniforms, normals, rows);
  }

  /** Runs the graph on given noise (for tests and for callers with their own noise). */
  public ImputedBatch imputeWithNoise(
      float[] contexts, float[] uniforms, float[] normals, int rows) {
    float[] values = new float[rows * targets];
    long[] states = new long[rows * gates];
    float[] probabilities = new float[rows * gateStateTotal];
    int batch = options.batchSize();
    for (int from = 0; from < rows; from += batch) {
      int count = Math.min(batch, rows - from);
      run(contexts, uniforms, normals, from, count, values, states, probabilities);
    }
    return new ImputedBatch(rows, targets, gates, gateStateTotal, values, states, probabilities);
  }

  private void run(
      float[] contexts,
      float[] uniforms,
      float[] normals,
      int from,
      int count,
      float[] values,
      long[] states,
      float[] probabilities) {
    OrtEnvironment environment = OrtSessions.environment();
    try (OnnxTensor context = tensor(environment, contexts, from, count, contextWidth);
        OnnxTensor uniform = tensor(environment, uniforms, from, count, gates);
        OnnxTensor normal = tensor(environment, normals, from, count, flowDims);
        OrtSession.Result result =
            lease
                .session()
                .run(Map.of(CONTEXT, context, GATE_UNIFORM, uniform, FLOW_NORMAL, normal))) {
      copy(result, VALUES).getFloatBuffer().get(values, from * targets, count * targets);
      LongBuffer stateBuffer = copy(result, GATE_STATES).getLongBuffer();
      stateBuffer.get(states, from * gates, count * gates);
      copy(result, GATE_PROBABILITIES)
          .getFloatBuffer()
          .get(probabilities, from * gateStateTotal, count * gateStateTotal);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime failed on model " + modelId + ": " + e.getMessage(), e);
    }
  }

  private static OnnxTensor copy(OrtSession.Result result, String name) {
    OnnxValue value =
        result
            .get(name)
            .orElseThrow(() -> new IllegalStateException("model has no output " + name));
    return (OnnxTensor) value;
  }

  private static OnnxTensor tensor(
      OrtEnvironment environment, float[] data, int from, int count, int width)
      throws OrtException {
    return OnnxTensor.createTensor(
        environment,
        FloatBuffer.wrap(data, from * width, count * width).slice(),
        new long[] {count, width});
  }

  private static int width(Map<String, ai.onnxruntime.NodeInfo> infos, String name) {
    ai.onnxruntime.NodeInfo info = infos.get(name);
    if (info == null || !(info.getInfo() instanceof TensorInfo tensor)) {
      throw new IllegalStateException("model has no tensor named " + name);
    }
    long[] shape = tensor.getShape();
    if (shape.length != 2 || shape[1] < 0) {
      throw new IllegalStateException(
          "tensor " + name + " must be [batch, n], got " + java.util.Arrays.toString(shape));
    }
    return (int) shape[1];
  }

  @Override
  public void close() {
    lease.close();
  }
}
