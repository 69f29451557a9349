package org.flowimpute.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flowimpute.bundle.CategoricalTarget;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeRange;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.TargetSpec;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.bundle.TrainingSummary;
import org.junit.jupiter.api.Test;

/**
 * The graph's float32 values become the manifest's amounts: exact point masses, and per sign
 * magnitudes within what training saw (the graph itself clips to 0 and the overall cap only).
 */
class ImputedAmountsTest {

  private static final int NEGATIVE = ContinuousTarget.NEGATIVE;
  private static final int ZERO = ContinuousTarget.ZERO;
  private static final int POSITIVE = ContinuousTarget.POSITIVE;

  /**
   * interest: positives 0.01..3 only; savings: negatives 0.5..40, positives 1..90,000, atom 250.
   */
  private static final Manifest MANIFEST =
      manifest(
          "amounts-1",
          List.of(
              new ContinuousTarget(
                  "interest",
                  List.of("zero", "positive"),
                  new MagnitudeTransform(
                      0.3, 0.4, 3, 1.0, Map.of("positive", new MagnitudeRange(0.01, 3)))),
              new ContinuousTarget(
                  "savings",
                  List.of("negative", "zero", "positive", "=250.0"),
                  new MagnitudeTransform(
                      8.1,
                      1.5,
                      90_000,
                      1.0,
                      Map.of(
                          "negative", new MagnitudeRange(0.5, 40),
                          "positive", new MagnitudeRange(1, 90_000))),
                  List.of(250.0)),
              new CategoricalTarget("tenure", List.of("owner", "renter"))));

  @Test
  void holdsSignStatesWithinTheirTrainingRangesAndGivesAtomsExactly() {
    ImputedBatch batch =
        batch(
            new float[] {0f, -90_000f, 1f, 0.004f, 7f, 1f, 2f, 250.0001f, 0f},
            new long[] {POSITIVE, NEGATIVE, 1, POSITIVE, ZERO, 0, ZERO, 3, 1});

    assertEquals(0.01, batch.value(0, 0), 0.0, "0 in a positive state: the smallest positive");
    assertEquals(-40.0, batch.value(0, 1), 0.0, "a negative beyond every training negative");
    assertEquals(1.0, batch.value(0, 2), 0.0, "categorical targets keep the graph's value");
    assertEquals(0.01, batch.value(1, 0), 0.0);
    assertEquals(0.0, batch.value(1, 1), 0.0, "the zero state stays 0");
    assertEquals(0.0, batch.value(2, 0), 0.0);
    assertEquals(250.0, batch.value(2, 1), 0.0, "an atom state gives the atom's exact amount");
  }

  /** A value the record carried (a --missing-targets model) is the record's, in or out of range. */
  @Test
  void leavesValuesTheRecordCarried() {
    int observedWidth = 3 + MANIFEST.dimensions().gateStateTotal();
    float[] observed = new float[2 * observedWidth];
    observed[0] = 1f;
    ImputedAmounts amounts = ImputedAmounts.of(MANIFEST).observedIn(observed, observedWidth);

    assertEquals(7.5, amounts.value(0, 0, POSITIVE, 7.5f), 0.0, "carried: above the range");
    assertEquals(3.0, amounts.value(1, 0, POSITIVE, 7.5f), 0.0, "drawn: capped");
  }

  /** Floats near 1e12 are 65,536 apart: the graph's nearest float to the cap lies above it. */
  @Test
  void keepsFloatRoundingFromCrossingTheCap() {
    float above = 1.0e12f;
    double cap = above - 1000.0;
    Manifest manifest =
        manifest(
            "cap-1",
            List.of(
                new ContinuousTarget(
                    "income",
                    List.of("zero", "positive"),
                    new MagnitudeTransform(20, 3, cap, 1.0))));
    ImputedBatch batch =
        new ImputedBatch(
            1,
            1,
            1,
            2,
            new float[] {above},
            new long[] {POSITIVE},
            new float[2],
            ImputedAmounts.of(manifest));

    assertEquals(above, (float) cap, "the premise: the cap's nearest float lies above it");
    assertEquals(cap, batch.value(0, 0), 0.0);
  }

  /** A manifest of {@code targets} conditioned on one numeric condition. */
  private static Manifest manifest(String modelId, List<TargetSpec> targets) {
    return Manifest.builder()
        .modelId(modelId)
        .createdAt(Instant.parse("2026-11-30T08:00:00Z"))
        .trainingData(TrainingDataFingerprint.ofBytes("a\n1\n".getBytes(), 100))
        .conditions(List.of(new NumericCondition("age", 40, 15)))
        .targets(targets)
        .training(new TrainingSummary(3, 3, 1, 1, 1, 1L, "test", Map.of()))
        .build();
  }

  private static ImputedBatch batch(float[] values, long[] states) {
    int rows = values.length / 3;
    return new ImputedBatch(
        rows,
        3,
        3,
        MANIFEST.dimensions().gateStateTotal(),
        values,
        states,
        new float[rows * MANIFEST.dimensions().gateStateTotal()],
        ImputedAmounts.of(MANIFEST));
  }
}
