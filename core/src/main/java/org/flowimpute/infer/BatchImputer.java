package org.flowimpute.infer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.bundle.ModelDimensions;
import org.flowimpute.bundle.OnnxSpec;
import org.flowimpute.noise.NoiseKey;
import org.flowimpute.noise.RecordNoiseSource;

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
  public static final String OBSERVED = "observed";
  public static final String OBSERVED_VALUES = "observed_values";

  private final String modelId;
  private final ImputedAmounts amounts;
  private final InferenceOptions options;
  private final SessionLease lease;
  private final int contextWidth;
  private final int gates;
  private final int flowDims;
  private final int targets;
  private final int gateStateTotal;

  /** Width of the input {@code observed}; 0 for models without observed-target inputs. */
  private final int observedWidth;

  /** Direct buffers the input tensors are made from, one per input, reused across runs. */
  private final FloatBuffer[] inputBuffers = new FloatBuffer[5];

  /** Direct buffers the outputs values and gate_probabilities are written into, reused. */
  private final FloatBuffer[] outputBuffers = new FloatBuffer[2];

  /** Direct buffer the output gate_states is written into, reused. */
  private LongBuffer stateBuffer;

  private RecordNoiseSource noiseSource;
  private long noiseSeed;

  /** Reads the sizes from the session of {@code lease}, which the caller closes on failure. */
  private BatchImputer(
      String modelId, ImputedAmounts amounts, InferenceOptions options, SessionLease lease) {
    this.modelId = modelId;
    this.amounts = amounts;
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
      this.observedWidth = inputs.containsKey(OBSERVED) ? width(inputs, OBSERVED) : 0;
    } catch (OrtException e) {
      throw new IllegalStateException("cannot read the model's inputs and outputs", e);
    }
  }

  /**
   * An imputer on {@code lease} whose graph passes {@code check}; on any failure the lease is
   * released, so that a graph that cannot be used leaves no session cached (a broken graph's
   * session stayed open for the life of the process).
   */
  private static BatchImputer opened(
      String modelId,
      ImputedAmounts amounts,
      InferenceOptions options,
      SessionLease lease,
      Consumer<BatchImputer> check) {
    try {
      BatchImputer imputer = new BatchImputer(modelId, amounts, options, lease);
      check.accept(imputer);
      return imputer;
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  /**
   * Opens an imputer for the graph {@code modelBytes} (model.onnx) under model id {@code modelId},
   * which keys its records' noise; the session is the cached one of these bytes and options, if
   * any.
   */
  public static BatchImputer open(String modelId, byte[] modelBytes, InferenceOptions options) {
    return opened(
        modelId,
        ImputedAmounts.none(),
        options,
        OrtSessions.acquire(modelBytes, options),
        imputer -> {});
  }

  /**
   * Opens an imputer for the model of {@code bundle} as {@link #open(Manifest, Supplier,
   * InferenceOptions)} does, with a graph that does not load or does not belong to the manifest
   * named by the bundle's location, as {@code inspect} names it (the error said only "ONNX Runtime
   * could not load the model: ...", whichever bundle it was).
   */
  public static BatchImputer open(ModelBundle bundle, InferenceOptions options) {
    try {
      return open(bundle.manifest(), bundle::modelBytes, options);
    } catch (GraphLoadException e) {
      throw new GraphLoadException(bundle.location() + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(bundle.location() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens an imputer for the model of {@code manifest}, whose values follow the manifest's rules
   * for amounts ({@link ImputedAmounts}: exact point masses, magnitudes within each sign's range).
   * The session is the cached one of the graph's SHA-256 and the options: when the manifest lists
   * model.onnx's checksum, {@code modelBytes} is read only if no such session is cached yet (and
   * must have that checksum), else it is read and hashed.
   */
  public static BatchImputer open(
      Manifest manifest, Supplier<byte[]> modelBytes, InferenceOptions options) {
    ImputedAmounts amounts = ImputedAmounts.of(manifest);
    String listed = manifest.checksums().get(ModelBundle.MODEL_FILE);
    return opened(
        manifest.modelId(),
        amounts,
        options,
        listed == null
            ? OrtSessions.acquire(modelBytes.get(), options)
            : OrtSessions.acquire(listed, modelBytes, options),
        imputer -> imputer.requireMatches(manifest));
  }

  /**
   * Refuses a graph that is not the manifest's: other input or output widths (a model.onnx copied
   * from another bundle, with its checksum edited) or, where the graph names its model, another
   * model id. Without this check a graph of another shape failed on the first batch ("expected 200
   * x 10 context floats") and one of the same shape imputed under the wrong model id.
   */
  private void requireMatches(Manifest manifest) {
    ModelDimensions dims = manifest.dimensions();
    String mismatch =
        mismatch(CONTEXT + " width", contextWidth, dims.encodedWidth())
            + mismatch(GATE_UNIFORM + " width", gates, dims.gates())
            + mismatch(FLOW_NORMAL + " width", flowDims, dims.continuousTargets())
            + mismatch(VALUES + " width", targets, dims.targets())
            + mismatch(GATE_PROBABILITIES + " width", gateStateTotal, dims.gateStateTotal());
    if (observedWidth > 0) {
      mismatch += mismatch(OBSERVED + " width", observedWidth, dims.observedWidth());
    }
    String graphModelId = graphModelId();
    if (graphModelId != null && !graphModelId.equals(manifest.modelId())) {
      mismatch += "; the graph's metadata names model " + graphModelId;
    }
    if (!mismatch.isEmpty()) {
      throw new IllegalArgumentException(
          "model "
              + manifest.modelId()
              + ": model.onnx does not belong to this manifest"
              + mismatch
              + " (a bundle's files must come from one training run)");
    }
  }

  private static String mismatch(String what, int graph, int manifest) {
    return graph == manifest
        ? ""
        : "; " + what + " " + graph + " in the graph, " + manifest + " by the manifest";
  }

  /** The model id the graph's metadata holds ({@link OnnxSpec#MODEL_ID_METADATA}), or null. */
  public String graphModelId() {
    try {
      return lease.session().getMetadata().getCustomMetadata().get(OnnxSpec.MODEL_ID_METADATA);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot read the model's metadata", e);
    }
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

  /** Width of the input {@code observed} (0 without observed-target inputs). */
  public int observedWidth() {
    return observedWidth;
  }

  /**
   * Imputes records (every target missing).
   *
   * @param contexts [keys.size(), E] encoded conditions, row-major
   * @param keys each record's stable key (never its position in the batch)
   * @param seed the global seed
   */
  public ImputedBatch impute(float[] contexts, List<String> keys, long seed) {
    int rows = keys.size();
    return impute(contexts, new float[rows * observedWidth], new float[rows * targets], keys, seed);
  }

  /**
   * Imputes records that may carry some targets: only the missing ones are drawn, conditioned on
   * the observed ones, which are returned unchanged. For models without observed-target inputs
   * {@link #observedWidth()} is 0 and {@code observedValues} is ignored.
   *
   * @param observed [rows, observedWidth()] from {@link
   *     org.flowimpute.encode.ObservedTargetEncoder}
   * @param observedValues [rows, T] observed values in original units
   */
  public ImputedBatch impute(
      float[] contexts, float[] observed, float[] observedValues, List<String> keys, long seed) {
    int rows = keys.size();
    if (contexts.length != rows * contextWidth) {
      throw new IllegalArgumentException(
          "expected " + rows + " x " + contextWidth + " context floats, got " + contexts.length);
    }
    if (observed.length != rows * observedWidth || observedValues.length != rows * targets) {
      throw new IllegalArgumentException(
          "expected "
              + rows
              + " x "
              + observedWidth
              + " observed and "
              + rows
              + " x "
              + targets
              + " observed-value floats, got "
              + observed.length
              + " and "
              + observedValues.length);
    }
    float[] uniforms = new float[rows * gates];
    float[] normals = new float[rows * flowDims];
    RecordNoiseSource source = noiseSource(seed);
    for (int r = 0; r < rows; r++) {
      source.fillInputs(keys.get(r), uniforms, r * gates, gates, normals, r * flowDims, flowDims);
    }
    return imputeWithNoise(contexts, observed, observedValues, uniforms, normals, rows);
  }

  /**
   * The noise source of {@code seed} for this model, kept while the seed stays the same; a new seed
   * gets a source on the same digest ({@link RecordNoiseSource#withSeed}).
   */
  private RecordNoiseSource noiseSource(long seed) {
    if (noiseSource == null) {
      noiseSource = RecordNoiseSource.of(seed, modelId);
      noiseSeed = seed;
    } else if (noiseSeed != seed) {
      noiseSource = noiseSource.withSeed(seed);
      noiseSeed = seed;
    }
    return noiseSource;
  }

  /** Runs the graph on given noise (for tests and for callers with their own noise). */
  public ImputedBatch imputeWithNoise(
      float[] contexts, float[] uniforms, float[] normals, int rows) {
    return imputeWithNoise(
        contexts,
        new float[rows * observedWidth],
        new float[rows * targets],
        uniforms,
        normals,
        rows);
  }

  /** Runs the graph on given noise and observed targets. */
  public ImputedBatch imputeWithNoise(
      float[] contexts,
      float[] observed,
      float[] observedValues,
      float[] uniforms,
      float[] normals,
      int rows) {
    float[] values = new float[rows * targets];
    long[] states = new long[rows * gates];
    float[] probabilities = new float[rows * gateStateTotal];
    int batch = options.batchSize();
    for (int from = 0; from < rows; from += batch) {
      int count = Math.min(batch, rows - from);
      run(
          new float[][] {contexts, uniforms, normals, observed, observedValues},
          from,
          count,
          values,
          states,
          probabilities);
    }
    return new ImputedBatch(
        rows,
        targets,
        gates,
        gateStateTotal,
        values,
        states,
        probabilities,
        amounts.observedIn(observed, observedWidth));
  }

  /** Inputs in the order context, gate_uniform, flow_normal, observed, observed_values. */
  private void run(
      float[][] inputs, int from, int count, float[] values, long[] states, float[] probabilities) {
    OrtEnvironment environment = OrtSessions.environment();
    String[] names = {CONTEXT, GATE_UNIFORM, FLOW_NORMAL, OBSERVED, OBSERVED_VALUES};
    int[] widths = {contextWidth, gates, flowDims, observedWidth, targets};
    int used = observedWidth > 0 ? names.length : 3;
    Map<String, OnnxTensor> feed = new LinkedHashMap<>();
    try {
      for (int i = 0; i < used; i++) {
        feed.put(names[i], tensor(environment, i, inputs[i], from, count, widths[i]));
      }
      run(feed, from, count, values, states, probabilities);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime failed on model " + modelId + ": " + e.getMessage(), e);
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  private void run(
      Map<String, OnnxTensor> feed,
      int from,
      int count,
      float[] values,
      long[] states,
      float[] probabilities)
      throws OrtException {
    OrtEnvironment environment = OrtSessions.environment();
    FloatBuffer valueBuffer = floatOutput(0, count * targets);
    LongBuffer stateBuffer = stateOutput(count * gates);
    FloatBuffer probabilityBuffer = floatOutput(1, count * gateStateTotal);
    Map<String, OnnxTensor> outputs = new LinkedHashMap<>();
    try {
      outputs.put(
          VALUES, OnnxTensor.createTensor(environment, valueBuffer, new long[] {count, targets}));
      outputs.put(
          GATE_STATES,
          OnnxTensor.createTensor(environment, stateBuffer, new long[] {count, gates}));
      outputs.put(
          GATE_PROBABILITIES,
          OnnxTensor.createTensor(
              environment, probabilityBuffer, new long[] {count, gateStateTotal}));
      lease.session().run(feed, outputs).close();
    } finally {
      outputs.values().forEach(OnnxTensor::close);
    }
    valueBuffer.get(0, values, from * targets, count * targets);
    stateBuffer.get(0, states, from * gates, count * gates);
    probabilityBuffer.get(0, probabilities, from * gateStateTotal, count * gateStateTotal);
  }

  /**
   * Output {@code output}'s (0 values, 1 gate probabilities) reused direct buffer, limited to
   * {@code size} floats: ONNX Runtime writes a run's outputs into these (pinned outputs) instead of
   * buffers of its own that {@code getFloatBuffer()} copied into a fresh heap buffer per call.
   */
  private FloatBuffer floatOutput(int output, int size) {
    FloatBuffer buffer = outputBuffers[output];
    if (buffer == null || buffer.capacity() < size) {
      buffer =
          directFloats(
              Math.max(size, options.batchSize() * (output == 0 ? targets : gateStateTotal)));
      outputBuffers[output] = buffer;
    }
    buffer.clear();
    buffer.limit(size);
    return buffer;
  }

  /** The reused direct buffer of the output {@code gate_states}, limited to {@code size} longs. */
  private LongBuffer stateOutput(int size) {
    if (stateBuffer == null || stateBuffer.capacity() < size) {
      stateBuffer =
          ByteBuffer.allocateDirect(Math.max(size, options.batchSize() * gates) * Long.BYTES)
              .order(ByteOrder.nativeOrder())
              .asLongBuffer();
    }
    stateBuffer.clear();
    stateBuffer.limit(size);
    return stateBuffer;
  }

  private static FloatBuffer directFloats(int capacity) {
    return ByteBuffer.allocateDirect(capacity * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  /**
   * A tensor over input {@code input}'s reused direct buffer holding rows {@code from .. from +
   * count - 1} of {@code data}: ONNX Runtime reads a direct buffer in place, where a heap buffer
   * costs a fresh direct copy per run.
   */
  private OnnxTensor tensor(
      OrtEnvironment environment, int input, float[] data, int from, int count, int width)
      throws OrtException {
    int size = count * width;
    FloatBuffer buffer = inputBuffers[input];
    if (buffer == null || buffer.capacity() < size) {
      int capacity = Math.max(size, options.batchSize() * width);
      buffer =
          ByteBuffer.allocateDirect(capacity * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
      inputBuffers[input] = buffer;
    }
    buffer.clear();
    buffer.put(data, from * width, size);
    buffer.flip();
    return OnnxTensor.createTensor(environment, buffer, new long[] {count, width});
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
