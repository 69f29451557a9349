package org.flowimpute.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.SplittableRandom;
import org.flowimpute.encode.ObservedTargetEncoder;
import org.flowimpute.training.fit.FlowTrainer;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.flowimpute.training.model.FlowKind;
import org.flowimpute.training.model.ModelSpec;
import org.flowimpute.training.model.ReferenceSampler;
import org.flowimpute.training.model.SamplerWeights;
import org.flowimpute.training.model.Samples;
import org.flowimpute.training.model.TrainedModel;
import org.flowimpute.training.onnx.CheckedExport;
import org.flowimpute.training.onnx.OnnxExporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OnnxParityTest {

  private static final int ROWS = 10_000;
  private static final int TARGETS = 3;
  private static final int STATES = 10;

  @ParameterizedTest
  @EnumSource(FlowKind.class)
  void exportedGraphSamplesWhatTheDjlReferenceSamples(FlowKind flow) {
    ModelSpec spec = SyntheticData.spec(architecture(flow));
    SplittableRandom random = new SplittableRandom(7);
    float[] context = new float[ROWS * 4];
    for (int i = 0; i < context.length; i++) {
      context[i] = (float) (2 * random.nextGaussian());
    }

    Parity parity = parity(train(spec), context, new float[ROWS * TARGETS], random);

    assertEquals(0, parity.stateMismatches(), "gate states differ");
    assertTrue(parity.worstRelative() <= 1e-4, "worst relative value " + parity.worstRelative());
    assertTrue(parity.worstProbability() <= 1e-5, "worst probability " + parity.worstProbability());
  }

  @ParameterizedTest
  @EnumSource(FlowKind.class)
  void exportedGraphKeepsObservedTargetsAsTheDjlReferenceDoes(FlowKind flow) {
    ModelSpec spec = SyntheticData.observedSpec(architecture(flow));
    int width = spec.contextDim();
    SplittableRandom random = new SplittableRandom(11);
    ObservedTargetEncoder encoder = spec.observedEncoder();
    float[] context = new float[ROWS * width];
    float[] observedValues = new float[ROWS * TARGETS];
    boolean[][] observed = new boolean[ROWS][TARGETS];
    int[][] observedStates = new int[ROWS][TARGETS];
    for (int r = 0; r < ROWS; r++) {
      for (int i = 0; i < 4; i++) {
        context[r * width + i] = (float) (2 * random.nextGaussian());
      }
      // Random observed patterns over seen states: a in {-, 0, +}, b in {0, +, =250}, k in {0, 1,
      // 2}.
      int[] states = {random.nextInt(3), 1 + random.nextInt(3), random.nextInt(3)};
      float[] magnitudes = {(float) random.nextGaussian(), (float) random.nextGaussian(), 0f};
      for (int j = 0; j < TARGETS; j++) {
        observed[r][j] = random.nextBoolean();
        observedStates[r][j] = states[j];
        observedValues[r * TARGETS + j] =
            j == 2
                ? states[j]
                : states[j] == 3
                    ? 250f
                    : (states[j] - 1) * (float) Math.exp(3 + random.nextGaussian());
      }
      encoder.encodeStates(observed[r], states, magnitudes, context, r * width + 4);
    }

    Parity parity = parity(train(spec), context, observedValues, random);

    assertEquals(0, parity.stateMismatches(), "gate states differ");
    assertTrue(parity.worstRelative() <= 1e-4, "worst relative value " + parity.worstRelative());
    assertTrue(parity.worstProbability() <= 1e-5, "worst probability " + parity.worstProbability());
    int observedCount = 0;
    for (int r = 0; r < ROWS; r++) {
      for (int j = 0; j < TARGETS; j++) {
        if (observed[r][j]) {
          observedCount++;
          assertEquals(observedStates[r][j], parity.onnx().gateStates()[r * TARGETS + j]);
          assertEquals(
              observedValues[r * TARGETS + j], parity.onnx().values()[r * TARGETS + j], 0f);
        }
      }
    }
    assertTrue(observedCount > ROWS, "about half of the 30,000 targets observed: " + observedCount);
  }

  private static Architecture architecture(FlowKind flow) {
    return Architecture.defaults().withFlow(flow).withFlowLayers(3).withHidden(32);
  }

  private static TrainedModel train(ModelSpec spec) {
    return FlowTrainer.of(spec, TrainingSettings.defaults().withEpochs(3).withBatchSize(256))
        .fit(SyntheticData.data(2_000, 1), TrainingListener.none())
        .model();
  }

  /** Samples with fixed noise in DJL and in ONNX Runtime and measures their differences. */
  private static Parity parity(
      TrainedModel model, float[] context, float[] observedValues, SplittableRandom random) {
    SamplerWeights weights = SamplerWeights.of(model);
    ModelSpec spec = model.spec();
    float[] uniform = new float[ROWS * TARGETS];
    float[] normal = new float[ROWS * 2];
    for (int i = 0; i < uniform.length; i++) {
      uniform[i] = (float) random.nextDouble();
    }
    for (int i = 0; i < normal.length; i++) {
      normal[i] = (float) random.nextGaussian();
    }
    Samples reference;
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      reference =
          new ReferenceSampler(weights)
              .sample(manager, context, uniform, normal, observedValues, ROWS);
    }
    byte[] onnx = OnnxExporter.export(weights, Map.of("test", "parity")).toByteArray();
    Samples actual = CheckedExport.run(onnx, spec, context, uniform, normal, observedValues, ROWS);
    int stateMismatches = 0;
    double worstRelative = 0;
    double worstProbability = 0;
    for (int r = 0; r < ROWS; r++) {
      for (int j = 0; j < TARGETS; j++) {
        if (actual.gateStates()[r * TARGETS + j] != reference.gateStates()[r * TARGETS + j]) {
          stateMismatches++;
        }
        float expected = reference.values()[r * TARGETS + j];
        double relative =
            Math.abs(actual.values()[r * TARGETS + j] - expected)
                / Math.max(Math.abs(expected), 1e-3);
        worstRelative = Math.max(worstRelative, relative);
      }
      for (int s = 0; s < STATES; s++) {
        worstProbability =
            Math.max(
                worstProbability,
                Math.abs(
                    actual.gateProbabilities()[r * STATES + s]
                        - reference.gateProbabilities()[r * STATES + s]));
      }
    }
    return new Parity(actual, stateMismatches, worstRelative, worstProbability);
  }

  private record Parity(
      Samples onnx, int stateMismatches, double worstRelative, double worstProbability) {}
}
