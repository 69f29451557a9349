package org.flowimpute.training.fit;

/**
 * Progress after one epoch; NLLs are weighted means per row (gate + flow), validation NaN without a
 * validation split; the learning rates the gate and the flow parameters were trained with in this
 * epoch.
 */
public record EpochReport(
    int epoch,
    int epochs,
    double trainNll,
    double validationGateNll,
    double validationFlowNll,
    double seconds,
    float gateLearningRate,
    float flowLearningRate) {

  /** Validation NLL of gates and flow together. */
  public double validationNll() {
    return validationGateNll + validationFlowNll;
  }
}
