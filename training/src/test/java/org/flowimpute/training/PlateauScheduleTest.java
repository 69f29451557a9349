package org.flowimpute.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.flowimpute.training.fit.EpochReport;
import org.flowimpute.training.fit.FlowTrainer;
import org.flowimpute.training.fit.LearningRateSchedule;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingResult;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.flowimpute.training.model.ModelSpec;
import org.junit.jupiter.api.Test;

/** The reduce-on-plateau schedule inside a real training run (small data that overfits fast). */
class PlateauScheduleTest {

  private static final float LR = 3e-3f;

  private static TrainingResult fit(List<EpochReport> reports) {
    ModelSpec spec = SyntheticData.spec(Architecture.defaults().withFlowLayers(2).withHidden(32));
    TrainingSettings settings =
        TrainingSettings.defaults()
            .withEpochs(40)
            .withBatchSize(64)
            .withLearningRate(LR)
            .withPatience(6)
            .withSeed(3)
            .withSchedule(LearningRateSchedule.PLATEAU);
    return FlowTrainer.of(spec, settings)
        .fit(
            SyntheticData.data(400, 21),
            new TrainingListener() {
              @Override
              public void epochEnded(EpochReport report) {
                reports.add(report);
              }
            });
  }

  @Test
  void eachPartsRateFallsAfterTwoEpochsWithoutImprovementAndBestWeightsAreRestored() {
    List<EpochReport> reports = new ArrayList<>();
    TrainingResult result = fit(reports);

    float[] expectedGate = {LR};
    float[] expectedFlow = {LR};
    int[] staleGate = {0};
    int[] staleFlow = {0};
    double bestGate = Double.POSITIVE_INFINITY;
    double bestFlow = Double.POSITIVE_INFINITY;
    int reductions = 0;
    for (EpochReport report : reports) {
      assertEquals(
          expectedGate[0], report.gateLearningRate(), "gate rate, epoch " + report.epoch());
      assertEquals(
          expectedFlow[0], report.flowLearningRate(), "flow rate, epoch " + report.epoch());
      boolean gateImproved = report.validationGateNll() < bestGate;
      boolean flowImproved = report.validationFlowNll() < bestFlow;
      bestGate = Math.min(bestGate, report.validationGateNll());
      bestFlow = Math.min(bestFlow, report.validationFlowNll());
      reductions +=
          next(expectedGate, staleGate, gateImproved) + next(expectedFlow, staleFlow, flowImproved);
    }

    assertTrue(reductions >= 2, "the run never reached a plateau: " + reductions + " reductions");
    assertEquals(bestGate, result.summary().bestValidationGateNll(), 1e-9);
    assertEquals(bestFlow, result.summary().bestValidationFlowNll(), 1e-9);
    assertEquals(reports.size(), result.summary().epochsRun());
  }

  /** Plateau after patience / 3 = 2 stale epochs: x0.3. Returns 1 if the rate fell. */
  private static int next(float[] rate, int[] stale, boolean improved) {
    stale[0] = improved ? 0 : stale[0] + 1;
    if (stale[0] >= 2) {
      rate[0] = Math.max(rate[0] * 0.3f, LR * 0.01f);
      stale[0] = 0;
      return 1;
    }
    return 0;
  }

  @Test
  void sameSeedGivesTheSameWeightsBitForBit() {
    TrainingResult first = fit(new ArrayList<>());
    System.gc();
    TrainingResult second = fit(new ArrayList<>());

    for (String name : first.model().weights().keySet()) {
      assertArrayEquals(
          first.model().weight(name).data(),
          second.model().weight(name).data(),
          "parameter " + name);
    }
  }
}
