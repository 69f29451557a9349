package org.flowimpute.pipelines.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import org.flowimpute.bundle.BundleWriter;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.infer.BatchImputer;
import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.infer.OrtSessions;
import org.flowimpute.pipelines.testing.ContractModels;
import org.flowimpute.pipelines.testing.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graph that fails to open leaves no ONNX Runtime session behind: its session stayed cached, so a
 * corrected bundle of the same model id was refused for the life of the process.
 */
class SessionPerGraphTest {

  @TempDir Path dir;

  private static final InferenceOptions OPTIONS = InferenceOptions.defaults();

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

  private ModelBundle bundle(String name, Manifest manifest, byte[] onnx) throws Exception {
    Path directory = dir.resolve(name);
    BundleWriter.write(directory, manifest, onnx);
    return ModelBundle.load(directory);
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
}
