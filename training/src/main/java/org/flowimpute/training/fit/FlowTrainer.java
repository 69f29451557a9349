package org.flowimpute.training.fit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.flowimpute.encode.ObservedTargetEncoder;
import org.flowimpute.training.model.DjlFlowNetwork;
import org.flowimpute.training.model.ModelSpec;
import org.flowimpute.training.model.NativeArrays;
import org.flowimpute.training.model.ParameterLayout;
import org.flowimpute.training.model.Tensor;
import org.flowimpute.training.model.TrainedModel;

/**
 * Fits the gate model and the flow jointly by weighted maximum likelihood: Adam on mini-batches,
 * validation split, early stopping, and restore of the best checkpoint — separately for the gate
 * parameters and the flow parameters, which share no weights and so have separate optima. The
 * learning rate follows {@link TrainingSettings#schedule()} ({@link PlateauLearningRate}), again
 * per part.
 *
 * <p>Entries whose gate is not "nonzero" get fresh N(0,1) filler in transformed space every epoch;
 * since the flow is conditioned on the gates and the filler is independent of everything, this
 * leaves the law of the nonzero magnitudes exact (DESIGN.md §2).
 *
 * <p>With observed-target inputs ({@link ModelSpec#observedInputs()}, {@code --missing-targets})
 * every row gets a random observed mask every epoch ({@link TargetMasking}); the observed targets'
 * encoding (core's {@code ObservedTargetEncoder}) is appended to the context, observed gates leave
 * the gate loss (it is the likelihood of the missing gates given the observed ones), and observed
 * magnitudes are replaced by filler in the flow's input, so the flow learns p(missing magnitudes |
 * context, observed values, gates) by the same argument that makes the zero-gate filler exact.
 *
 * <p>Deterministic: all randomness (split, initial weights, batch order, filler) comes from {@link
 * SplittableRandom}s derived from the seed; every native array is owned by a manager or scope that
 * is closed, so the same seed and thread count give the same weights bit for bit.
 */
public final class FlowTrainer {

  private static final String ENGINE = "PyTorch";

  /** Elementwise bound on gradients: keeps a rare extreme batch from blowing up Adam's state. */
  private static final float GRADIENT_CLIP = 5f;

  private final ModelSpec spec;
  private final TrainingSettings settings;

  private FlowTrainer(ModelSpec spec, TrainingSettings settings) {
    this.spec = spec;
    this.settings = settings;
  }

  /** A trainer for {@code spec} with {@code settings}. */
  public static FlowTrainer of(ModelSpec spec, TrainingSettings settings) {
    return new FlowTrainer(spec, settings);
  }

  /** How many of {@code rows} rows {@code fraction} holds out for validation (rounded). */
  public static int validationRows(int rows, double fraction) {
    return (int) Math.round(rows * fraction);
  }

