package org.flowimpute.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.flowimpute.bundle.SampleManifests;
import org.junit.jupiter.api.Test;

/**
 * {@code --device auto} without a CUDA provider says it runs on the CPU as a {@code warning: ...}
 * line on stderr, like the command line's other warnings: it was a logger line, {@code [main] WARN
 * org.flowimpute.infer.OrtSessions - no CUDA provider ...}.
 */
class AutoDeviceWarningTest {

  @Test
  void autoWithoutCudaWarnsOnStderrInOneLine() {
    assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA));
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      // The warning comes when the session's device is set, before ONNX Runtime reads the graph,
      // so stand-in bytes (which then fail to load) are enough.
      assertThrows(
          GraphLoadException.class,
          () ->
              OrtSessions.acquire(
                  SampleManifests.MODEL_BYTES,
                  InferenceOptions.defaults().withDevice(ExecutionDevice.parse("auto"))));
    } finally {
      System.setErr(stderr);
    }

    assertEquals(
        "warning: --device auto: no CUDA provider in this ONNX Runtime; running on the CPU"
            + System.lineSeparator(),
        captured.toString(StandardCharsets.UTF_8));
  }
}
