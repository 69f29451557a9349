package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Infeasible hard targets are detected and named; SOFTEN falls back to least squares. */
class InfeasibilityTest {

  private static InfeasibleTargetsException solveExpectingInfeasible(String yaml) {
    return assertThrows(
        InfeasibleTargetsException.class,
        () -> Calibrator.with(SolverOptions.defaults()).calibrate(RFixtures.apiclus1Problem(yaml)));
  }

  @Test
  void positiveTargetOnAnEmptyGroupIsNamed() {
    InfeasibleTargetsException error =
        solveExpectingInfeasible(
            """
            targets:
              - name: stype
                statistic: count
                by: [stype]
                cells:
                  - {group: {stype: E}, value: 4421}
                  - {group: {stype: X}, value: 12}
            """);

    assertEquals(List.of("stype[stype=X]"), error.constraintNames());
    assertTrue(error.getMessage().contains("empty group"), error.getMessage());
  }

  @Test
  void theImpliedTotalIsWrittenWithoutTheSumsRoundingNoise() {
    InfeasibleTargetsException error =
        solveExpectingInfeasible(
            RFixtures.STYPE_SCHWIDE_MARGINS
                .replace("value: 4421}", "value: 1000.3}")
                .replace("value: 755}", "value: 2000.2}")
                .replace("value: 1018}", "value: 3193.7}"));

    assertEquals(
        "inconsistent targets: 'stype[stype=E]' = 1000.3 but 'stype[stype=H]' = 2000.2,"
            + " 'stype[stype=M]' = 3193.7, 'schwide[sch.wide=No]' = 1072.0,"
            + " 'schwide[sch.wide=Yes]' = 5122.0 imply 1000.1 (its statistic is a combination of"
            + " theirs, e.g. two margins with different totals)",
        error.getMessage());
  }

  @Test
  void inconsistentTotalsAcrossMarginsAreNamed() {
    // R's margins with the sch.wide total one above the stype total
    InfeasibleTargetsException error =
        solveExpectingInfeasible(
            RFixtures.STYPE_SCHWIDE_MARGINS.replace("value: 5122", "value: 5123"));

    assertTrue(error.getMessage().startsWith("inconsistent targets"), error.getMessage());
    assertTrue(
        error
            .constraintNames()
            .containsAll(List.of("stype[stype=E]", "stype[stype=H]", "stype[stype=M]")),
        error.getMessage());
    assertTrue(error.constraintNames().stream().anyMatch(name -> name.startsWith("schwide")));
  }

  @Test
  void meanOutsideTheRangeOfTheGroupIsNamed() {
    InfeasibleTargetsException error =
        solveExpectingInfeasible(
            """
            targets:
              - name: api
                statistic: mean
                column: api00
                by: [stype]
                cells:
                  - {group: {stype: E}, value: 700}
                  - {group: {stype: H}, value: 2000}
            """);

    assertEquals(List.of("api[stype=H]"), error.constraintNames());
    assertTrue(error.getMessage().contains("above every value"), error.getMessage());
  }

  @Test
  void targetsOutsideTheConvexHullAreDetectedByDualDivergence() {
    InfeasibleTargetsException error =
        solveExpectingInfeasible(
            """
            targets:
              - name: all
                statistic: count
                value: 6194
              - name: elementary
                statistic: count
                by: [stype]
                cells:
                  - {group: {stype: E}, value: 7000}
            """);

    assertTrue(error.getMessage().contains("convex hull"), error.getMessage());
    assertTrue(error.getMessage().contains("certificate"), error.getMessage());
    assertEquals(
        java.util.Set.of("all", "elementary[stype=E]"),
        java.util.Set.copyOf(error.constraintNames()));
  }