  /** Fits on {@code data}; {@code listener} sees progress. */
  public TrainingResult fit(EncodedData data, TrainingListener listener) {
    long started = System.nanoTime();
    int[] permutation = permutation(data.rows(), new SplittableRandom(settings.seed()));
    int validationRows = validationRows(data.rows(), settings.validationFraction());
    int trainRows = data.rows() - validationRows;
    int[] train = java.util.Arrays.copyOfRange(permutation, 0, trainRows);
    int[] validation = java.util.Arrays.copyOfRange(permutation, trainRows, data.rows());
    float weightScale = meanWeightScale(data, train);
    float[] validationFiller = filler(data, new SplittableRandom(settings.seed() ^ 0x5DEECE66DL));
    byte[] validationMasks = masks(data, new SplittableRandom(settings.seed() ^ 0x2545F491L));

    DjlSetup.applyDefaults();
    Engine engine = Engine.getEngine(ENGINE);
    Map<String, Tensor> initial = ParameterLayout.initial(spec, settings.seed());
    try (NDManager manager = engine.newBaseManager();
        DjlFlowNetwork network = new DjlFlowNetwork(manager, spec, initial, true)) {
      PlateauLearningRate learningRate =
          new PlateauLearningRate(
              settings.schedule(), settings.learningRate(), settings.patience());
      Optimizer adam =
          Optimizer.adam().optLearningRateTracker(learningRate).optClipGrad(GRADIENT_CLIP).build();
      Map<String, Tensor> bestGate = network.snapshot();
      Map<String, Tensor> bestFlow = bestGate;
      double bestGateNll = Double.POSITIVE_INFINITY;
      double bestFlowNll = Double.POSITIVE_INFINITY;
      int bestGateEpoch = 0;
      int bestFlowEpoch = 0;
      int sinceImprovement = 0;
      int epoch = 0;
      double trainNll = Double.NaN;
      boolean stoppedEarly = false;
      while (epoch < settings.epochs()) {
        epoch++;
        long epochStart = System.nanoTime();
        float gateRate = learningRate.gateRate();
        float flowRate = learningRate.flowRate();
        SplittableRandom epochRandom = new SplittableRandom(settings.seed() * 31 + epoch);
        int[] order = train.clone();
        shuffle(order, epochRandom);
        float[] epochFiller = filler(data, epochRandom);
        byte[] epochMasks = masks(data, epochRandom);
        double epochNll =
            trainEpoch(
                engine,
                manager,
                network,
                adam,
                data,
                order,
                epochFiller,
                epochMasks,
                weightScale,
                epoch,
                listener);
        double gateNll = Double.NaN;
        double flowNll = Double.NaN;
        double[] nll =
            validationRows > 0
                ? evaluate(manager, network, data, validation, validationFiller, validationMasks)
                : new double[] {0, 0};
        if (!Double.isFinite(epochNll) || !Double.isFinite(nll[0] + nll[1])) {
          if (validationRows == 0 || bestGateEpoch == 0 || bestFlowEpoch == 0) {
            throw new IllegalStateException(
                "training diverged (non-finite loss) in epoch "
                    + epoch
                    + "; try a smaller --lr than "
                    + settings.learningRate());
          }
          stoppedEarly = true;
          break;
        }
        trainNll = epochNll;
        if (validationRows > 0) {
          gateNll = nll[0];
          flowNll = nll[1];
          boolean gateImproved = gateNll < bestGateNll;
          boolean flowImproved = flowNll < bestFlowNll;
          if (gateImproved) {
            bestGateNll = gateNll;
            bestGateEpoch = epoch;
            bestGate = network.snapshot();
          }
          if (flowImproved) {
            bestFlowNll = flowNll;
            bestFlowEpoch = epoch;
            bestFlow = network.snapshot();
          }
          sinceImprovement = gateImproved || flowImproved ? 0 : sinceImprovement + 1;
          learningRate.epochEnded(gateImproved, flowImproved);
        }
        listener.epochEnded(
            new EpochReport(
                epoch,
                settings.epochs(),
                trainNll,
                gateNll,
                flowNll,
                (System.nanoTime() - epochStart) / 1e9,
                gateRate,
                flowRate));
        if (sinceImprovement >= settings.patience()) {
          stoppedEarly = true;
          break;
        }
      }
      Map<String, Tensor> finalWeights =
          validationRows > 0 ? merge(bestGate, bestFlow) : network.snapshot();
      double trainingSeconds = (System.nanoTime() - started) / 1e9;
      TrainedModel trained =
          GateCalibration.calibrate(
              manager, new TrainedModel(spec, finalWeights), data, settings.seed());
      double seconds = (System.nanoTime() - started) / 1e9;
      TrainingSummary summary =
          new TrainingSummary(
              trainRows,
              validationRows,
              epoch,
              stoppedEarly,
              validationRows > 0 ? bestGateEpoch : epoch,
              validationRows > 0 ? bestFlowEpoch : epoch,
              bestGateNll,
              bestFlowNll,
              trainNll,
              trainingSeconds / epoch,
              seconds);
      return new TrainingResult(trained, summary);
    }
  }

