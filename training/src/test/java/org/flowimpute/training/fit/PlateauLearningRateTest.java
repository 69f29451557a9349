package org.flowimpute.training.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class PlateauLearningRateTest {

  private static final float LR = 1e-3f;

  @Test
  void plateauIsAThirdOfThePatienceAndAtLeastOneEpoch() {
    assertEquals(5, PlateauLearningRate.plateauEpochs(15));
    assertEquals(1, PlateauLearningRate.plateauEpochs(2));
  }

  @Test
  void fixedScheduleNeverMoves() {
    PlateauLearningRate rate = new PlateauLearningRate(LearningRateSchedule.FIXED, LR, 3);
    for (int epoch = 0; epoch < 20; epoch++) {
      rate.epochEnded(false, false);
    }

    assertEquals(LR, rate.getNewValue("gate.trunk.w", 100));
    assertEquals(LR, rate.getNewValue("flow.0.w1", 100));
  }

  @Test
  void aPartStallingForAThirdOfThePatienceGetsThreeTenthsOfItsRate() {
    PlateauLearningRate rate = new PlateauLearningRate(LearningRateSchedule.PLATEAU, LR, 15);
    for (int epoch = 0; epoch < 4; epoch++) {
      rate.epochEnded(true, false);
    }
    assertEquals(LR, rate.flowRate());

    rate.epochEnded(true, false); // fifth epoch without a better flow

    assertEquals(LR * 0.3f, rate.getNewValue("flow.2.wmu", 1));
    assertEquals(LR, rate.getNewValue("gate.head.0.a", 1)); // the gates kept improving
  }

  @Test
  void gatePlateauLowersOnlyTheGateRate() {
    PlateauLearningRate rate = new PlateauLearningRate(LearningRateSchedule.GATE_PLATEAU, LR, 6);
    for (int epoch = 0; epoch < 4; epoch++) {
      rate.epochEnded(false, false);
    }

    assertEquals(LR * 0.3f * 0.3f, rate.getNewValue("gate.head.0.a", 1), 1e-12);
    assertEquals(LR, rate.getNewValue("flow.0.w1", 1));
  }

  @Test
  void schedulesParseFromTheirLabels() {
    for (LearningRateSchedule schedule : LearningRateSchedule.values()) {
      assertEquals(schedule, LearningRateSchedule.parse(schedule.label().toUpperCase(Locale.ROOT)));
    }
    assertEquals("gate-plateau", LearningRateSchedule.GATE_PLATEAU.label());
  }

  @Test
  void anImprovementRestartsTheCountAndAReductionStartsANewOne() {
    PlateauLearningRate rate = new PlateauLearningRate(LearningRateSchedule.PLATEAU, LR, 6);
    rate.epochEnded(false, false);
    rate.epochEnded(true, true); // counts restart
    rate.epochEnded(false, false);
    assertEquals(LR, rate.gateRate());

    rate.epochEnded(false, false); // 2 stale epochs: first reduction
    rate.epochEnded(false, false);
    assertEquals(LR * 0.3f, rate.gateRate());

    rate.epochEnded(false, false); // 2 more: second reduction
    assertEquals(LR * 0.3f * 0.3f, rate.gateRate(), 1e-12);
  }

  @Test
  void theRateNeverFallsBelowAHundredthOfTheInitialRate() {
    PlateauLearningRate rate = new PlateauLearningRate(LearningRateSchedule.PLATEAU, LR, 3);
    for (int epoch = 0; epoch < 50; epoch++) {
      rate.epochEnded(false, false);
    }

    assertEquals(LR * 0.01f, rate.flowRate());
    assertEquals(LR * 0.01f, rate.gateRate());
  }
}
