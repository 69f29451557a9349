package org.flowimpute.training.fit;

/**
 * Progress after one epoch; NLLs are weighted means per row (gate + flow), validation NaN without a
 * validation split.
 */
public record EpochReport(
    int epoch,
    int epochs,
    double trainNll,
    double validationGateNll,
    double validationFlowNll,
    double seconds) {

  /** Validation NLL of gates and flow together. */
  public double validationNll() {
    return validationGateNll + validationFlowNll;
  }
}
