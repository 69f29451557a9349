package org.flowimpute.training.fit;

/** Receives training progress (e.g. to drive a progress bar). */
public interface TrainingListener {

  /** After every mini-batch step: steps done so far in this epoch, and steps per epoch. */
  default void stepEnded(int epoch, int step, int steps) {}

  /** After every epoch. */
  default void epochEnded(EpochReport report) {}

  /** A listener that ignores everything. */
  static TrainingListener none() {
    return new TrainingListener() {};
  }
}
