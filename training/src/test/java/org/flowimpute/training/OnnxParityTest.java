package org.flowimpute.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;
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
import org.flowimpute.training.onnx.OnnxExporter;
import org.flowimpute.training.onnx.OnnxNames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OnnxParityTest {

  private static final int ROWS = 10_000;

  @ParameterizedTest
  @EnumSource(FlowKind.class)
  void exportedGraphSamplesWhatTheDjlReferenceSamples(FlowKind flow) throws Exception {
    ModelSpec spec =
        SyntheticData.spec(Architecture.defaults().withFlow(flow).withFlowLayers(3).withHidden(32));
    TrainedModel model =
        FlowTrainer.of(spec, TrainingSettings.defaults().withEpochs(3).withBatchSize(256))
            .fit(SyntheticData.data(2_000, 1), TrainingListener.none())
            .model();
    SamplerWeights weights = SamplerWeights.of(model);
    SplittableRandom random = new SplittableRandom(7);
    float[] context = new float[ROWS * 4];
    float[] uniform = new float[ROWS * 3];
    float[] normal = new float[ROWS * 2];
    for (int i = 0; i < context.length; i++) {
      context[i] = (float) (2 * random.nextGaussian());
    }
    for (int i = 0; i < uniform.length; i++) {
      uniform[i] = (float) random.nextDouble();
    }
    for (int i = 0; i < normal.length; i++) {
      normal[i] = (float) random.nextGaussian();
    }

    Samples reference;
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      reference = new ReferenceSampler(weights).sample(manager, context, uniform, normal, ROWS);
    }
    byte[] onnx = OnnxExporter.export(weights, Map.of("test", "parity")).toByteArray();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(onnx, options);
          OnnxTensor c =
              OnnxTensor.createTensor(env, FloatBuffer.wrap(context), new long[] {ROWS, 4});
          OnnxTensor u =
              OnnxTensor.createTensor(env, FloatBuffer.wrap(uniform), new long[] {ROWS, 3});
          OnnxTensor z =
              OnnxTensor.createTensor(env, FloatBuffer.wrap(normal), new long[] {ROWS, 2});
          OrtSession.Result result =
              session.run(
                  Map.of(
                      OnnxNames.CONTEXT, c, OnnxNames.GATE_UNIFORM, u, OnnxNames.FLOW_NORMAL, z))) {
        float[][] values = (float[][]) result.get(OnnxNames.VALUES).get().getValue();
        long[][] states = (long[][]) result.get(OnnxNames.GATE_STATES).get().getValue();
        float[][] probabilities =
            (float[][]) result.get(OnnxNames.GATE_PROBABILITIES).get().getValue();
        int totalStates = spec.totalStates();
        int stateMismatches = 0;
        double worstRelative = 0;
        double worstProbability = 0;
        for (int r = 0; r < ROWS; r++) {
          for (int j = 0; j < 3; j++) {
            if (states[r][j] != reference.gateStates()[r * 3 + j]) {
              stateMismatches++;
            }
            float expected = reference.values()[r * 3 + j];
            double relative =
                Math.abs(values[r][j] - expected) / Math.max(Math.abs(expected), 1e-3);
            worstRelative = Math.max(worstRelative, relative);
          }
          for (int s = 0; s < totalStates; s++) {
            worstProbability =
                Math.max(
                    worstProbability,
                    Math.abs(
                        probabilities[r][s] - reference.gateProbabilities()[r * totalStates + s]));
          }
        }
        assertEquals(0, stateMismatches, "gate states differ");
        assertTrue(worstRelative <= 1e-4, "worst relative value difference " + worstRelative);
        assertTrue(worstProbability <= 1e-5, "worst probability difference " + worstProbability);
      }
    }
  }
}
