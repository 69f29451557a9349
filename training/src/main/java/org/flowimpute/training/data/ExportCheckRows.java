package org.flowimpute.training.data;

import java.util.SplittableRandom;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.TargetSpec;
import org.flowimpute.encode.GateStates;
import org.flowimpute.encode.ObservedTargetEncoder;
import org.flowimpute.training.fit.EncodedData;
import org.flowimpute.training.fit.TargetMasking;
import org.flowimpute.training.model.ModelSpec;

/**
 * The first training rows as the export check feeds them to the DJL reference and to ONNX Runtime:
 * network contexts and observed values. For a model with observed-target inputs each row gets a
 * random observed mask (seeded), so the check covers forced gates and copied values too.
 *
 * @param contexts [rows, spec.contextDim()]
 * @param observedValues [rows, T] observed values in original units (zeros without observation)
 * @param rows number of rows
 */
record ExportCheckRows(float[] contexts, float[] observedValues, int rows) {

  static ExportCheckRows of(TrainingTable table, PreparedData prepared, ModelSpec spec, int most) {
    EncodedData data = prepared.data();
    int rows = Math.min(most, data.rows());
    int e = data.contextDim();
    int width = spec.contextDim();
    int targets = spec.gates();
    float[] contexts = new float[rows * width];
    float[] observedValues = new float[rows * targets];
    byte[] masks = TargetMasking.draw(rows, targets, new SplittableRandom(rows));
    ObservedTargetEncoder encoder = spec.observedEncoder();
    boolean[] observed = new boolean[targets];
    int[] states = new int[targets];
    float[] magnitudes = new float[targets];
    int[] flowTargets = spec.flowTargets();
    for (int r = 0; r < rows; r++) {
      System.arraycopy(data.context(), r * e, contexts, r * width, e);
      if (!spec.observedInputs()) {
        continue;
      }
      for (int j = 0; j < targets; j++) {
        observed[j] = masks[r * targets + j] == 1;
        states[j] = data.gateState(r, j);
        TargetSpec target = prepared.targets().get(j);
        Object raw = table.value(target.name(), r);
        observedValues[r * targets + j] =
            target instanceof ContinuousTarget
                ? (float) table.numbers(target.name())[r]
                : GateStates.of(target, raw, "row " + (r + 1));
      }
      for (int k = 0; k < flowTargets.length; k++) {
        magnitudes[flowTargets[k]] = data.flowValues()[r * flowTargets.length + k];
      }
      encoder.encodeStates(observed, states, magnitudes, contexts, r * width + e);
    }
    return new ExportCheckRows(contexts, observedValues, rows);
  }
}
