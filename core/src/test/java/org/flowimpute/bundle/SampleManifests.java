package org.flowimpute.bundle;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A small but complete manifest for tests (also used by the CLI tests through the test jar). */
public final class SampleManifests {
  /** Stand-in bytes for model.onnx (bundle code never parses them). */
  public static final byte[] MODEL_BYTES = "not really onnx, but bytes to checksum".getBytes();

  private SampleManifests() {}

  /**
   * Two conditions (numeric age, trained on 16..90, categorical region with "other"), two
   * continuous targets and two categorical ones (benefit: 0/1 listed in --categorical).
   */
  public static Manifest sample() {
    return builder().build();
  }

  /** The sample as a model trained with {@code --missing-targets}. */
  public static Manifest withObservedTargets() {
    return builder().observedTargets(true).build();
  }

  private static Manifest.Builder builder() {
    return Manifest.builder()
        .modelId("demo-model-1")
        .createdAt(Instant.parse("2026-11-24T08:00:00Z"))
        .trainingData(TrainingDataFingerprint.ofBytes("a,b\n1,2\n".getBytes(), 1000))
        .conditions(
            List.of(
                new NumericCondition("age", 41.5, 17.25, 16, 90),
                new CategoricalCondition(
                    "region",
                    List.of("north", "south"),
                    UnknownCategoryPolicy.OTHER,
                    List.of(0.375, 0.625))))
        .targets(
            List.of(
                new ContinuousTarget(
                    "wage",
                    List.of("zero", "positive"),
                    new MagnitudeTransform(10.2, 0.8, 250_000, 2.0)),
                new ContinuousTarget(
                    "savings",
                    List.of("negative", "zero", "positive"),
                    new MagnitudeTransform(8.1, 1.5, 90_000, 2.0)),
                new CategoricalTarget("benefit", List.of("0", "1")),
                new CategoricalTarget("tenure", List.of("owner", "renter", "social"))))
        .training(
            new TrainingSummary(
                30,
                24,
                2.31,
                2.35,
                12.5,
                7L,
                "0.1.0-SNAPSHOT",
                Map.of("flow", "coupling", "layers", 4, "learning_rate", 0.001)));
  }
}
