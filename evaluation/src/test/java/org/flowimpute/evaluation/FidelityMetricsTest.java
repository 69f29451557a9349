package org.flowimpute.evaluation;

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
  void wassersteinOfAShiftedSampleIsTheShift() {
    SplittableRandom random = new SplittableRandom(5);
    double[] a = new double[700];
    double[] b = new double[700];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextGaussian();
      b[i] = a[i] + 0.37;
    }

    assertEquals(0.37, FidelityMetrics.wasserstein(a, null, b, null), 1e-9);
    assertEquals(0, FidelityMetrics.wasserstein(a, null, a, null), 1e-12);
  }

  @Test
  void wassersteinOfTwoPointMassesIsTheirWeightedDistance() {
    // 3/4 of the mass at 0 and 1/4 at 4 vs all at 0: W1 = 1/4 * 4 = 1
    double[] a = {0, 4};
    double[] weights = {3, 1};
    double[] b = {0};

    assertEquals(1.0, FidelityMetrics.wasserstein(a, weights, b, null), 1e-12);
  }

  @Test
  void weightsActLikeRepeatedRows() {
    double[] values = {0, 1, 2, 5};
    double[] weights = {2, 1, 3, 1};
    double[] repeated = {0, 0, 1, 2, 2, 2, 5};
    double[] other = {0, 1.5, 3, 4};

    assertEquals(
        FidelityMetrics.ks(repeated, other),
        FidelityMetrics.ks(values, weights, other, null),
        1e-12);
    assertEquals(
        FidelityMetrics.wasserstein(repeated, null, other, null),
        FidelityMetrics.wasserstein(values, weights, other, null),
        1e-12);
    assertEquals(2 / 7.0, FidelityMetrics.zeroShare(values, weights), 1e-12);
  }

  @Test
  void ksOnNonzeroValuesIgnoresTheZeroShare() {
    double[] real = {0, 0, 0, 1, 2, 3};
    double[] synthetic = {0, 1, 2, 3, 1, 2, 3};

    assertEquals(0.0, FidelityMetrics.ksNonzero(real, null, synthetic, null), 1e-12);
    assertTrue(FidelityMetrics.ks(real, synthetic) > 0.2);
    assertTrue(Double.isNaN(FidelityMetrics.ksNonzero(new double[] {0}, null, real, null)));
  }

  @Test
  void categoryMeanErrorComparesUnalignedTablesByLabel() {
    String[] realCategories = {"a", "a", "b"};
    double[] real = {1, 3, 10};
    String[] syntheticCategories = {"b", "a"};
    double[] synthetic = {5, 2};

    // a: 2 vs 2 -> 0; b: 10 vs 5 -> 0.5
    assertEquals(
        0.25,
        FidelityMetrics.categoryMeanError(
            realCategories, real, null, syntheticCategories, synthetic, null),
        1e-12);
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
