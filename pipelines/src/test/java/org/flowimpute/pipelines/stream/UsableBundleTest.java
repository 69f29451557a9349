package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.flowimpute.bundle.BundleWriter;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.pipelines.testing.ContractModels;
import org.flowimpute.pipelines.testing.TestBundles;
import org.flowimpute.pipelines.transforms.BundleModelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newer bundle replaces the job's model only if it fits the job and its graph belongs to its
 * manifest; otherwise it is skipped, not swapped in to fail the imputation step.
 */
class UsableBundleTest {

  @TempDir Path dir;

  @Test
  void onlyAVerifiedCompatibleBundleWhoseGraphIsItsOwnIsUsable() throws Exception {
    Path current = dir.resolve("2026-01-people");
    ContractModels.writeBundle(current, TestBundles.peopleManifest("people-v1"));
    UsableBundle usable =
        new UsableBundle(BundleModelProvider.load(current.toString(), "cpu", 1, 16, 0, null));

    Path newer = dir.resolve("2026-02-people");
    ContractModels.writeBundle(newer, TestBundles.peopleManifest("people-v2"));
    Manifest ageOnly =
        TestBundles.peopleManifestBuilder("age-only")
            .conditions(List.of(new NumericCondition("age", 40, 15)))
            .build();
    Path otherFields = dir.resolve("2026-03-age-only");
    ContractModels.writeBundle(otherFields, ageOnly);
    Path foreignGraph = dir.resolve("2026-04-people");
    BundleWriter.write(
        foreignGraph, TestBundles.peopleManifest("people-v4"), ContractModels.onnx(ageOnly));

    Path notAGraph = dir.resolve("2026-05-people");
    BundleWriter.write(notAGraph, TestBundles.peopleManifest("people-v5"), new byte[] {1, 2, 3, 4});

    assertTrue(usable.test(newer.toString()), "a verified compatible bundle");
    assertFalse(usable.test(notAGraph.toString()), "model.onnx ONNX Runtime cannot load");
    assertFalse(usable.test(otherFields.toString()), "other conditions");
    assertFalse(usable.test(foreignGraph.toString()), "a graph from another bundle");
    assertFalse(usable.test(dir.resolve("missing").toString()), "no bundle there");
  }
}