  /**
   * A count and a total over amounts of 1e6 to 6e7 (cents): each alone is feasible, together they
   * ask for a mean above every value. Both are named: the total's coefficient in the certificate is
   * about 1e-8 of the count's, and was once dropped as negligible, leaving a certificate about the
   * count alone that was false.
   */
  @Test
  void aCertificateNamesATotalOfLargeAmountsBesideACount() {
    int records = 200;
    double[] q = new double[records];
    double[] ones = new double[records];
    double[] cents = new double[records];
    java.util.SplittableRandom random = new java.util.SplittableRandom(4);
    for (int r = 0; r < records; r++) {
      q[r] = 1.0;
      ones[r] = 1.0;
      cents[r] = 1e6 + random.nextDouble() * 5.9e7;
    }
    cents[0] = 6e7;
    ConstraintMatrix.Builder features = ConstraintMatrix.builder(records);
    features.addColumn(ones);
    features.addColumn(cents);
    CalibrationProblem problem =
        CalibrationProblem.of(
            q,
            features.build(),
            List.of(
                Constraint.of("people", "count", Loss.equality(), 300),
                Constraint.of("income_cents", "total", Loss.equality(), 300 * 7e7)));

    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class,
            () -> Calibrator.with(SolverOptions.defaults()).calibrate(problem));

