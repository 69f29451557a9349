package org.flowimpute.training.fit;

/**
 * How to fit: epochs, mini-batch size, Adam learning rate and its schedule, seed, validation share
 * and early-stopping patience (epochs without improvement of validation NLL).
 */
public record TrainingSettings(
    int epochs,
    int batchSize,
    float learningRate,
    long seed,
    double validationFraction,
    int patience,
    LearningRateSchedule schedule) {

  public TrainingSettings {
    if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || patience < 1) {
      throw new IllegalArgumentException(
          "epochs, batch size, learning rate and patience must be positive");
    }
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "validation fraction must be in [0, 1), got " + validationFraction);
    }
    if (schedule == null) {
      throw new IllegalArgumentException("a learning-rate schedule is needed");
    }
  }

  /**
   * Defaults: 200 epochs, batch 512, lr 1e-3 (the gates' rate falling on plateaus, the flow's
   * fixed), seed 42, 20 % validation, patience 15.
   */
  public static TrainingSettings defaults() {
    return new TrainingSettings(200, 512, 1e-3f, 42L, 0.2, 15, LearningRateSchedule.GATE_PLATEAU);
  }

  public TrainingSettings withEpochs(int value) {
    return new TrainingSettings(
        value, batchSize, learningRate, seed, validationFraction, patience, schedule);
  }

  public TrainingSettings withBatchSize(int value) {
    return new TrainingSettings(
        epochs, value, learningRate, seed, validationFraction, patience, schedule);
  }

  public TrainingSettings withLearningRate(float value) {
    return new TrainingSettings(
        epochs, batchSize, value, seed, validationFraction, patience, schedule);
  }

  public TrainingSettings withSeed(long value) {
    return new TrainingSettings(
        epochs, batchSize, learningRate, value, validationFraction, patience, schedule);
  }

  public TrainingSettings withValidationFraction(double value) {
    return new TrainingSettings(epochs, batchSize, learningRate, seed, value, patience, schedule);
  }

  public TrainingSettings withPatience(int value) {
    return new TrainingSettings(
        epochs, batchSize, learningRate, seed, validationFraction, value, schedule);
  }

  public TrainingSettings withSchedule(LearningRateSchedule value) {
    return new TrainingSettings(
        epochs, batchSize, learningRate, seed, validationFraction, patience, value);
  }
}