  private double trainEpoch(
      Engine engine,
      NDManager manager,
      DjlFlowNetwork network,
      Optimizer adam,
      EncodedData data,
      int[] order,
      float[] filler,
      byte[] masks,
      float weightScale,
      int epoch,
      TrainingListener listener) {
    int batchSize = settings.batchSize();
    int steps = (int) ((order.length + (long) batchSize - 1) / batchSize);
    double weightedNll = 0;
    double totalWeight = 0;
    int skipped = 0;
    for (int step = 0; step < steps; step++) {
      float stepNll;
      int from = step * batchSize;
      int to = Math.min(order.length, from + batchSize);
      Batch batch = Batch.of(spec, data, order, from, to, filler, masks, weightScale);
      try (NDManager stepManager = manager.newSubManager()) {
        try (NDScope scope = new NDScope()) {
          NDArray[] inputs = batch.toArrays(stepManager);
          try (GradientCollector collector = engine.newGradientCollector()) {
            NDList logLik = network.logLikelihoods(inputs[0], inputs[1], inputs[2], inputs[4]);
            NDArray weights = inputs[3];
            NDArray rowNll = logLik.get(0).add(logLik.get(1)).neg();
            NDArray weightSum =
                NativeArrays.of(stepManager, new float[] {batch.weightSum()}, new Shape());
            NDArray loss = rowNll.mul(weights).sum().div(weightSum);
            collector.backward(loss);
            stepNll = loss.getFloat();
          }
        }
        boolean finite = Float.isFinite(stepNll);
        if (finite) {
          weightedNll += stepNll * batch.weightSum();
          totalWeight += batch.weightSum();
        } else {
          skipped++;
        }
        for (Map.Entry<String, NDArray> parameter : network.parameters().entrySet()) {
          NDArray gradient = parameter.getValue().getGradient();
          if (finite) {
            adam.update(parameter.getKey(), parameter.getValue(), gradient);
            gradient.subi(gradient);
          } else {
            Gradients.clear(gradient);
          }
          gradient.close();
        }
      }
      listener.stepEnded(epoch, step + 1, steps);
    }
    // A step with a non-finite loss is skipped (its gradients are discarded); an epoch where
    // every step was skipped has diverged.
    return skipped == steps ? Double.NaN : weightedNll / totalWeight;
  }

  /** Weighted mean gate and flow NLL on {@code rows}. */
  private double[] evaluate(
      NDManager manager,
      DjlFlowNetwork network,
      EncodedData data,
      int[] rows,
      float[] filler,
      byte[] masks) {
    double gate = 0;
    double flow = 0;
    double total = 0;
    int batchSize = Math.max(settings.batchSize(), 4096);
    for (int from = 0; from < rows.length; from += batchSize) {
      int to = Math.min(rows.length, from + batchSize);
      Batch batch = Batch.of(spec, data, rows, from, to, filler, masks, 1f);
      try (NDManager stepManager = manager.newSubManager();
          NDScope scope = new NDScope()) {
        NDArray[] inputs = batch.toArrays(stepManager);
        NDList logLik = network.logLikelihoods(inputs[0], inputs[1], inputs[2], inputs[4]);
        gate -= logLik.get(0).mul(inputs[3]).sum().getFloat();
        flow -= logLik.get(1).mul(inputs[3]).sum().getFloat();
        total += batch.weightSum();
      }
    }
    return new double[] {gate / total, flow / total};
  }

  private Map<String, Tensor> merge(Map<String, Tensor> gate, Map<String, Tensor> flow) {
    Map<String, Tensor> merged = new LinkedHashMap<>();
    for (String name : ParameterLayout.shapes(spec).keySet()) {
      merged.put(name, name.startsWith("gate.") ? gate.get(name) : flow.get(name));
    }
    return merged;
  }

  /** Scale that makes the training weights average 1 (so the learning rate means the same). */
  private static float meanWeightScale(EncodedData data, int[] rows) {
    double sum = 0;
    for (int row : rows) {
      sum += data.weights()[row];
    }
    return rows.length == 0 ? 1f : (float) (rows.length / sum);
  }

