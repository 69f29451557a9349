package org.flowimpute.pipelines.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.flowimpute.bundle.BundleWriter;
import org.flowimpute.pipelines.testing.ContractModels;
import org.flowimpute.pipelines.testing.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle directory read through Beam's file systems (a file:// URI, as gs:// or s3:// would be)
 * loads with every file its manifest lists: a {@code --synthesis} bundle's synthesis.json was not
 * read and the bundle was refused as "synthesis.json: missing".
 */
class RemoteBundleTest {

  @TempDir Path dir;

  @Test
  void aBundleWithAnExtraListedFileLoadsFromAUri() throws Exception {
    Path bundle = dir.resolve("with-synthesis");
    BundleWriter.write(
        bundle,
        TestBundles.peopleManifest("people-synth"),
        ContractModels.onnx(TestBundles.peopleManifest("people-synth")),
        Map.of("synthesis.json", "{}".getBytes(StandardCharsets.UTF_8)));

    BundleModelProvider provider =
        BundleModelProvider.load(bundle.toUri().toString(), "cpu", 1, 16, 0, null);

    assertEquals("people-synth", provider.fields().modelId());
  }
}
