package org.flowimpute.training.fit;

import org.flowimpute.training.model.TrainedModel;

/** A fitted model (best checkpoint restored) and what training did. */
public record TrainingResult(TrainedModel model, TrainingSummary summary) {}