    assertEquals(
        java.util.Set.of("people", "income_cents"), java.util.Set.copyOf(error.constraintNames()));
    assertTrue(error.getMessage().contains("'income_cents'"), error.getMessage());
    assertTrue(error.getMessage().contains("'people'"), error.getMessage());
  }

  @Test
  void softenTurnsTheConflictingTargetsIntoLeastSquaresAndKeepsTheOthers() {
    CalibrationResult result =
        softened(
            """
              - name: api
                statistic: mean
                column: api00
                value: 650
            """);

    SolveReport report = result.report();
    assertTrue(report.softened());
    assertTrue(report.softenedBecause().contains("convex hull"), report.softenedBecause());
    assertTrue(report.converged());
    Map<String, ConstraintReport> byName = byName(report);
    assertEquals("least_squares", byName.get("all").loss());
    assertEquals("least_squares", byName.get("elementary[stype=E]").loss());
    assertTrue(byName.get("all").relativeError() > 1e-3, "the conflicting pair cannot both be met");
    assertTrue(byName.get("elementary[stype=E]").relativeError() > 1e-3);
    assertEquals("equality", byName.get("api").loss(), "a target the conflict does not name stays");
    assertTrue(byName.get("api").relativeError() < 1e-9, "and is met exactly");
    assertTrue(
        report.softenedBecause().endsWith("(softened all, elementary[stype=E])")
            || report.softenedBecause().endsWith("(softened elementary[stype=E], all)"),
        report.softenedBecause());
    for (double w : result.weights()) {
      assertTrue(w >= 0 && Double.isFinite(w));
    }
  }

  /**
   * Two separate conflicts: softening the first one named leaves the second, which a further round
   * softens too, without falling back to softening every target.
   */
  @Test
  void softenAddsTheTargetsOfEachFurtherConflict() {
    SolveReport report =
        softened(
                """
                  - name: api
                    statistic: mean
                    column: api00
                    by: [stype]
                    cells:
                      - {group: {stype: H}, value: 2000}
                      - {group: {stype: M}, value: 650}
                """)
            .report();

    Map<String, ConstraintReport> byName = byName(report);
    assertTrue(report.softened());
    assertEquals("least_squares", byName.get("api[stype=H]").loss());
    assertEquals("least_squares", byName.get("all").loss());
    assertEquals("least_squares", byName.get("elementary[stype=E]").loss());
    assertTrue(
        report.softenedBecause().contains("(softened api[stype=H], "), report.softenedBecause());
    assertFalse(
        report.softenedBecause().endsWith("(softened every hard target)"),
        report.softenedBecause());
  }

  /**
   * Calibrates apiclus1 under SOFTEN to the conflicting pair {all: 6194, elementary[E]: 7000} and
   * the targets {@code more} (YAML list items).
   */
  private static CalibrationResult softened(String more) {
    String yaml =
        """
        targets:
          - name: all
            statistic: count
            value: 6194
          - name: elementary
            statistic: count
            by: [stype]
            cells:
              - {group: {stype: E}, value: 7000}
        """
            + more.stripIndent();
    return Calibrator.with(SolverOptions.defaults().withOnInfeasible(OnInfeasible.SOFTEN))
        .calibrate(RFixtures.apiclus1Problem(yaml));
  }

  private static Map<String, ConstraintReport> byName(SolveReport report) {
    Map<String, ConstraintReport> byName = new java.util.HashMap<>();
    report.constraintReports().forEach(c -> byName.put(c.name(), c));
    return byName;
  }

  @Test
  void boundsThatMakeATargetUnreachableAreNamed() {
    CalibrationProblem problem =
        RFixtures.apiclus1Problem(
            """
            targets:
              - name: all
                statistic: count
                value: 20000
            """);

    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class,
            () ->
                EmmSolver.with(SolverOptions.defaults().withBounds(new WeightBounds(0.5, 2)))
                    .solve(problem));

    assertEquals(List.of("all"), error.constraintNames());
    assertTrue(error.getMessage().contains("cannot be reached"), error.getMessage());
  }

  /**
   * 2,001 cells of two records each at their base count and 10 records in no cell, with a band on
   * the count of all of them at most half the cells' sum: the records outside the cells fall
   * towards 0 while the dual diverges. The band shares records with every cell, so the 2,002
   * constraints are one block of coupled constraints, more than {@link EmmSolver#COUPLED_LIMIT}: no
   * certificate is looked for in it, so the error names the rows pulling hardest and says that this
   * is a ranking; it said the targets "cannot be met" and named them as if proven. (Until
   * 2026-12-04 the limit held for all constraints together, blocks or not.)
   */
  @Test
  void withoutACertificateTheNamedConstraintsAreCalledARanking() {
    int cells = EmmSolver.COUPLED_LIMIT + 1;
    int records = 2 * cells + 10;
    double[] q = new double[records];
    java.util.Arrays.fill(q, 1.0);
    ConstraintMatrix.Builder features = ConstraintMatrix.builder(records);
    List<Constraint> constraints = new java.util.ArrayList<>();
    for (int c = 0; c < cells; c++) {
      double[] inCell = new double[records];
      inCell[2 * c] = 1;
      inCell[2 * c + 1] = 1;
      features.addColumn(inCell);
      constraints.add(Constraint.of("cell" + c, "count", Loss.equality(), 2));
    }
    double[] ones = new double[records];
    java.util.Arrays.fill(ones, 1.0);
    features.addColumn(ones);
    constraints.add(Constraint.of("all", "count", Loss.band(0, cells), 0));

    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class,
            () ->
                EmmSolver.with(SolverOptions.defaults())
                    .solve(CalibrationProblem.of(q, features.build(), constraints)));

    assertTrue(
        error
            .getMessage()
            .startsWith(
                "targets appear impossible to meet together by nonnegative weights (outside the"
                    + " convex hull of the records' statistics): the dual "),
        error.getMessage());
    assertTrue(
        error
            .getMessage()
            .contains(
                "; constraints pulling hardest (a ranking, not a proof that these conflict): "),
        error.getMessage());
    assertEquals("all", error.constraintNames().get(0), error.getMessage());
  }

  /**
   * 2,500 cells of two records each at their base count beside a region of three records counted to
   * 3 whose town, two of them, is counted to 4: a town above its region. The region and town share
   * no record with the cells, so the 2,502 constraints are 2,501 blocks of at most two, and the
   * certificate is found in the region's block, naming the two. With more than 2,000 constraints no
   * certificate was looked for at all (the ranking of the rows pulling hardest).
   */
  @Test
  void aConflictInOneOfManyDisjointBlocksGetsACertificate() {
    int cells = 2_500;
    int records = 2 * cells + 3;
    double[] q = new double[records];
    java.util.Arrays.fill(q, 1.0);
    ConstraintMatrix.Builder features = ConstraintMatrix.builder(records);
    List<Constraint> constraints = new java.util.ArrayList<>();
    for (int c = 0; c < cells; c++) {
      double[] inCell = new double[records];
      inCell[2 * c] = 1;
      inCell[2 * c + 1] = 1;
      features.addColumn(inCell);
      constraints.add(Constraint.of("cell" + c, "count", Loss.equality(), 2));
    }
    double[] region = new double[records];
    double[] town = new double[records];
    for (int i = 2 * cells; i < records; i++) {
      region[i] = 1;
      town[i] = i < records - 1 ? 1 : 0;
    }
    features.addColumn(region);
    constraints.add(Constraint.of("region", "count", Loss.equality(), 3));
    features.addColumn(town);
    constraints.add(Constraint.of("town", "count", Loss.equality(), 4));

    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class,
            () ->
                EmmSolver.with(SolverOptions.defaults())
                    .solve(CalibrationProblem.of(q, features.build(), constraints)));

    assertTrue(constraints.size() > EmmSolver.COUPLED_LIMIT);
    assertEquals(
        java.util.Set.of("region", "town"),
        java.util.Set.copyOf(error.constraintNames()),
        error.getMessage());
    assertTrue(
        error
            .getMessage()
            .startsWith(
                "targets outside the convex hull of the records' statistics: no nonnegative"
                    + " weights meet "),
        error.getMessage());
    assertTrue(
        error.getMessage().contains("is <= 0 for every record but > 0 for the targets)"),
        error.getMessage());
  }

  /**
   * Four records of base weight 1 and a count of 8 under bounds (0.5, 2): only every weight at 2
   * meets it. Linear calibration's weights reach the bound and meet it; logit's lie strictly inside
   * (0.5, 2), so it is out of their reach, and named before solving. It "converged" to weights
   * 2e-10 below 2, a count 8 missed by less than the tolerance. A count of 7.99 is met by logit.
   */
  @Test
  void logitRefusesATargetMetOnlyWithEveryWeightAtItsUpperBound() {
    ConstraintMatrix.Builder features = ConstraintMatrix.builder(4);
    features.addColumn(new double[] {1, 1, 1, 1});
    ConstraintMatrix counts = features.build();
    double[] q = {1, 1, 1, 1};
    SolverOptions logit =
        SolverOptions.defaults()
            .withDivergence(DivergenceKind.LOGIT)
            .withBounds(new WeightBounds(0.5, 2));
    java.util.function.DoubleFunction<CalibrationProblem> count =
        target ->
            CalibrationProblem.of(
                q, counts, List.of(Constraint.of("n", "count", Loss.equality(), target)));

    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class, () -> EmmSolver.with(logit).solve(count.apply(8)));
    CalibrationResult linear =
        EmmSolver.with(logit.withDivergence(DivergenceKind.CHI_SQUARE)).solve(count.apply(8));
    CalibrationResult within = EmmSolver.with(logit).solve(count.apply(7.99));

    assertEquals(List.of("n"), error.constraintNames());
    assertEquals(
        "target 'n' (count) = 8.0 cannot be reached: weights strictly inside (0.5·q, 2.0·q) give"
            + " values in (2.0, 8.0)",
        error.getMessage());
    for (double w : linear.weights()) {
      assertEquals(2.0, w, 1e-9);
    }
    assertTrue(within.report().converged());
    for (double w : within.weights()) {
      assertEquals(1.9975, w, 1e-9);
      assertTrue(w < 2.0);
    }
  }

  /**
   * Eight records of base weight 1, four of them in group A: a count of all of them at {@code all}
   * and A's count at its base, 4.
   */
  private static CalibrationProblem allAndGroupA(double all) {
    ConstraintMatrix.Builder features = ConstraintMatrix.builder(8);
    features.addColumn(new double[] {1, 1, 1, 1, 1, 1, 1, 1});
    features.addColumn(new double[] {1, 1, 1, 1, 0, 0, 0, 0});
    return CalibrationProblem.of(
        new double[] {1, 1, 1, 1, 1, 1, 1, 1},
        features.build(),
        List.of(
            Constraint.of("all", "count", Loss.equality(), all),
            Constraint.of("A", "count", Loss.equality(), 4)));
  }

  /**
   * A count of all records of 12 (or 6) beside A's count of 4 leaves the four others to weigh 8 (or
   * 2): each of them at the bound 2 (or 0.5). Each target alone is within reach, so no check before
   * solving sees it; logit's dual climbed towards the bound and "converged" after 28 Newton steps
   * to weights 1.7e-10 below it. It is now refused on the proof within a few steps, naming both
   * targets; 11.99 is still met, and softening meets the others.
   */
  @Test
  void logitRefusesTargetsMetTogetherOnlyWithWeightsAtTheBounds() {
    AtomicInteger steps = new AtomicInteger();
    SolverOptions logit =
        SolverOptions.defaults()
            .withDivergence(DivergenceKind.LOGIT)
            .withBounds(new WeightBounds(0.5, 2))
            .withProgress(progress -> steps.incrementAndGet());

    for (double all : new double[] {12, 6}) {
      steps.set(0);
      InfeasibleTargetsException error =
          assertThrows(
              InfeasibleTargetsException.class,
              () -> EmmSolver.with(logit).solve(allAndGroupA(all)));

      assertEquals(List.of("all", "A"), error.constraintNames(), error.getMessage());
      assertTrue(
          error
              .getMessage()
              .startsWith(
                  "targets can be met together only by weights at the bounds [0.500, 2.00]·q,"
                      + " which logit weights never reach (they lie strictly inside): "),
          error.getMessage());
      assertTrue(
          error.getMessage().contains("(a proof, after " + steps.get() + " Newton steps;"),
          error.getMessage());
      assertTrue(
          error
              .getMessage()
              .endsWith(
                  "; it holds for all, A alone; widen --bounds, use --calfun linear (its weights"
                      + " may sit at the bounds), or soften these targets (--on-infeasible"
                      + " soften)"),
          error.getMessage());
      assertTrue(steps.get() <= 10, steps.get() + " steps: " + error.getMessage());
    }
    CalibrationResult within = EmmSolver.with(logit).solve(allAndGroupA(11.99));
    SolveReport softened =
        Calibrator.with(logit.withOnInfeasible(OnInfeasible.SOFTEN))
            .calibrate(allAndGroupA(12))
            .report();

    assertTrue(within.report().converged());
    assertEquals(11.99, java.util.Arrays.stream(within.weights()).sum(), 1e-8);
    assertTrue(softened.converged());
    assertTrue(softened.softened());
  }

  /**
   * R's stype and sch.wide margins (feasible, met by weights within [0.5·q, 2·q]) stopped by the
   * step limit: not converged, with the report of the last iterate, and not softened. With weight
   * bounds every solve that ended without converging was taken for targets "that appear impossible
   * to meet together by bounded weights", so `--on-infeasible soften` softened targets that a few
   * more steps would have met.
   */
  @Test
  void aBoundedSolveStoppedByTheStepLimitIsNotCalledInfeasible() {
    CalibrationProblem problem = RFixtures.apiclus1Problem(RFixtures.STYPE_SCHWIDE_MARGINS);
    SolverOptions bounded = SolverOptions.defaults().withBounds(new WeightBounds(0.5, 2));

    NotConvergedException stopped =
        assertThrows(
            NotConvergedException.class,
            () -> EmmSolver.with(bounded.withMaxIterations(1)).solve(problem));
    NotConvergedException notSoftened =
        assertThrows(
            NotConvergedException.class,
            () ->
                Calibrator.with(bounded.withMaxIterations(1).withOnInfeasible(OnInfeasible.SOFTEN))
                    .calibrate(problem));
    CalibrationResult met = Calibrator.with(bounded).calibrate(problem);

    assertFalse(stopped.report().converged());
    assertTrue(
        stopped.getMessage().startsWith("calibration did not converge after 1 Newton steps"),
        stopped.getMessage());
    assertFalse(notSoftened.report().softened());
    assertTrue(met.report().converged());
    assertTrue(met.report().maxRelativeError() < 1e-9);
  }

  /**
   * Unbounded linear calibration (GREG, weights of any sign) fails only when no weights at all meet
   * the targets: linear equations, or bands, that contradict each other. Here the bands of the
   * stype counts start above the count of all schools (4500 + 800 + 1018 > 6194); with the api00
   * total at a tenth of its base value as well, the weights go negative on the way. The error names
   * the targets by a certificate whose combination is 0 for every record, where it had called the
   * first case a stall naming no target and the second "no nonnegative weights". Linear and logit
   * calibration with bounds (0.5, 2) name the same four so, where they had named the five rows
   * pulling hardest under the bounds.
   */
  @Test
  void unboundedLinearCalibrationNamesInconsistentLinearEquations() {
    String bands =
        """
        targets:
          - {name: all, statistic: count, value: 6194}
          - name: stype
            statistic: count
            by: [stype]
            loss: band
            cells:
              - {group: {stype: E}, lower: 4500, upper: 5000}
              - {group: {stype: H}, lower: 800, upper: 900}
              - {group: {stype: M}, lower: 1018, upper: 1100}
        """;
    String withNegativeWeights =
        bands + "  - {name: api, statistic: total, column: api00, value: 4e5}\n";
    SolverOptions greg =
        SolverOptions.defaults()
            .withDivergence(DivergenceKind.CHI_SQUARE)
            .withBounds(new WeightBounds(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));

    WeightBounds bounds = new WeightBounds(0.5, 2);
    record Case(SolverOptions options, String yaml) {}

    for (Case solve :
        List.of(
            new Case(greg, bands),
            new Case(greg, withNegativeWeights),
            new Case(greg.withBounds(bounds), bands),
            new Case(greg.withDivergence(DivergenceKind.LOGIT).withBounds(bounds), bands))) {
      InfeasibleTargetsException error =
          assertThrows(
              InfeasibleTargetsException.class,
              () ->
                  Calibrator.with(solve.options())
                      .calibrate(RFixtures.apiclus1Problem(solve.yaml())));

      assertEquals(
          java.util.Set.of("all", "stype[stype=E]", "stype[stype=H]", "stype[stype=M]"),
          java.util.Set.copyOf(error.constraintNames()),
          error.getMessage());
      assertEquals(
          "inconsistent linear equations: no weights, negative or not, meet all, stype[stype=E],"
              + " stype[stype=M], stype[stype=H] together (certificate: the combination"
              + " -1.00·'all' +1.00·'stype[stype=E]' +1.00·'stype[stype=M]' +1.00·'stype[stype=H]'"
              + " of their statistics is 0 for every record, so for any weights, but > 0 for the"
              + " targets; e.g. a count that is not the sum of its cells' counts, or two equal"
              + " columns with different totals)",
          error.getMessage());
    }
  }

  /**
   * Raking without bounds, the count of all schools hard and bands on the stype counts whose lower
   * ends sum above it (4500 + 800 + 1018 > 6194) or whose upper ends sum below it (4000 + 700 +
   * 1000 < 6194). The stype counts sum to the count of all for every record, so the dual rises
   * along a direction its Newton matrix is singular in; the solve stalled after 9 to 18 Newton
   * steps naming no target ("calibration stalled … max scaled residual 0.00991"), and soften had
   * nothing to soften. The gradient's part in that direction is the certificate.
   */
  @Test
  void rakingNamesBandsWhoseEndsContradictACount() {
    String above =
        """
        targets:
          - {name: all, statistic: count, value: 6194}
          - {name: enroll, statistic: total, column: enroll, value: 3.4e6}
          - name: stype
            statistic: count
            by: [stype]
            loss: band
            cells:
              - {group: {stype: E}, lower: 4500, upper: 5000}
              - {group: {stype: H}, lower: 800, upper: 900}
              - {group: {stype: M}, lower: 1018, upper: 1100}
        """;
    String below =
        above
            .replace("lower: 4500, upper: 5000", "lower: 3000, upper: 4000")
            .replace("lower: 800, upper: 900", "lower: 500, upper: 700")
            .replace("lower: 1018, upper: 1100", "lower: 800, upper: 1000");

    InfeasibleTargetsException tooMuch = solveExpectingInfeasible(above);
    InfeasibleTargetsException tooLittle = solveExpectingInfeasible(below);
    SolveReport softened =
        Calibrator.with(SolverOptions.defaults().withOnInfeasible(OnInfeasible.SOFTEN))
            .calibrate(RFixtures.apiclus1Problem(above))
            .report();

    assertEquals(
        "inconsistent linear equations: no weights, negative or not, meet all, stype[stype=E],"
            + " stype[stype=M], stype[stype=H] together (certificate: the combination"
            + " -1.00·'all' +1.00·'stype[stype=E]' +1.00·'stype[stype=M]' +1.00·'stype[stype=H]'"
            + " of their statistics is 0 for every record, so for any weights, but > 0 for the"
            + " targets; e.g. a count that is not the sum of its cells' counts, or two equal"
            + " columns with different totals)",
        tooMuch.getMessage());
    assertTrue(
        tooLittle
            .getMessage()
            .contains(
                "+1.00·'all' -1.00·'stype[stype=E]' -1.00·'stype[stype=M]'"
                    + " -1.00·'stype[stype=H]'"),
        tooLittle.getMessage());
    assertEquals(
        List.of("all", "stype[stype=E]", "stype[stype=M]", "stype[stype=H]"),
        tooLittle.constraintNames());
    assertTrue(softened.converged());
    assertTrue(
        softened
            .softenedBecause()
            .endsWith("(softened all, stype[stype=E], stype[stype=M], stype[stype=H])"),
        softened.softenedBecause());
    assertEquals("equality", byName(softened).get("enroll").loss());
    assertTrue(byName(softened).get("enroll").relativeError() < 1e-9);
  }

  /**
   * Bands on two of the three stype counts whose lower ends sum above the count of all (6000 + 300
   * > 6194): the middle schools' weights must go to 0, and the certificate is ≤ 0 for them, 0 for
   * the others. Named as outside the convex hull, not as equations no weights meet.
   */
  @Test
  void rakingNamesBandsThatLeaveNoWeightToTheRest() {
    InfeasibleTargetsException error =
        solveExpectingInfeasible(
            """
            targets:
              - {name: all, statistic: count, value: 6194}
              - name: stype
                statistic: count
                by: [stype]
                loss: band
                cells:
                  - {group: {stype: E}, lower: 6000, upper: 6100}
                  - {group: {stype: H}, lower: 300, upper: 400}
            """);

    assertEquals(
        java.util.Set.of("all", "stype[stype=E]", "stype[stype=H]"),
        java.util.Set.copyOf(error.constraintNames()),
        error.getMessage());
    assertTrue(
        error.getMessage().startsWith("targets outside the convex hull"), error.getMessage());
  }

  /**
   * Two means of one column without a count: unbounded linear weights meet both only by weights
   * that sum to 0 (all of them 0 here), as raking's fall towards 0. The error names the two means
   * as raking's does, not as equations no weights meet (which w = 0 does).
   */
  @Test
  void unboundedLinearCalibrationNamesContradictoryMeansAsRakingDoes() {
    CalibrationProblem problem =
        RFixtures.apiclus1Problem(
            """
            targets:
              - {name: m1, statistic: mean, column: api00, value: 600}
              - {name: m2, statistic: mean, column: api00, value: 700}
            """);
    SolverOptions greg =
        SolverOptions.defaults()
            .withDivergence(DivergenceKind.CHI_SQUARE)
            .withBounds(new WeightBounds(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));

    InfeasibleTargetsException linear =
        assertThrows(
            InfeasibleTargetsException.class, () -> Calibrator.with(greg).calibrate(problem));
    InfeasibleTargetsException raking =
        assertThrows(
            InfeasibleTargetsException.class,
            () -> Calibrator.with(SolverOptions.defaults()).calibrate(problem));

    for (InfeasibleTargetsException error : List.of(linear, raking)) {
      assertEquals(List.of("m1", "m2"), error.constraintNames(), error.getMessage());
      assertTrue(
          error
              .getMessage()
              .startsWith(
                  "mean or share targets that contradict each other: m1, m2 are met only by"
                      + " weighting their groups away"),
          error.getMessage());
    }
  }
}
