package org.flowimpute.training.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FidelityMetricsTest {

  @Test
  void ksOfShiftedUniformSamplesIsTheShift() {
    double[] a = new double[1000];
    double[] b = new double[1000];
    for (int i = 0; i < 1000; i++) {
      a[i] = i / 1000.0;
      b[i] = i / 1000.0 + 0.25;
    }

    assertEquals(0.25, FidelityMetrics.ks(a, b), 1.5e-3); // one grid step of 1/1000
  }

  @Test
  void ksCountsTiesAtZeroOnce() {
    double[] real = {0, 0, 0, 1};
    double[] synthetic = {0, 1, 1, 1};

    assertEquals(0.5, FidelityMetrics.ks(real, synthetic), 1e-12);
  }

  @Test
  void sharesAndCategoryErrors() {
    double[] real = {0, -1, 2, 4};
    double[] synthetic = {0, 0, 3, 3};
    String[] category = {"a", "a", "b", "b"};

    assertEquals(0.25, FidelityMetrics.zeroShare(real), 1e-12);
    assertEquals(0.25, FidelityMetrics.negativeShare(real), 1e-12);
    // a: real mean -0.5, synthetic 0 -> 1.0; b: real 3, synthetic 3 -> 0
    assertEquals(0.5, FidelityMetrics.categoryMeanError(category, real, synthetic), 1e-12);
    assertEquals(
        0.5 / 3.5, FidelityMetrics.pooledCategoryMeanError(category, real, synthetic), 1e-12);
  }

  @Test
  void correlationErrorOfIdenticalColumnsIsZeroAndOfFlippedSignIsLarge() {
    SplittableRandom random = new SplittableRandom(1);
    double[][] real = new double[500][2];
    double[][] flipped = new double[500][2];
    for (int i = 0; i < 500; i++) {
      double x = random.nextGaussian();
      real[i] = new double[] {x, x + 0.1 * random.nextGaussian()};
      flipped[i] = new double[] {x, -real[i][1]};
    }

    assertEquals(0, FidelityMetrics.correlationError(real, real), 1e-12);
    assertEquals(
        Math.sqrt(2 * 4 * 0.99 * 0.99) / 2, FidelityMetrics.correlationError(real, flipped), 0.02);
  }

  @Test
  void aucIsHalfForIdenticalRowsAndHighForSeparableOnes() {
    SplittableRandom random = new SplittableRandom(3);
    double[][] conditions = new double[300][1];
    double[][] real = new double[300][1];
    double[][] same = new double[300][1];
    double[][] shifted = new double[300][1];
    for (int i = 0; i < 300; i++) {
      conditions[i][0] = random.nextGaussian();
      real[i][0] = Math.exp(random.nextGaussian());
      same[i][0] = Math.exp(random.nextGaussian());
      shifted[i][0] = Math.exp(random.nextGaussian() + 3);
    }

    double indistinguishable = DiscriminatorAuc.auc(conditions, real, same, 5, 1);
    double separable = DiscriminatorAuc.auc(conditions, real, shifted, 5, 1);

    assertTrue(indistinguishable < 0.6, "AUC " + indistinguishable);
    assertTrue(separable > 0.95, "AUC " + separable);
  }

  @Test
  void mannWhitneyAucCountsTiesHalf() {
    assertEquals(
        0.875, DiscriminatorAuc.auc(new double[] {1, 2, 2, 3}, new int[] {0, 0, 1, 1}), 1e-12);
  }
}
