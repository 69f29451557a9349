package org.flowimpute.training.fit;

/**
 * What training did, for the manifest: rows used, epochs run, which epochs the restored gate and
 * flow weights come from, their validation NLLs, last training NLL, and wall time.
 */
public record TrainingSummary(
    int trainRows,
    int validationRows,
    int epochsRun,
    boolean stoppedEarly,
    int bestGateEpoch,
    int bestFlowEpoch,
    double bestValidationGateNll,
    double bestValidationFlowNll,
    double finalTrainNll,
    double secondsPerEpoch,
    double totalSeconds) {}
