package org.flowimpute.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flowimpute.noise.NoiseKey;
import org.flowimpute.noise.RecordNoise;
import org.flowimpute.training.model.Architecture;
import org.flowimpute.training.model.FlowKind;
import org.flowimpute.training.model.ModelSpec;
import org.flowimpute.training.model.ParameterLayout;
import org.flowimpute.training.model.ReferenceSampler;
import org.flowimpute.training.model.SamplerWeights;
import org.flowimpute.training.model.Samples;
import org.flowimpute.training.model.TargetSpec;
import org.flowimpute.training.model.TrainedModel;
import org.flowimpute.training.onnx.OnnxExporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ONNX Runtime side of inference, on a model with random weights exported by training. */
class BatchImputerTest {

  private static TrainedModel model;
  private static byte[] onnx;

  @BeforeAll
  static void export() {
    ModelSpec spec =
        new ModelSpec(
            3,
            List.of(
                TargetSpec.continuous("x", new boolean[] {true, true, true}, 2.0, 1.0, 0.0, 9.0),
                TargetSpec.continuous("y", new boolean[] {false, true, true}, 1.0, 0.5, 0.0, 8.0)),
            Architecture.defaults().withFlow(FlowKind.MAF).withHidden(16).withFlowLayers(2));
    model = new TrainedModel(spec, ParameterLayout.initial(spec, 3));
    onnx = OnnxExporter.export(SamplerWeights.of(model), Map.of()).toByteArray();
  }

  private static float[] contexts(int rows) {
    SplittableRandom random = new SplittableRandom(rows);
    float[] out = new float[rows * 3];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }

  @Test
  void resultsPerRecordDoNotDependOnBatchSizeOrOrder() {
    int rows = 500;
    float[] contexts = contexts(rows);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      keys.add("person-" + i);
    }
    List<Integer> shuffled = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      shuffled.add(i);
    }
    Collections.shuffle(shuffled, new java.util.Random(1));
    float[] shuffledContexts = new float[rows * 3];
    List<String> shuffledKeys = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      System.arraycopy(contexts, shuffled.get(i) * 3, shuffledContexts, i * 3, 3);
      shuffledKeys.add(keys.get(shuffled.get(i)));
    }

    ImputedBatch big;
    ImputedBatch small;
    try (BatchImputer a = BatchImputer.open("m1", onnx, InferenceOptions.defaults());
        BatchImputer b =
            BatchImputer.open("m1", onnx, InferenceOptions.defaults().withBatchSize(7))) {
      big = a.impute(contexts, keys, 11);
      small = b.impute(shuffledContexts, shuffledKeys, 11);
    }

    for (int i = 0; i < rows; i++) {
      int original = shuffled.get(i);
      for (int t = 0; t < 2; t++) {
        assertEquals(big.value(original, t), small.value(i, t), "row " + original);
        assertEquals(big.gateState(original, t), small.gateState(i, t));
      }
    }
  }

  @Test
  void imputeDrawsEachRecordsNoiseFromItsKeyWhateverSeedCameBefore() {
    int rows = 300;
    float[] contexts = contexts(rows);
    List<String> keys = new ArrayList<>();
    float[] uniforms = new float[rows * 2];
    float[] normals = new float[rows * 2];
    for (int i = 0; i < rows; i++) {
      keys.add("p-" + i);
      RecordNoise noise = NoiseKey.of(11, "m3", keys.get(i)).noise();
      noise.fillUniform(RecordNoise.GATE_UNIFORM_STREAM, uniforms, i * 2, 2);
      noise.fillNormal(RecordNoise.FLOW_NORMAL_STREAM, normals, i * 2, 2);
    }

    ImputedBatch first;
    ImputedBatch otherSeed;
    ImputedBatch again;
    ImputedBatch explicit;
    try (BatchImputer imputer =
        BatchImputer.open("m3", onnx, InferenceOptions.defaults().withBatchSize(64))) {
      first = imputer.impute(contexts, keys, 11);
      otherSeed = imputer.impute(contexts, keys, 12);
      again = imputer.impute(contexts, keys, 11);
      explicit = imputer.imputeWithNoise(contexts, uniforms, normals, rows);
    }

    assertArrayEquals(explicit.values(), first.values());
    assertArrayEquals(explicit.gateStates(), first.gateStates());
    assertArrayEquals(first.values(), again.values());
    assertFalse(
        Arrays.equals(first.values(), otherSeed.values()), "another seed must change the draws");
  }

  @Test
  void theGraphSamplesWhatTheReferenceSamplerSamplesOnTheSameNoise() {
    int rows = 300;
    float[] contexts = contexts(rows);
    SplittableRandom random = new SplittableRandom(5);
    float[] uniforms = new float[rows * 2];
    float[] normals = new float[rows * 2];
    for (int i = 0; i < uniforms.length; i++) {
      uniforms[i] = (float) random.nextDouble();
      normals[i] = (float) random.nextGaussian();
    }

    ImputedBatch imputed;
    try (BatchImputer imputer = BatchImputer.open("m2", onnx, InferenceOptions.defaults())) {
      imputed = imputer.imputeWithNoise(contexts, uniforms, normals, rows);
    }
    Samples reference;
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      reference =
          new ReferenceSampler(SamplerWeights.of(model))
              .sample(manager, contexts, uniforms, normals, rows);
    }

    assertArrayEquals(reference.gateStates(), imputed.gateStates());
    for (int i = 0; i < reference.values().length; i++) {
      float expected = reference.values()[i];
      assertEquals(expected, imputed.values()[i], 1e-4 * Math.max(1e-3, Math.abs(expected)));
    }
  }

  @Test
  void sessionsAreSharedPerGraphAndOptionsAndClosedByTheLastUser() {
    int before = OrtSessions.openSessions();
    SessionLease first = OrtSessions.acquire(onnx, InferenceOptions.defaults());
    SessionLease second = OrtSessions.acquire(onnx, InferenceOptions.defaults());
    SessionLease other =
        OrtSessions.acquire(onnx, InferenceOptions.defaults().withIntraOpThreads(2));

    assertEquals(before + 2, OrtSessions.openSessions());
    assertTrue(first.session() == second.session());
    first.close();
    first.close();
    assertEquals(before + 2, OrtSessions.openSessions());
    second.close();
    other.close();
    assertEquals(before, OrtSessions.openSessions());
    assertThrows(IllegalStateException.class, first::session);
  }

  @Test
  void cudaFailsFastWithAClearMessageAndAutoFallsBackToTheCpu() {
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class,
            () ->
                OrtSessions.acquire(
                    onnx, InferenceOptions.defaults().withDevice(ExecutionDevice.parse("cuda:0"))));
    assertTrue(error.getMessage().contains("no CUDA provider"), error.getMessage());

    try (BatchImputer imputer =
        BatchImputer.open(
            "auto", onnx, InferenceOptions.defaults().withDevice(ExecutionDevice.parse("auto")))) {
      assertEquals(2, imputer.targets());
    }
  }
}
