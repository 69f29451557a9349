package org.flowimpute.training.fit;

/** Receives training progress (e.g. to drive a progress bar). */
public interface TrainingListener {

  /** After every mini-batch step: steps done so far in this epoch, and steps per epoch. */
  default void stepEnded(int epoch, int step, int steps) {}

  /** After every epoch. */
  default void epochEnded(EpochReport report) {}

  /**
   * A finding that does not stop training but may spoil the model: about the data (e.g. a target
   * value far out of the rest) before the first epoch, about the fit (a flow kept from one of the
   * first epochs) after the last; also recorded in the manifest's settings.
   */
  default void warning(String message) {}

  /** A listener that ignores everything. */
  static TrainingListener none() {
    return new TrainingListener() {};
  }
}
