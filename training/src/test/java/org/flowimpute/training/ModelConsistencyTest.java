package org.flowimpute.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.flowimpute.training.fit.FlowTrainer;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingResult;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.flowimpute.training.model.DjlFlowNetwork;
import org.flowimpute.training.model.FlowKind;
import org.flowimpute.training.model.ModelSpec;
import org.flowimpute.training.model.ReferenceSampler;
import org.flowimpute.training.model.SamplerWeights;
import org.flowimpute.training.model.Samples;
import org.flowimpute.training.model.TargetSpec;
import org.flowimpute.training.model.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelConsistencyTest {

  private static TrainedModel fit(FlowKind flow, long seed, int epochs) {
    ModelSpec spec =
        SyntheticData.spec(Architecture.defaults().withFlow(flow).withFlowLayers(3).withHidden(32));
    return FlowTrainer.of(
            spec, TrainingSettings.defaults().withEpochs(epochs).withBatchSize(128).withSeed(seed))
        .fit(SyntheticData.data(1_500, 3), TrainingListener.none())
        .model();
  }

  @Test
  void sameSeedGivesTheSameWeightsBitForBit() {
    TrainedModel first = fit(FlowKind.MAF, 11, 3);
    System.gc();
    TrainedModel second = fit(FlowKind.MAF, 11, 3);

    for (String name : first.weights().keySet()) {
      assertArrayEquals(first.weight(name).data(), second.weight(name).data(), "parameter " + name);
    }
  }

  @Test
  void trainingLowersTheValidationNll() {
    ModelSpec spec = SyntheticData.spec(Architecture.defaults().withHidden(32));
    TrainingSettings settings = TrainingSettings.defaults().withBatchSize(128).withSeed(5);
    java.util.List<Double> nll = new java.util.ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void epochEnded(org.flowimpute.training.fit.EpochReport report) {
            nll.add(report.validationNll());
          }
        };

    TrainingResult result =
        FlowTrainer.of(spec, settings.withEpochs(15)).fit(SyntheticData.data(3_000, 4), listener);

    assertTrue(nll.get(nll.size() - 1) < nll.get(0) - 0.3, "validation NLL " + nll);
    assertEquals(
        result.summary().bestValidationGateNll() + result.summary().bestValidationFlowNll(),
        nll.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
        0.05);
  }

  private static boolean clipped(ModelSpec spec, float[] values, int row) {
    for (int d = 0; d < 2; d++) {
      TargetSpec target = spec.targets().get(d);
      double magnitude = Math.log1p(Math.abs(values[row * 3 + d]) / (float) target.unit());
      if (Math.abs(magnitude - target.logLow()) < 1e-4
          || Math.abs(magnitude - target.logHigh()) < 1e-4) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aDivergingRunNeverReturnsNonFiniteWeights() {
    ModelSpec spec = SyntheticData.spec(Architecture.defaults().withHidden(32));
    TrainingSettings reckless =
        TrainingSettings.defaults().withEpochs(6).withBatchSize(64).withLearningRate(50f);

    try {
      TrainedModel model =
          FlowTrainer.of(spec, reckless)
              .fit(SyntheticData.data(1_000, 8), TrainingListener.none())
              .model();
      for (var weight : model.weights().values()) {
        for (float value : weight.data()) {
          assertTrue(Float.isFinite(value), "non-finite weight returned");
        }
      }
    } catch (IllegalStateException diverged) {
      assertTrue(diverged.getMessage().contains("diverged"), diverged.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(FlowKind.class)
  void samplerInvertsTheTrainingFlowAndReproducesGateProbabilities(FlowKind flow) {
    TrainedModel model = fit(flow, 2, 2);
    ModelSpec spec = model.spec();
    int rows = 500;
    SplittableRandom random = new SplittableRandom(9);
    float[] context = new float[rows * 4];
    float[] uniform = new float[rows * 3];
    float[] normal = new float[rows * 2];
    for (int i = 0; i < context.length; i++) {
      context[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < uniform.length; i++) {
      uniform[i] = (float) random.nextDouble();
    }
    for (int i = 0; i < normal.length; i++) {
      normal[i] = (float) (0.5 * random.nextGaussian());
    }

    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
        DjlFlowNetwork network = new DjlFlowNetwork(manager, spec, model.weights(), false)) {
      Samples samples =
          new ReferenceSampler(SamplerWeights.of(model))
              .sample(manager, context, uniform, normal, rows);
      float[] oneHot = new float[rows * spec.totalStates()];
      float[] y = new float[rows * 2];
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < 3; j++) {
          oneHot[
                  r * spec.totalStates()
                      + spec.stateOffset(j)
                      + (int) samples.gateStates()[r * 3 + j]] =
              1f;
        }
        for (int d = 0; d < 2; d++) {
          TargetSpec target = spec.targets().get(d);
          double magnitude =
              Math.log1p(Math.abs(samples.values()[r * 3 + d]) / (float) target.unit());
          y[r * 2 + d] = (float) ((magnitude - target.mu()) / target.sigma());
        }
      }
      NDArray c = manager.create(context, new Shape(rows, 4));
      NDArray g = manager.create(oneHot, new Shape(rows, spec.totalStates()));
      float[] probabilities = network.gateLogProbabilities(c, g).exp().toFloatArray();
      float[] recovered =
          network
              .normalize(manager.create(y, new Shape(rows, 2)), c.concat(g, 1))
              .get(0)
              .toFloatArray();

      double worstProbability = 0;
      for (int i = 0; i < probabilities.length; i++) {
        worstProbability =
            Math.max(worstProbability, Math.abs(probabilities[i] - samples.gateProbabilities()[i]));
      }
      assertTrue(worstProbability < 1e-5, "gate probabilities differ by " + worstProbability);
      int checked = 0;
      for (int r = 0; r < rows; r++) {
        boolean bothNonzero =
            TargetSpec.sign((int) samples.gateStates()[r * 3]) != 0
                && TargetSpec.sign((int) samples.gateStates()[r * 3 + 1]) != 0;
        if (bothNonzero && !clipped(spec, samples.values(), r)) {
          checked++;
          for (int d = 0; d < 2; d++) {
            assertEquals(normal[r * 2 + d], recovered[r * 2 + d], 2e-3, "row " + r + " dim " + d);
          }
        }
      }
      assertTrue(checked > 50, "only " + checked + " rows with both magnitudes nonzero");
    }
  }
}
