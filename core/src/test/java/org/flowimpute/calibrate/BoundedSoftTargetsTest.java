package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Predicate;
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

  /** The bounds of {@link #outOfReach}'s tests: most weights end at one of them. */
  private static final WeightBounds WIDE = new WeightBounds(0.5, 2);

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

  /**
   * 2,000 people in six regions with targets far out of reach of weights in [0.5·q, 2·q]: a mean
   * age of 95 for women (ages 16–90), shares of women of 0.45 in every region but 0.6 overall, and
   * counts by region 1 % above the base weights'. Softened at λ = 1e-4 their least-squares
   * compromise puts most weights at a bound, and the Newton steps from w = q overshot for 30 steps
   * (lengths 1/16 down to 1e-7) until the solve stopped as "stalled" (the CLI: "the softened
   * targets could not be solved … a larger --soften-lambda or wider --bounds may help"); with the
   * counts kept hard the same stall was reported as targets impossible to meet.
   */
  private static CalibrationProblem outOfReach() {
    Random random = new Random(1);
    String[] regions = {"a", "b", "c", "d", "e", "f"};
    double[] q = new double[RECORDS];
    String[] region = new String[RECORDS];
    String[] sex = new String[RECORDS];
    double[] age = new double[RECORDS];
    for (int i = 0; i < RECORDS; i++) {
      q[i] = 500 + 1500 * random.nextDouble();
      region[i] = regions[random.nextInt(regions.length)];
      sex[i] = random.nextDouble() < 0.51 ? "female" : "male";
      age[i] = 16 + random.nextInt(75);
    }
    StringBuilder yaml = new StringBuilder("targets:\n");
    yaml.append("  - {name: fem, statistic: share, column: sex, category: female, value: 0.6}\n");
    yaml.append("  - name: fem_reg\n    statistic: share\n    column: sex\n");
    yaml.append("    category: female\n    by: [region]\n    cells:\n");
    for (String r : regions) {
      yaml.append("      - {group: {region: ").append(r).append("}, value: 0.45}\n");
    }
    yaml.append(
        "  - name: mage\n    statistic: mean\n    column: age\n    by: [sex]\n    cells:\n");
    yaml.append("      - {group: {sex: female}, value: 95}\n");
    yaml.append("      - {group: {sex: male}, value: 40}\n");
    yaml.append("  - name: people\n    statistic: count\n    by: [region]\n    cells:\n");
    for (String r : regions) {
      double mass = 0;
      for (int i = 0; i < RECORDS; i++) {
        mass += region[i].equals(r) ? q[i] : 0.0;
      }
      yaml.append(
          String.format(
              Locale.ROOT, "      - {group: {region: %s}, value: %.1f}%n", r, 1.01 * mass));
    }
    CalibrationData data =
        CalibrationData.withBaseWeights(q)
            .numeric("age", age)
            .categorical("region", region)
            .categorical("sex", sex)
            .build();
    return ProblemBuilder.build(TargetsReader.parse(yaml.toString(), true), data);
  }

  /**
   * Checks the optimality (KKT) conditions of the bounded soft problem at w, independently of the
   * solver's multipliers: each soft row's multiplier is η_k = (t_k − a_k)/ρ_k with a = Fᵀw and ρ_k
   * = (λ/Q)·s_k² (s_k = max(|t_k|, Σ q|F_k|)), and then every record's log(w/q) must be F_i·η plus
   * the multiplier of its hard row (if any) clipped to [log L, log U]. The hard rows (counts of a
   * partition of the records, here by region) have unknown multipliers: each must lie in the
   * interval its records allow (equal to log(w/q) − soft part for a record inside the bounds, above
   * log U − soft part at U, below log L − soft part at L), so the check is that each interval is
   * not empty; without hard rows the multiplier is 0.
   */
  private static void assertOptimal(
      CalibrationProblem problem, double[] w, WeightBounds bounds, Predicate<String> hard) {
    double[] q = problem.baseWeights();
    int k = problem.constraintCount();
    ConstraintMatrix f = problem.features();
    double total = sum(q);
    double[] achieved = new double[k];
    double[] size = new double[k];
    for (int i = 0; i < q.length; i++) {
      for (int p = f.rowStart(i); p < f.rowStart(i + 1); p++) {
        achieved[f.columnAt(p)] += w[i] * f.valueAt(p);
        size[f.columnAt(p)] += q[i] * Math.abs(f.valueAt(p));
      }
    }
    double[] eta = new double[k];
    for (int c = 0; c < k; c++) {
      Constraint constraint = problem.constraints().get(c);
      if (!hard.test(constraint.name())) {
        double s = Math.max(Math.abs(constraint.target()), size[c]);
        eta[c] = (constraint.target() - achieved[c]) / (LAMBDA / total * s * s);
      }
    }
    double logLower = Math.log(bounds.lower());
    double logUpper = Math.log(bounds.upper());
    double[] low = new double[k + 1];
    double[] high = new double[k + 1];
    Arrays.fill(low, Double.NEGATIVE_INFINITY);
    Arrays.fill(high, Double.POSITIVE_INFINITY);
    int interior = 0;
    for (int i = 0; i < q.length; i++) {
      double soft = 0.0;
      int group = k;
      for (int p = f.rowStart(i); p < f.rowStart(i + 1); p++) {
        int c = f.columnAt(p);
        if (hard.test(problem.constraints().get(c).name())) {
          group = c;
        } else {
          soft += f.valueAt(p) * eta[c];
        }
      }
      double ratio = w[i] / q[i];
      assertTrue(
          ratio >= bounds.lower() * (1 - 1e-12) && ratio <= bounds.upper() * (1 + 1e-12),
          "record " + i + ": w/q " + ratio);
      if (Math.abs(ratio - bounds.upper()) <= 1e-12 * bounds.upper()) {
        low[group] = Math.max(low[group], logUpper - soft);
      } else if (Math.abs(ratio - bounds.lower()) <= 1e-12 * bounds.lower()) {
        high[group] = Math.min(high[group], logLower - soft);
      } else {
        interior++;
        low[group] = Math.max(low[group], Math.log(ratio) - soft);
        high[group] = Math.min(high[group], Math.log(ratio) - soft);
      }
    }
    assertTrue(interior > 0, "some records lie inside the bounds");
    low[k] = Math.max(low[k], 0.0);
    high[k] = Math.min(high[k], 0.0);
    for (int c = 0; c <= k; c++) {
      String name = c == k ? "the soft rows" : problem.constraints().get(c).name();
      assertTrue(
          low[c] <= high[c] + 1e-6,
          String.format(
              Locale.ROOT, "KKT at %s: multiplier in [%.9g, %.9g]", name, low[c], high[c]));
    }
  }

  @Test
  void softTargetsOutOfReachOfTheBoundsConvergeToTheirOptimum() {
    WeightBounds bounds = new WeightBounds(0.5, 2);
    CalibrationProblem softened = Calibrator.soften(outOfReach(), name -> true);

    CalibrationResult result =
        EmmSolver.with(SolverOptions.defaults().withLambda(LAMBDA).withBounds(bounds))
            .solve(softened);

    assertTrue(result.report().converged());
    assertOptimal(softened, result.weights(), bounds, name -> false);
  }

  /**
   * A continuation that runs out of steps before the requested λ says so, with the stage's residual
   * against the stage's tolerance: the message compared the stage's residual with the requested
   * tolerance ("0.000124 &gt; tolerance 0.00100"). Step limits in the first stages (the direct
   * attempt and λ = 1 take about 12 steps here).
   */
  @Test
  void aContinuationStoppedAtAStageSaysSo() {
    CalibrationProblem softened = Calibrator.soften(outOfReach(), name -> true);
    for (int steps : new int[] {13, 19, 20}) {
      EmmSolver solver =
          EmmSolver.with(
              SolverOptions.defaults()
                  .withLambda(LAMBDA)
                  .withBounds(new WeightBounds(0.5, 2))
                  .withTolerance(1e-3)
                  .withMaxIterations(steps));

      CalibrationException error =
          assertThrows(CalibrationException.class, () -> solver.solve(softened));

      java.util.regex.Matcher numbers =
          java.util.regex.Pattern.compile(
                  "at the continuation's stage λ = (\\S+) on the way to λ = (\\S+) .*max scaled"
                      + " residual (\\S+) there > the stage's tolerance (\\S+);")
              .matcher(error.getMessage());
      assertTrue(numbers.find(), error.getMessage());
      assertTrue(
          Double.parseDouble(numbers.group(1)) > LAMBDA
              && Double.parseDouble(numbers.group(3)) > Double.parseDouble(numbers.group(4)),
          error.getMessage());
    }
  }

  @Test
  void softenedMeansAndSharesBesideHardCountsConvergeAndTheCountsHold() {
    WeightBounds bounds = new WeightBounds(0.5, 2);
    Predicate<String> counts = name -> name.startsWith("people");
    CalibrationProblem problem = outOfReach();
    CalibrationProblem softened = Calibrator.soften(problem, counts.negate());

    CalibrationResult result =
        EmmSolver.with(SolverOptions.defaults().withLambda(LAMBDA).withBounds(bounds))
            .solve(softened);

    assertTrue(result.report().converged());
    for (ConstraintReport report : result.report().constraintReports()) {
      if (counts.test(report.name())) {
        assertEquals(report.target(), report.achieved(), 1e-9 * report.target(), report.name());
      }
    }
    assertOptimal(softened, result.weights(), bounds, counts);
  }

  @Test
  void calibrateSoftensTargetsOutOfReachOfBoundsInsteadOfStalling() {
    CalibrationResult result =
        Calibrator.with(
                SolverOptions.defaults()
                    .withOnInfeasible(OnInfeasible.SOFTEN)
                    .withBounds(new WeightBounds(0.5, 2)))
            .calibrate(outOfReach());

    assertTrue(result.report().softened(), result.report().softenedBecause());
    assertTrue(result.report().converged());
    assertFalse(
        result.report().softenedBecause().contains("without holding"),
        result.report().softenedBecause());
    assertTrue(result.report().minWeightRatio() >= 0.5);
    assertTrue(result.report().maxWeightRatio() <= 2);
  }

  /**
   * A continuation that runs out of Newton steps at a stage before the requested λ carries the
   * report of the stage's last iterate, as a solve that fails at the requested λ does: it had no
   * report at all. The reported achieved values are those of real weights within the bounds: the
   * weights q·clip(exp(F·η)) of the reported multipliers η give them again.
   */
  @Test
  void aContinuationStoppedAtAStageReportsItsLastIterate() {
    CalibrationProblem problem = Calibrator.soften(outOfReach(), name -> true);
    EmmSolver solver =
        EmmSolver.with(
            SolverOptions.defaults().withLambda(LAMBDA).withBounds(WIDE).withMaxIterations(4));

    NotConvergedException error =
        assertThrows(NotConvergedException.class, () -> solver.solve(problem));

    SolveReport report = error.report();
    assertFalse(report.converged());
    assertEquals(1.0, report.stoppedAtStageLambda(), error.getMessage());
    assertEquals(LAMBDA, report.lambda());
    assertEquals(4, report.iterations());
    assertTrue(
        error
                .getMessage()
                .contains("at the continuation's stage λ = 1.00 on the way to λ = 0.000100")
            && error.getMessage().contains("a larger --max-iterations"),
        error.getMessage());
    assertAchievedByTheReportedMultipliers(problem, report);
  }

  /**
   * A softened solve whose continuation stops at a stage reports its last iterate marked softened
   * and stopped at that stage, and the error says once what may help.
   */
  @Test
  void aSoftenedSolveStoppedAtAStageReportsItWasSoftened() {
    CalibrationProblem problem = outOfReach();
    Calibrator calibrator =
        Calibrator.with(
            SolverOptions.defaults()
                .withBounds(WIDE)
                .withSoftenLambda(LAMBDA)
                .withOnInfeasible(OnInfeasible.SOFTEN)
                .withMaxIterations(6));

    NotConvergedException error =
        assertThrows(NotConvergedException.class, () -> calibrator.calibrate(problem));

    SolveReport report = error.report();
    assertTrue(report.softened(), error.getMessage());
    assertTrue(report.softenedBecause().contains("cannot be reached"), report.softenedBecause());
    assertFalse(report.converged());
    assertTrue(report.stoppedAtStageLambda() > LAMBDA, error.getMessage());
    assertTrue(
        error.getMessage().startsWith("the softened targets could not be solved (softened ")
            && error.getMessage().contains("at the continuation's stage λ = "),
        error.getMessage());
    assertEquals(
        error.getMessage().indexOf("a larger --max-iterations"),
        error.getMessage().lastIndexOf("a larger --max-iterations"),
        error.getMessage());
    assertAchievedByTheReportedMultipliers(Calibrator.soften(problem, name -> true), report);
  }

  /**
   * Every count of {@code report} (the regions') is Σ w of the weights w = q·clip(exp(F·η), L, U)
   * of its multipliers η, with its relative error the miss over max(|t|, Σ w); some target is
   * missed, and the largest relative error of all is the report's maxRelativeError.
   */
  private static void assertAchievedByTheReportedMultipliers(
      CalibrationProblem problem, SolveReport report) {
    ConstraintMatrix features = problem.features();
    int k = problem.constraintCount();
    double[] eta = new double[k];
    for (int c = 0; c < k; c++) {
      eta[c] = report.constraintReports().get(c).multiplier();
    }
    double[] achieved = new double[k];
    for (int row = 0; row < problem.size(); row++) {
      double ratio =
          Math.min(WIDE.upper(), Math.max(WIDE.lower(), Math.exp(features.rowDot(row, eta))));
      double w = problem.baseWeights()[row] * ratio;
      for (int p = features.rowStart(row); p < features.rowStart(row + 1); p++) {
        achieved[features.columnAt(p)] += w * features.valueAt(p);
      }
    }
    int counts = 0;
    double largestMiss = 0;
    for (int c = 0; c < k; c++) {
      ConstraintReport constraint = report.constraintReports().get(c);
      largestMiss = Math.max(largestMiss, constraint.relativeError());
      if (constraint.name().startsWith("people[")) {
        counts++;
        assertEquals(achieved[c], constraint.achieved(), 1e-9 * achieved[c], constraint.name());
        double miss = Math.abs(achieved[c] - constraint.target());
        assertEquals(
            miss / Math.max(constraint.target(), achieved[c]),
            constraint.relativeError(),
            1e-9,
            constraint.name());
      }
    }
    assertEquals(6, counts);
    assertTrue(largestMiss > 1e-3, "the stage's weights miss the targets: " + largestMiss);
    assertEquals(largestMiss, report.maxRelativeError(), 1e-9);
  }
}
