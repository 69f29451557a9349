package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.flowimpute.calibrate.targets.TargetsReader;
import org.junit.jupiter.api.Test;

/**
 * Soft targets (least squares, KL) with weight bounds: the bounds must not change the soft solution
 * when they do not bind, and must clip it exactly when they do (the Newton damping used for bounds
 * once stalled these solves or called them impossible).
 */
class BoundedSoftTargetsTest {

  private static final int RECORDS = 2_000;
  private static final double LAMBDA = 1e-4;

  /** Base weights in [50, 150), seeded. */
  private static double[] baseWeights() {
    Random random = new Random(11);
    double[] q = new double[RECORDS];
    for (int i = 0; i < RECORDS; i++) {
      q[i] = 50 + 100 * random.nextDouble();
    }
    return q;
  }

  private static double sum(double[] values) {
    double total = 0;
    for (double value : values) {
      total += value;
    }
    return total;
  }

  /**
   * Two constraints on the same statistic (the weighted count of all records) with conflicting
   * targets t₁ = 1.05·Q and t₂ = 1.15·Q, both soft with scale s = Q.
   */
  private static CalibrationProblem conflictingPair(double[] q, Loss loss) {
    double total = sum(q);
    ConstraintMatrix.Builder features = ConstraintMatrix.builder(RECORDS);
    double[] ones = new double[RECORDS];
    java.util.Arrays.fill(ones, 1.0);
    features.addColumn(ones);
    features.addColumn(ones);
    return CalibrationProblem.of(
        q,
        features.build(),
        List.of(
            Constraint.of("first", "count", loss, 1.05 * total),
            Constraint.of("second", "count", loss, 1.15 * total)));
  }

  /**
   * The optimum is w = r·q with one ratio r (every record has the same statistic), where the
   * derivative of the objective in r vanishes: Q·Σ_k loss_k'(Q·r) + λ·log r = 0. Found here by
   * bisection, independently of the solver.
   */
  private static double optimalRatio(double total, DoubleUnaryOperator lossDerivativeSum) {
    double low = 0.5;
    double high = 2.0;
    for (int step = 0; step < 200; step++) {
      double mid = 0.5 * (low + high);
      double slope = total * lossDerivativeSum.applyAsDouble(total * mid) + LAMBDA * Math.log(mid);
      if (slope > 0) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return 0.5 * (low + high);
  }

  private static void assertRatio(double expected, double[] q, double[] w, double tolerance) {
    for (int i = 0; i < q.length; i++) {
      assertEquals(expected, w[i] / q[i], tolerance, "record " + (i + 1));
    }
  }

  @Test
  void leastSquaresPairWithLooseBoundsHasTheUnboundedOptimum() {
    double[] q = baseWeights();
    double total = sum(q);
    double s = total;
    CalibrationProblem problem = conflictingPair(q, Loss.leastSquares(s));
    double expected = optimalRatio(total, a -> ((a - 1.05 * total) + (a - 1.15 * total)) / (s * s));

    CalibrationResult result =
        EmmSolver.with(
                SolverOptions.defaults().withLambda(LAMBDA).withBounds(new WeightBounds(0.5, 3)))
            .solve(problem);

    assertTrue(result.report().converged());
    assertTrue(Math.abs(expected - 1.1) < 1e-3, "the optimum lies between the targets");
    assertRatio(expected, q, result.weights(), 1e-9);
  }

  @Test
  void klPairWithLooseBoundsHasTheUnboundedOptimum() {
    double[] q = baseWeights();
    double total = sum(q);
    double s = total;
    CalibrationProblem problem = conflictingPair(q, Loss.kullbackLeibler(s));
    double t1 = 1.05 * total;
    double t2 = 1.15 * total;
    // d/da of (t/s²)[t log(t/a) − t + a] is (t/s²)(1 − t/a)
    double expected = optimalRatio(total, a -> (t1 * (1 - t1 / a) + t2 * (1 - t2 / a)) / (s * s));

    CalibrationResult result =
        EmmSolver.with(
                SolverOptions.defaults().withLambda(LAMBDA).withBounds(new WeightBounds(0.5, 3)))
            .solve(problem);

    assertTrue(result.report().converged());
    assertRatio(expected, q, result.weights(), 1e-9);
  }

  @Test
  void leastSquaresPairClippedByTheUpperBoundSitsOnIt() {
    double[] q = baseWeights();
    CalibrationProblem problem = conflictingPair(q, Loss.leastSquares(sum(q)));

    // the unconstrained optimum r ≈ 1.1 lies above U = 1.08, and the objective is convex in r
    CalibrationResult result =
        EmmSolver.with(
                SolverOptions.defaults().withLambda(LAMBDA).withBounds(new WeightBounds(0.5, 1.08)))
            .solve(problem);

    assertTrue(result.report().converged());
    assertRatio(1.08, q, result.weights(), 1e-12);
  }

  @Test
  void softenedInconsistentMarginsWithBoundsMatchTheUnboundedSolve() {
    Random random = new Random(3);
    double[] q = new double[RECORDS];
    String[] region = new String[RECORDS];
    String[] sex = new String[RECORDS];
    for (int i = 0; i < RECORDS; i++) {
      q[i] = 500 + 1000 * random.nextDouble();
      region[i] = List.of("north", "south", "east").get(random.nextInt(3));
      sex[i] = random.nextDouble() < 0.52 ? "female" : "male";
    }
    CalibrationData data =
        CalibrationData.withBaseWeights(q)
            .categorical("region", region)
            .categorical("sex", sex)
            .build();
    // region cells sum to 2.00M, sex cells to 2.01M: an ordinary inconsistency between margins
    CalibrationProblem problem =
        ProblemBuilder.build(
            TargetsReader.parse(
                """
                targets:
                  - name: people
                    statistic: count
                    by: [region]
                    cells:
                      - {group: {region: north}, value: 700000}
                      - {group: {region: south}, value: 600000}
                      - {group: {region: east}, value: 700000}
                  - name: sex
                    statistic: count
                    by: [sex]
                    cells:
                      - {group: {sex: female}, value: 1030000}
                      - {group: {sex: male}, value: 980000}
                """,
                true),
            data);
    SolverOptions soften = SolverOptions.defaults().withOnInfeasible(OnInfeasible.SOFTEN);

    CalibrationResult unbounded = Calibrator.with(soften).calibrate(problem);
    CalibrationResult bounded =
        Calibrator.with(soften.withBounds(new WeightBounds(0.5, 3))).calibrate(problem);

    assertTrue(unbounded.report().softened());
    assertTrue(bounded.report().softened());
    assertTrue(bounded.report().converged());
    assertTrue(
        unbounded.report().minWeightRatio() > 0.5 && unbounded.report().maxWeightRatio() < 3,
        "the bounds do not bind");
    assertTrue(bounded.report().minWeightRatio() >= 0.5);
    assertTrue(bounded.report().maxWeightRatio() <= 3);
    assertTrue(
        RFixtures.maxRelativeDifference(bounded.weights(), unbounded.weights()) < 1e-9,
        "bounds that do not bind leave the softened solution unchanged");
  }
}
