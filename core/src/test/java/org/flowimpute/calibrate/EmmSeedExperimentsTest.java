package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.flowimpute.calibrate.targets.LossSpec;
import org.flowimpute.calibrate.targets.Statistic;
import org.flowimpute.calibrate.targets.TargetCell;
import org.flowimpute.calibrate.targets.TargetSpec;
import org.flowimpute.calibrate.targets.TargetsFile;
import org.junit.jupiter.api.Test;

/**
 * The experiments of the EMM seed (LucasKIJ/EMM, "Generating Synthetic Data using Entropic Marginal
 * Matching"): a skew-normal corpus with two classes is reweighted to class-conditional mean and
 * variance targets.
 */
class EmmSeedExperimentsTest {

  private static final int N = 20_000;
  private static final double[] TARGET_MEAN = {0.2, 1.6};
  private static final double[] TARGET_VARIANCE = {0.55, 0.30};

  private final double[] x = new double[N];
  private final String[] label = new String[N];
  private final double[] squaredDeviation = new double[N];

  EmmSeedExperimentsTest() {
    Random random = new Random(20240611L);
    double alpha = 4.0;
    double delta = alpha / Math.sqrt(1 + alpha * alpha);
    for (int i = 0; i < N; i++) {
      int c = random.nextDouble() < 0.4 ? 0 : 1;
      double skewNormal =
          delta * Math.abs(random.nextGaussian())
              + Math.sqrt(1 - delta * delta) * random.nextGaussian();
      x[i] = c + 0.8 * skewNormal;
      label[i] = String.valueOf(c);
      squaredDeviation[i] = (x[i] - TARGET_MEAN[c]) * (x[i] - TARGET_MEAN[c]);
    }
  }

  private CalibrationData corpus() {
    double[] q = new double[N];
    java.util.Arrays.fill(q, 1.0);
    return CalibrationData.withBaseWeights(q)
        .numeric("x", x)
        .numeric("sqdev", squaredDeviation)
        .categorical("class", label)
        .build();
  }

  /** Mean of x and mean of (x − m_c)² (the variance, given the mean) per class. */
  private TargetsFile targets(LossSpec loss) {
    List<TargetSpec> specs = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      specs.add(ratio("mean_" + c, "x", String.valueOf(c), TARGET_MEAN[c], loss));
      specs.add(ratio("variance_" + c, "sqdev", String.valueOf(c), TARGET_VARIANCE[c], loss));
    }
    return TargetsFile.of("class", specs);
  }

  private static TargetSpec ratio(
      String name, String column, String label, double value, LossSpec loss) {
    return new TargetSpec(
        name,
        Statistic.MEAN,
        column,
        null,
        null,
        null,
        label,
        loss,
        List.of(new TargetCell(null, value, null, null, null)),
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void equalityLossMeetsClassConditionalMeanAndVarianceTargets() {
    CalibrationProblem problem = ProblemBuilder.build(targets(LossSpec.equality()), corpus());

    CalibrationResult result = EmmSolver.with(SolverOptions.defaults()).solve(problem);

    double[] w = result.weights();
    for (int c = 0; c < 2; c++) {
      double sum = 0;
      double sumX = 0;
      for (int i = 0; i < N; i++) {
        if (label[i].equals(String.valueOf(c))) {
          sum += w[i];
          sumX += w[i] * x[i];
        }
      }
      double mean = sumX / sum;
      double sumSquares = 0;
      for (int i = 0; i < N; i++) {
        if (label[i].equals(String.valueOf(c))) {
          sumSquares += w[i] * (x[i] - mean) * (x[i] - mean);
        }
      }
      assertEquals(TARGET_MEAN[c], mean, 1e-6 * Math.abs(TARGET_MEAN[c]) + 1e-9);
      assertEquals(TARGET_VARIANCE[c], sumSquares / sum, 1e-6 * TARGET_VARIANCE[c]);
    }
    assertTrue(result.report().maxRelativeError() < 1e-8);
    assertTrue(result.report().kishEffectiveSampleSize() < N);
  }

  @Test
  void leastSquaresTradesConstraintErrorForEntropyMonotonicallyInLambda() {
    CalibrationProblem problem =
        ProblemBuilder.build(targets(new LossSpec("least_squares", null, null)), corpus());
    double[] lambdas = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10};
    double previousError = -1;
    double previousKl = Double.POSITIVE_INFINITY;

    for (double lambda : lambdas) {
      CalibrationResult result =
          EmmSolver.with(SolverOptions.defaults().withLambda(lambda)).solve(problem);

      double error = result.report().maxRelativeError();
      double kl = klToBase(result.weights());
      assertTrue(error > previousError, "error must grow with lambda at " + lambda);
      assertTrue(kl < previousKl, "KL to q must shrink with lambda at " + lambda);
      assertTrue(
          result.report().dualityGap() < 1e-8 * Math.max(1, kl),
          "gap " + result.report().dualityGap());
      previousError = error;
      previousKl = kl;
    }
  }

  private static double klToBase(double[] w) {
    double total = 0;
    for (double value : w) {
      total += value;
    }
    double kl = 0;
    for (double value : w) {
      double p = value / total;
      double q = 1.0 / w.length;
      kl += p > 0 ? p * Math.log(p / q) : 0.0;
    }
    return kl;
  }
}
