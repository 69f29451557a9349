package org.flowimpute.training.fit;

import ai.djl.training.tracker.ParameterTracker;

/**
 * Adam's learning rate under {@link LearningRateSchedule}: a DJL {@link ParameterTracker} that
 * answers per parameter, so the gate parameters ({@code gate.*}) and the flow parameters each have
 * their own rate. With {@link LearningRateSchedule#PLATEAU} a part's rate is multiplied by {@link
 * #FACTOR} whenever its validation NLL has not improved for {@link #plateauEpochs(int)} epochs
 * since its last improvement or reduction, down to {@link #MIN_SHARE} of the initial rate; with
 * {@link LearningRateSchedule#GATE_PLATEAU} only the gate parameters' rate does, and with {@link
 * LearningRateSchedule#FIXED} neither moves.
 *
 * <p>The trainer reports each epoch's outcome with {@link #epochEnded(boolean, boolean)}; the state
 * depends only on the sequence of validation results, so training stays deterministic.
 */
final class PlateauLearningRate implements ParameterTracker {

  /** Multiplier applied to a part's rate on a plateau (1e-3 becomes 3e-4, then 9e-5). */
  static final float FACTOR = 0.3f;

  /** Lowest rate as a share of the initial one. */
  static final float MIN_SHARE = 0.01f;

  private final LearningRateSchedule schedule;
  private final float initial;
  private final int plateauEpochs;
  private final Part gate;
  private final Part flow;

  PlateauLearningRate(LearningRateSchedule schedule, float initial, int patience) {
    this.schedule = schedule;
    this.initial = initial;
    this.plateauEpochs = plateauEpochs(patience);
    this.gate = new Part(initial);
    this.flow = new Part(initial);
  }

  /** Epochs without improvement before a reduction: a third of the early-stopping patience. */
  static int plateauEpochs(int patience) {
    return Math.max(1, patience / 3);
  }

  @Override
  public float getNewValue(String parameterId, int numUpdate) {
    return parameterId.startsWith("gate.") ? gate.rate : flow.rate;
  }

  /** Records one epoch's validation outcome for the gate and the flow parameters. */
  void epochEnded(boolean gateImproved, boolean flowImproved) {
    if (schedule.annealsGates()) {
      gate.epochEnded(gateImproved);
    }
    if (schedule.annealsFlow()) {
      flow.epochEnded(flowImproved);
    }
  }

  /** The current rate of the gate parameters. */
  float gateRate() {
    return gate.rate;
  }

  /** The current rate of the flow parameters. */
  float flowRate() {
    return flow.rate;
  }

  private final class Part {
    private float rate;
    private int stale;

    Part(float rate) {
      this.rate = rate;
    }

    void epochEnded(boolean improved) {
      stale = improved ? 0 : stale + 1;
      if (stale >= plateauEpochs) {
        rate = Math.max(rate * FACTOR, initial * MIN_SHARE);
        stale = 0;
      }
    }
  }
}