  /**
   * Fresh N(0,1) filler for the flow entries that are not trained on: where the gate is not
   * "nonzero" and, with observed-target inputs, everywhere (an entry may be masked as observed).
   */
  private float[] filler(EncodedData data, SplittableRandom random) {
    float[] out = new float[data.flowValues().length];
    for (int i = 0; i < out.length; i++) {
      if (spec.observedInputs() || Float.isNaN(data.flowValues()[i])) {
        out[i] = (float) random.nextGaussian();
      }
    }
    return out;
  }

  /** Observed masks [rows, G] for models with observed-target inputs, else an empty array. */
  private byte[] masks(EncodedData data, SplittableRandom random) {
    return spec.observedInputs()
        ? TargetMasking.draw(data.rows(), data.gates(), random)
        : new byte[0];
  }

  private static int[] permutation(int rows, SplittableRandom random) {
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    shuffle(order, random);
    return order;
  }

  private static void shuffle(int[] values, SplittableRandom random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }

  /** One mini-batch gathered from the compact arrays. */
  private record Batch(
      ModelSpec spec,
      int rows,
      float[] context,
      float[] oneHot,
      float[] flow,
      float[] weights,
      float weightSum,
      float[] gateLossMask) {

    static Batch of(
        ModelSpec spec,
        EncodedData data,
        int[] order,
        int from,
        int to,
        float[] filler,
        byte[] masks,
        float weightScale) {
      int rows = to - from;
      int e = data.contextDim();
      int width = spec.contextDim();
      int g = data.gates();
      int d = data.flowDims();
      int s = spec.totalStates();
      int[] offsets = new int[g];
      for (int j = 0; j < g; j++) {
        offsets[j] = spec.stateOffset(j);
      }
      int[] flowTargets = spec.flowTargets();
      boolean masked = spec.observedInputs();
      ObservedTargetEncoder encoder = masked ? spec.observedEncoder() : null;
      boolean[] observed = new boolean[g];
      int[] states = new int[g];
      float[] magnitudes = new float[g];
      float[] context = new float[rows * width];
      float[] oneHot = new float[rows * s];
      float[] lossMask = new float[rows * s];
      float[] flow = new float[rows * d];
      float[] weights = new float[rows];
      float weightSum = 0;
      for (int r = 0; r < rows; r++) {
        int row = order[from + r];
        System.arraycopy(data.context(), row * e, context, r * width, e);
        for (int j = 0; j < g; j++) {
          states[j] = data.gateState(row, j);
          observed[j] = masked && masks[row * g + j] == 1;
          oneHot[r * s + offsets[j] + states[j]] = 1f;
          if (!observed[j]) {
            lossMask[r * s + offsets[j] + states[j]] = 1f;
          }
        }
        for (int k = 0; k < d; k++) {
          float value = data.flowValues()[row * d + k];
          magnitudes[flowTargets[k]] = value;
          boolean fill = Float.isNaN(value) || observed[flowTargets[k]];
          flow[r * d + k] = fill ? filler[row * d + k] : value;
        }
        if (masked) {
          encoder.encodeStates(observed, states, magnitudes, context, r * width + e);
        }
        weights[r] = data.weights()[row] * weightScale;
        weightSum += weights[r];
      }
      return new Batch(spec, rows, context, oneHot, flow, weights, weightSum, lossMask);
    }

    NDArray[] toArrays(NDManager manager) {
      return new NDArray[] {
        NativeArrays.of(manager, context, new Shape(rows, context.length / rows)),
        NativeArrays.of(manager, oneHot, new Shape(rows, spec.totalStates())),
        flow.length == 0
            ? null
            : NativeArrays.of(manager, flow, new Shape(rows, flow.length / rows)),
        NativeArrays.of(manager, weights, new Shape(rows)),
        NativeArrays.of(manager, gateLossMask, new Shape(rows, spec.totalStates()))
      };
    }
  }
}
