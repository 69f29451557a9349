package org.flowimpute.training.fit;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.flowimpute.training.model.ModelSpec;
import org.flowimpute.training.model.ReferenceSampler;
import org.flowimpute.training.model.SamplerWeights;
import org.flowimpute.training.model.Tensor;
import org.flowimpute.training.model.TrainedModel;

/**
 * Calibrates the gates' state shares after training ("calibration in the large"). The gates are
 * trained on the real states of the gates before them and sampled on their own draws, so a small
 * error early in the chain moves the shares of the later gates: on the CPS-like benchmark the
 * seventh gate's zero share came out 1–1.6 points low on the very rows it was trained on. In each
 * of {@link #ROUNDS} rounds all gates are sampled in chain order as at generation, and each state's
 * logit bias is moved by {@code log(real share / mean sampled probability)}: real shares weighted
 * over all training rows, sampled ones over at most {@link #MAX_ROWS} of them. Only the intercepts
 * move: how the probabilities depend on the conditions and on earlier states is the trained
 * network's. Deterministic (seeded uniforms). Models that take observed targets as inputs are left
 * as trained: their gates are conditioned on what is observed, which differs per row.
 */
final class GateCalibration {

  /**
   * Adjustment rounds, each one pass of all gates that moves every state's bias at once: a gate's
   * share settles within two or three rounds after the gates before it have settled.
   */
  static final int ROUNDS = 6;

  /**
   * Rows the sampled shares are taken on at most (a seeded sample of larger data; the real shares
   * are taken on all rows): a sampled share's error is then at most about 0.35 points (binomial, p
   * = 0.5), far less for the mean probabilities it averages, and the calibration of a 30-gate model
   * stays a small part of one epoch on 10^6 rows.
   */
  static final int MAX_ROWS = 20_000;

  /** The logit biases of all gate states, concatenated in gate order. */
  static final String LOGIT_BIAS = "gate.d";

  private GateCalibration() {}

  /**
   * The weights of {@code model} with every gate's state shares calibrated on {@code data} (the
   * training rows), or the model unchanged for a model with observed-target inputs.
   */
  static TrainedModel calibrate(
      NDManager manager, TrainedModel model, EncodedData data, long seed) {
    ModelSpec spec = model.spec();
    if (spec.observedInputs() || data.rows() == 0) {
      return model;
    }
    SplittableRandom random = new SplittableRandom(seed ^ 0x6A09E667F3BCC909L);
    int[] rows = sampleRows(data.rows(), random);
    int count = rows.length;
    int contextDim = data.contextDim();
    int gates = spec.gates();
    float[] context = new float[count * contextDim];
    float[] uniforms = new float[count * gates];
    double[] weights = new double[count];
    double totalWeight = 0;
    for (int i = 0; i < count; i++) {
      System.arraycopy(data.context(), rows[i] * contextDim, context, i * contextDim, contextDim);
      for (int j = 0; j < gates; j++) {
        uniforms[i * gates + j] = (float) random.nextDouble();
      }
      weights[i] = data.weights()[rows[i]];
      totalWeight += weights[i];
    }
    double[] realShares = realShares(spec, data);
    float[] bias = model.weight(LOGIT_BIAS).data().clone();
    TrainedModel current = model;
    int totalStates = spec.totalStates();
    for (int round = 0; round < ROUNDS; round++) {
      float[] probabilities =
          new ReferenceSampler(SamplerWeights.of(current))
              .gateProbabilities(manager, context, uniforms, count, gates);
      for (int state = 0; state < totalStates; state++) {
        double sampled = 0;
        for (int i = 0; i < count; i++) {
          sampled += weights[i] * probabilities[i * totalStates + state];
        }
        sampled /= totalWeight;
        double real = realShares[state];
        if (real > 0 && sampled > 0) {
          bias[state] += (float) Math.log(real / sampled);
        }
      }
      current = withBias(current, bias);
    }
    return current;
  }

  private static int[] sampleRows(int rows, SplittableRandom random) {
    int[] all = new int[rows];
    for (int i = 0; i < rows; i++) {
      all[i] = i;
    }
    if (rows <= MAX_ROWS) {
      return all;
    }
    for (int i = 0; i < MAX_ROWS; i++) {
      int j = i + random.nextInt(rows - i);
      int swap = all[i];
      all[i] = all[j];
      all[j] = swap;
    }
    int[] sample = java.util.Arrays.copyOf(all, MAX_ROWS);
    java.util.Arrays.sort(sample);
    return sample;
  }

  /** Weighted share of each gate state among all rows, [S] in concatenated state order. */
  private static double[] realShares(ModelSpec spec, EncodedData data) {
    double[] shares = new double[spec.totalStates()];
    int gates = spec.gates();
    double totalWeight = 0;
    for (int r = 0; r < data.rows(); r++) {
      double weight = data.weights()[r];
      totalWeight += weight;
      for (int j = 0; j < gates; j++) {
        shares[spec.stateOffset(j) + data.gateState(r, j)] += weight;
      }
    }
    for (int s = 0; s < shares.length; s++) {
      shares[s] /= totalWeight;
    }
    return shares;
  }

  private static TrainedModel withBias(TrainedModel model, float[] bias) {
    Map<String, Tensor> weights = new LinkedHashMap<>(model.weights());
    Tensor old = weights.get(LOGIT_BIAS);
    weights.put(LOGIT_BIAS, new Tensor(old.shape(), bias.clone()));
    return new TrainedModel(model.spec(), weights);
  }
}
