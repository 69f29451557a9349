package org.flowimpute.infer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.flowimpute.bundle.BundleWriter;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.bundle.SampleManifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model.onnx that ONNX Runtime cannot load is named with its bundle wherever a bundle's model is
 * opened (generate, synthesize, impute, stream), as inspect names it: the error said only "ONNX
 * Runtime could not load the model: ...", which bundle left to guess.
 */
class GraphLoadErrorTest {

  @TempDir Path temp;

  @Test
  void aGraphThatDoesNotLoadIsNamedWithItsBundle() throws Exception {
    Path bundle = temp.resolve("not-onnx");
    BundleWriter.write(bundle, SampleManifests.sample(), SampleManifests.MODEL_BYTES);
    ModelBundle loaded = ModelBundle.load(bundle);

    IllegalStateException error =
        assertThrows(
            IllegalStateException.class,
            () -> RecordImputer.open(loaded, InferenceOptions.defaults()));

    assertTrue(
        error.getMessage().startsWith(bundle + ": ONNX Runtime could not load the model: "),
        error.getMessage());
  }
}
