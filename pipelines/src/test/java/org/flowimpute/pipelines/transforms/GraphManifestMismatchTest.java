package org.flowimpute.pipelines.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.OnnxSpec;
import org.flowimpute.bundle.Sha256;
import org.flowimpute.infer.BatchImputer;
import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.infer.OrtSessions;
import org.flowimpute.pipelines.testing.ContractModels;
import org.flowimpute.pipelines.testing.TestBundles;
import org.junit.jupiter.api.Test;

/**
 * A model.onnx from another bundle (its checksum edited to match) is refused when the model is
 * opened, naming what differs, instead of failing on the first batch.
 */
class GraphManifestMismatchTest {

  @Test
  void aGraphOfAnotherShapeIsRefusedWhenOpened() {
    Manifest ageOnly =
        TestBundles.peopleManifestBuilder("age-only")
            .conditions(List.of(new NumericCondition("age", 40, 15)))
            .build();
    byte[] peopleGraph = ContractModels.onnx(TestBundles.peopleManifest());

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> BatchImputer.open(ageOnly, () -> peopleGraph, InferenceOptions.defaults()));

    assertEquals(
        "model age-only: model.onnx does not belong to this manifest; context width 4 in the"
            + " graph, 1 by the manifest (a bundle's files must come from one training run)",
        error.getMessage());
    assertFalse(
        OrtSessions.isOpen(Sha256.of(peopleGraph)), "the refused model's session is closed");
  }

  @Test
  void aGraphNamingAnotherModelIsRefusedWhenOpened() throws Exception {
    Manifest people = TestBundles.peopleManifest("people-v7");
    byte[] otherModelsGraph =
        ContractModels.withMetadata(
            ContractModels.onnx(people), OnnxSpec.MODEL_ID_METADATA, "people-v6");

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> BatchImputer.open(people, () -> otherModelsGraph, InferenceOptions.defaults()));

    assertEquals(
        "model people-v7: model.onnx does not belong to this manifest; the graph's metadata names"
            + " model people-v6 (a bundle's files must come from one training run)",
        error.getMessage());
  }
}
