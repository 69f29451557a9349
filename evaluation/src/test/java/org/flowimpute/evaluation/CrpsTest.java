package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class CrpsTest {

  /** Gneiting and Raftery (2007): CRPS(N(0,1), y) = y(2Φ(y)−1) + 2φ(y) − 1/√π. */
  private static double normalCrps(double y) {
    NormalDistribution n = new NormalDistribution();
    return y * (2 * n.cumulativeProbability(y) - 1) + 2 * n.density(y) - 1 / Math.sqrt(Math.PI);
  }

  @Test
  void drawsFromAStandardNormalMatchTheClosedForm() {
    SplittableRandom random = new SplittableRandom(11);
    double[] draws = new double[20_000];
    for (int i = 0; i < draws.length; i++) {
      draws[i] = random.nextGaussian();
    }

    for (double y : new double[] {-2, -0.5, 0, 1, 3}) {
      assertEquals(normalCrps(y), Crps.of(y, draws), 0.01, "y = " + y);
    }
  }

  @Test
  void oneDrawIsTheAbsoluteErrorAndTwoDrawsHaveTheirClosedForm() {
    assertEquals(2.5, Crps.of(1, new double[] {3.5}), 1e-12);
    // draws {0, 2}, y = 0: mean|X - y| = 1, 1/2 mean|X - X'| = 1/2 * (2 * 2) / 4 = 0.5
    assertEquals(0.5, Crps.of(0, new double[] {2, 0}), 1e-12);
  }

  @Test
  void weightedMeanOverRecords() {
    double[] observed = {0, 10};
    double[][] draws = {{1}, {10}};

    assertEquals(0.75, Crps.mean(observed, draws, new double[] {3, 1}), 1e-12);
  }
}
