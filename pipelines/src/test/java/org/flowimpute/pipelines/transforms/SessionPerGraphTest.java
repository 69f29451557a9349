package org.flowimpute.pipelines.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flowimpute.bundle.BundleWriter;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.bundle.Sha256;
import org.flowimpute.infer.BatchImputer;
import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.infer.OrtSessions;
import org.flowimpute.pipelines.testing.ContractModels;
import org.flowimpute.pipelines.testing.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime sessions are cached per graph, not per model id: a retrained bundle that kept its
 * model id (a streaming job's hot swap) was run with the replaced bundle's cached session while
 * that was still open, and a graph that failed to open kept its session cached, so its corrected
 * bundle was refused for the life of the process.
 */
class SessionPerGraphTest {

  @TempDir Path dir;

  private static final InferenceOptions OPTIONS = InferenceOptions.defaults();

  @Test
  void twoGraphsOfOneModelIdEachRunTheirOwn() throws Exception {
    Manifest manifest = TestBundles.peopleManifest("people-v1");
    byte[] graph = ContractModels.onnx(manifest);
    ModelBundle first = bundle("first", manifest, graph);
    ModelBundle retrained = bundle("retrained", manifest, withContextWeightsTimes(graph, 3f));
    float[] contexts = contexts(first.manifest(), 8);
    List<String> keys = keys(8);

    double[] fromFirst;
    double[] fromRetrained;
    try (BatchImputer a = BatchImputer.open(first, OPTIONS);
        BatchImputer b = BatchImputer.open(retrained, OPTIONS)) {
      fromFirst = incomes(a, contexts, keys);
      fromRetrained = incomes(b, contexts, keys);
    }
    double[] retrainedAlone;
    try (BatchImputer b = BatchImputer.open(retrained, OPTIONS)) {
      retrainedAlone = incomes(b, contexts, keys);
    }

    assertFalse(Arrays.equals(fromFirst, fromRetrained), "the retrained graph ran");
    assertArrayEquals(retrainedAlone, fromRetrained);
  }

  @Test
  void aGraphThatFailsToOpenLeavesNoSessionAndItsCorrectionOpens() throws Exception {
    Manifest manifest = TestBundles.peopleManifest("people-broken");
    byte[] graph = ContractModels.onnx(manifest);
    ModelBundle broken = bundle("broken", manifest, withoutOutput(graph, "gate_probabilities"));
    ModelBundle corrected = bundle("corrected", manifest, graph);
    int before = OrtSessions.openSessions();

    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> BatchImputer.open(broken, OPTIONS));

    assertEquals("model has no tensor named gate_probabilities", error.getMessage());
    assertEquals(before, OrtSessions.openSessions(), "the failed open's session is closed");
    try (BatchImputer imputer = BatchImputer.open(corrected, OPTIONS)) {
      assertEquals(3, imputer.targets());
    }
  }

  /** Bytes that are not the graph the manifest's checksum names do not open under it. */
  @Test
  void bytesWithoutTheListedChecksumAreRefused() throws Exception {
    Manifest manifest = TestBundles.peopleManifest("people-v1");
    byte[] graph = ContractModels.onnx(manifest);
    byte[] other = withContextWeightsTimes(graph, 3f);
    Manifest listing = manifest.withChecksums(Map.of(ModelBundle.MODEL_FILE, Sha256.of(graph)));

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> BatchImputer.open(listing, () -> other, OPTIONS));

    assertEquals(
        "model.onnx has SHA-256 " + Sha256.of(other) + ", the manifest says " + Sha256.of(graph),
        error.getMessage());
  }

  private ModelBundle bundle(String name, Manifest manifest, byte[] onnx) throws Exception {
    Path directory = dir.resolve(name);
    BundleWriter.write(directory, manifest, onnx);
    return ModelBundle.load(directory);
  }

  /** {@code onnx} with the contract graph's context weights W multiplied by {@code factor}. */
  private static byte[] withContextWeightsTimes(byte[] onnx, float factor) throws Exception {
    ModelProto model = ModelProto.parseFrom(onnx);
    GraphProto.Builder graph = model.getGraph().toBuilder();
    for (int i = 0; i < graph.getInitializerCount(); i++) {
      TensorProto tensor = graph.getInitializer(i);
      if (tensor.getName().equals("W")) {
        TensorProto.Builder scaled = tensor.toBuilder().clearFloatData();
        tensor.getFloatDataList().forEach(value -> scaled.addFloatData(value * factor));
        graph.setInitializer(i, scaled);
      }
    }
    return model.toBuilder().setGraph(graph).build().toByteArray();
  }

  private static byte[] withoutOutput(byte[] onnx, String output) throws Exception {
    ModelProto model = ModelProto.parseFrom(onnx);
    GraphProto.Builder graph = model.getGraph().toBuilder();
    for (int i = graph.getOutputCount() - 1; i >= 0; i--) {
      if (graph.getOutput(i).getName().equals(output)) {
        graph.removeOutput(i);
      }
    }
    return model.toBuilder().setGraph(graph).build().toByteArray();
  }

  private static float[] contexts(Manifest manifest, int rows) {
    int width = manifest.encodedColumns().size();
    float[] contexts = new float[rows * width];
    for (int i = 0; i < contexts.length; i++) {
      contexts[i] = 0.25f * (i % 7) - 0.5f;
    }
    return contexts;
  }

  private static List<String> keys(int rows) {
    List<String> keys = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      keys.add("person-" + r);
    }
    return keys;
  }

  private static double[] incomes(BatchImputer imputer, float[] contexts, List<String> keys) {
    var batch = imputer.impute(contexts, keys, 0);
    double[] incomes = new double[keys.size()];
    for (int r = 0; r < incomes.length; r++) {
      incomes[r] = batch.value(r, 0);
    }
    return incomes;
  }
}
