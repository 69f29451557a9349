package org.flowimpute.training;

import java.util.List;
import java.util.SplittableRandom;
import org.flowimpute.training.fit.EncodedData;
import org.flowimpute.training.model.Architecture;
import org.flowimpute.training.model.ModelSpec;
import org.flowimpute.training.model.TargetSpec;

/**
 * Small encoded data sets with a known structure for model tests: 4 context columns, targets a
 * (continuous, all three signs), b (continuous, never negative, a point mass at 250), k
 * (categorical, 3 levels).
 */
final class SyntheticData {

  private SyntheticData() {}

  static ModelSpec spec(Architecture architecture) {
    return new ModelSpec(4, targets(), architecture);
  }

  /**
   * The same targets with observed-target inputs: the context ends with the 15-float block (3 mask,
   * 10 one-hot states, 2 magnitudes).
   */
  static ModelSpec observedSpec(Architecture architecture) {
    return new ModelSpec(4 + 15, targets(), architecture, true);
  }

  private static List<TargetSpec> targets() {
    return List.of(
        TargetSpec.continuous("a", new boolean[] {true, true, true}, 1.0, 0.8, 0.0, 6.0),
        TargetSpec.continuous(
            "b",
            new boolean[] {false, true, true, true},
            2.0,
            0.5,
            0.0,
            7.0,
            1e-3,
            new double[] {250.0}),
        TargetSpec.categorical("k", new boolean[] {true, true, true}));
  }

  static EncodedData data(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] context = new float[rows * 4];
    byte[] states = new byte[rows * 3];
    float[] flow = new float[rows * 2];
    float[] weights = new float[rows];
    for (int r = 0; r < rows; r++) {
      double x0 = random.nextGaussian();
      context[r * 4] = (float) x0;
      context[r * 4 + 1] = (float) random.nextGaussian();
      int level = random.nextInt(2);
      context[r * 4 + 2 + level] = 1f;
      double u = random.nextDouble();
      int gateA = u < 0.1 ? 0 : u < 0.3 + 0.2 * level ? 1 : 2;
      int gateB =
          random.nextDouble() < (gateA == 1 ? 0.9 : 0.2) ? 1 : random.nextDouble() < 0.3 ? 3 : 2;
      states[r * 3] = (byte) gateA;
      states[r * 3 + 1] = (byte) gateB;
      states[r * 3 + 2] = (byte) (x0 > 0.5 ? 2 : random.nextInt(2));
      double shared = random.nextGaussian();
      flow[r * 2] = gateA == 1 ? Float.NaN : (float) (0.7 * x0 + 0.5 * shared);
      flow[r * 2 + 1] =
          gateB != 2
              ? Float.NaN
              : (float) (0.5 * shared - 0.4 * level + 0.6 * random.nextGaussian());
      weights[r] = (float) (0.5 + random.nextDouble());
    }
    return new EncodedData(rows, 4, 3, 2, context, states, flow, weights);
  }
}
