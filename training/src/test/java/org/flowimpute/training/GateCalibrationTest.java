package org.flowimpute.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.flowimpute.training.fit.EncodedData;
import org.flowimpute.training.fit.FlowTrainer;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.flowimpute.training.model.ModelSpec;
import org.flowimpute.training.model.ReferenceSampler;
import org.flowimpute.training.model.SamplerWeights;
import org.flowimpute.training.model.TrainedModel;
import org.junit.jupiter.api.Test;

/**
 * A trained model's gates reproduce the training data's weighted state shares when sampled as at
 * generation (each gate on the earlier gates' own draws), even when the network is far from
 * converged: the gates' intercepts are calibrated after training. Known truth: the weighted shares
 * of {@link SyntheticData}'s states, in which gate b depends strongly on gate a's state.
 */
class GateCalibrationTest {

  private static final int ROWS = 20_000;

  @Test
  void sampledGateSharesMatchTheWeightedTrainingSharesAfterTwoEpochs() {
    ModelSpec spec = SyntheticData.spec(Architecture.defaults().withHidden(32));
    EncodedData data = SyntheticData.data(ROWS, 21);
    TrainedModel model =
        FlowTrainer.of(
                spec, TrainingSettings.defaults().withEpochs(2).withBatchSize(512).withSeed(3))
            .fit(data, TrainingListener.none())
            .model();

    float[] uniforms = new float[ROWS * spec.gates()];
    SplittableRandom random = new SplittableRandom(99);
    for (int i = 0; i < uniforms.length; i++) {
      uniforms[i] = (float) random.nextDouble();
    }
    float[] probabilities;
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      probabilities =
          new ReferenceSampler(SamplerWeights.of(model))
              .gateProbabilities(manager, data.context(), uniforms, ROWS, spec.gates());
    }
    double totalWeight = 0;
    for (float weight : data.weights()) {
      totalWeight += weight;
    }
    for (int j = 0; j < spec.gates(); j++) {
      for (int s = 0; s < spec.targets().get(j).states(); s++) {
        int state = spec.stateOffset(j) + s;
        double real = 0;
        double sampled = 0;
        for (int r = 0; r < ROWS; r++) {
          double weight = data.weights()[r];
          real += data.gateStates()[r * spec.gates() + j] == s ? weight : 0;
          sampled += weight * probabilities[r * spec.totalStates() + state];
        }
        assertEquals(
            real / totalWeight,
            sampled / totalWeight,
            0.005,
            "gate " + spec.targets().get(j).name() + " state " + s);
      }
    }
  }
}
