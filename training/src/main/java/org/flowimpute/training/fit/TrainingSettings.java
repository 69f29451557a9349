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
    atLeastOne("epochs", epochs);
    atLeastOne("batch size", batchSize);
    atLeastOne("patience", patience);
    if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learning rate must be a finite number > 0, got " + learningRate);
    }
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "validation fraction must be in [0, 1), got " + validationFraction);
    }
    if (schedule == null) {
      throw new IllegalArgumentException("a learning-rate schedule is needed");
    }
  }

  private static void atLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
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
