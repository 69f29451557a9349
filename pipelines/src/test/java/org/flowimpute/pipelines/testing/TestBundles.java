package org.flowimpute.pipelines.testing;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.CategoricalTarget;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.bundle.TrainingSummary;
import org.flowimpute.bundle.UnknownCategoryPolicy;

/**
 * A real model bundle (manifest + contract ONNX graph from {@link ContractModels}) for the people
 * of {@link TestData}: conditions age (numeric) and region (categorical, unknown = error); targets
 * income (continuous), owner (0/1, categorical) and tenure (categorical).
 */
public final class TestBundles {

  private TestBundles() {}

  /** The manifest of the people model. */
  public static Manifest peopleManifest() {
    return peopleManifest("people-contract-1");
  }

  /** The manifest of the people model under another model id (a newer bundle of it). */
  public static Manifest peopleManifest(String modelId) {
    return peopleManifestBuilder(modelId).build();
  }

  /** The people model's manifest, still to be built, so that a test can change a part of it. */
  public static Manifest.Builder peopleManifestBuilder(String modelId) {
    return Manifest.builder()
        .modelId(modelId)
        .createdAt(Instant.parse("2026-11-24T09:00:00Z"))
        .trainingData(TrainingDataFingerprint.ofBytes("id,age\n".getBytes(), 100))
        .conditions(
            List.of(
                new NumericCondition("age", 40, 15),
                new CategoricalCondition("region", TestData.REGIONS, UnknownCategoryPolicy.ERROR)))
        .targets(
            List.of(
                new ContinuousTarget(
                    "income",
                    List.of("negative", "zero", "positive"),
                    new MagnitudeTransform(9.0, 1.0, 100_000, 2.0)),
                new CategoricalTarget("owner", List.of("0", "1")),
                new CategoricalTarget("tenure", List.of("owner", "renter", "social"))))
        .training(new TrainingSummary(1, 1, 1.0, 1.0, 0.1, 1L, "test", Map.of()));
  }

  /** Writes the people bundle into {@code directory} and returns it. */
  public static Path writePeopleBundle(Path directory) {
    ContractModels.writeBundle(directory, peopleManifest());
    return directory;
  }
}
