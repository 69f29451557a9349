package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.fit.TrainingSummary;
import org.junit.jupiter.api.Test;

/**
 * The rule of the warning of a flow kept from one of the first epochs: best flow epoch at most 5,
 * with at least 10 epochs run after it, and a validation split (without one the last epoch is
 * kept). The warning on a real training is asserted by the CLI's {@code EarlyFlowCommandTest}.
 */
class EarlyFlowCheckpointTest {

  private static final TrainingSettings SETTINGS = TrainingSettings.defaults(); // batch 512

  private static TrainingSummary fit(int validationRows, int epochsRun, int bestFlowEpoch) {
    return new TrainingSummary(
        640, validationRows, epochsRun, true, 91, bestFlowEpoch, 0.6, 1.4, 3.5, 0.1, 10);
  }

  @Test
  void aFlowKeptFromEpochOneOfALongRunIsWarnedOfWithItsSteps() {
    assertEquals(
        Optional.of(
            TrainingWarning.withoutData(
                "the flow's validation NLL never improved after epoch 1 (106 epochs ran), so the "
                    + "flow kept is from epoch 1, 2 optimizer steps into training, and nearly "
                    + "untrained: imputed amounts pile up at the training extremes (the cap); more"
                    + " training rows help; training without early stopping"
                    + " (--validation-fraction 0 with a fixed --epochs) may fit some targets better"
                    + " and overfit others: compare them with evaluate")),
        EarlyFlowCheckpoint.warning(fit(160, 106, 1), SETTINGS, false));
  }

  @Test
  void theLimitsAreEpochFiveAndTenEpochsAfterIt() {
    assertTrue(
        EarlyFlowCheckpoint.warning(fit(160, 15, 5), SETTINGS, false).isPresent(), "5 then 10");
    assertEquals(
        Optional.empty(), EarlyFlowCheckpoint.warning(fit(160, 16, 6), SETTINGS, false), "epoch 6");
    assertEquals(
        Optional.empty(), EarlyFlowCheckpoint.warning(fit(160, 14, 5), SETTINGS, false), "9 after");
    assertEquals(
        Optional.empty(),
        EarlyFlowCheckpoint.warning(fit(160, 10, 1), SETTINGS, false),
        "a short run");
  }

  @Test
  void aSmallerBatchMeansMoreStepsPerEpoch() {
    String warning =
        EarlyFlowCheckpoint.warning(fit(160, 40, 2), SETTINGS.withBatchSize(64), false)
            .orElseThrow()
            .message();

    assertTrue(warning.contains("from epoch 2, 20 optimizer steps into training"), warning);
  }

  /**
   * For a synthesis bundle the steps are counted from the rounded training rows, as the bundle
   * states them: with a batch of 1 the exact steps would give the exact count (637 here).
   */
  @Test
  void forASynthesisBundleTheStepsComeFromTheRoundedRows() {
    TrainingSummary fit = new TrainingSummary(637, 160, 40, true, 91, 2, 0.6, 1.4, 3.5, 0.1, 10);

    String exact =
        EarlyFlowCheckpoint.warning(fit, SETTINGS.withBatchSize(1), false).orElseThrow().message();
    TrainingWarning released =
        EarlyFlowCheckpoint.warning(fit, SETTINGS.withBatchSize(1), true).orElseThrow();

    assertTrue(exact.contains("from epoch 2, 1274 optimizer steps into training"), exact);
    assertTrue(
        released.message().contains("from epoch 2, about 1280 optimizer steps into training"),
        released.message());
    assertFalse(released.message().contains("1274"), released.message());
    assertTrue(released.releasable(), "it quotes epochs and steps, no record");
  }

  @Test
  void withoutAValidationSplitTheLastEpochIsKeptAndNothingIsSaid() {
    assertEquals(Optional.empty(), EarlyFlowCheckpoint.warning(fit(0, 100, 1), SETTINGS, false));
  }
}
