package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.flowimpute.calibrate.targets.TargetsReader;
import org.junit.jupiter.api.Test;

/**
 * Mean and share targets that contradict each other with no count or total beside them: each row
 * Σw(x − m) = 0 holds as every weight goes to 0, so the solve once "converged" to weights of about
 * 1e-22 and wrote them (exit 0). They are refused as infeasible, naming the targets, and {@code
 * soften} then finds a compromise that keeps the weights.
 */
class ContradictoryRatioTargetsTest {

  private static final int RECORDS = 400;

  private final double[] q = new double[RECORDS];
  private final double[] age = new double[RECORDS];
  private final String[] region = new String[RECORDS];
  private final String[] sex = new String[RECORDS];

  ContradictoryRatioTargetsTest() {
    Random random = new Random(3);
    for (int i = 0; i < RECORDS; i++) {
      q[i] = 5 + 20 * random.nextDouble();
      age[i] = 18 + random.nextInt(60);
      region[i] = random.nextBoolean() ? "N" : "S";
      sex[i] = random.nextBoolean() ? "F" : "M";
    }
  }

  private CalibrationResult calibrate(String yaml, OnInfeasible policy) {
    return calibrate(yaml, SolverOptions.defaults().withOnInfeasible(policy));
  }

  private CalibrationResult calibrate(String yaml, SolverOptions options) {
    CalibrationData data =
        CalibrationData.withBaseWeights(q)
            .numeric("age", age)
            .categorical("region", region)
            .categorical("sex", sex)
            .build();
    CalibrationProblem problem = ProblemBuilder.build(TargetsReader.parse(yaml, true), data);
    return Calibrator.with(options).calibrate(problem);
  }

  private static final String SHARES =
      """
      targets:
        - {name: fem, statistic: share, column: sex, category: F, value: 0.8}
        - name: fem_by
          statistic: share
          column: sex
          category: F
          by: [region]
          cells:
            - {group: {region: N}, value: 0.3}
            - {group: {region: S}, value: 0.4}
      """;

  @Test
  void aShareOverallThatSharesByRegionCannotAverageToIsRefused() {
    InfeasibleTargetsException error =
        assertThrows(InfeasibleTargetsException.class, () -> calibrate(SHARES, OnInfeasible.FAIL));

    assertTrue(
        error.getMessage().startsWith("mean or share targets that contradict each other: "),
        error.getMessage());
    assertTrue(error.constraintNames().contains("fem"), error.constraintNames().toString());
    assertTrue(
        error.constraintNames().stream().anyMatch(name -> name.startsWith("fem_by")),
        error.constraintNames().toString());
  }

  @Test
  void twoMeansOfOneColumnAreRefused() {
    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class,
            () ->
                calibrate(
                    """
                    targets:
                      - {name: m1, statistic: mean, column: age, value: 50}
                      - {name: m2, statistic: mean, column: age, value: 40}
                    """,
                    OnInfeasible.FAIL));

    assertEquals(List.of("m1", "m2"), error.constraintNames());
  }

  /**
   * Softened, the shares keep their groups' weight (all records, and each region, at the weight the
   * other targets give them: here the base weight): before, the least-squares rows on Σw(x − m)
   * were met by shrinking every weight to 0.14 % of the base.
   */
  @Test
  void softenedSharesKeepTheirGroupsWeight() {
    CalibrationResult result = calibrate(SHARES, OnInfeasible.SOFTEN);

    assertTrue(result.report().softened(), result.report().softenedBecause());
    assertEquals(total(q), total(result.weights()), 1e-9 * total(q));
    double female = 0.0;
    for (int i = 0; i < RECORDS; i++) {
      female += sex[i].equals("F") ? result.weights()[i] : 0.0;
    }
    double share = female / total(result.weights());
    assertTrue(share > 0.4 && share < 0.8, "national share of F " + share);
    assertTrue(
        result.report().constraintReports().stream()
            .anyMatch(c -> c.name().equals("fem" + HeldGroupWeights.SUFFIX)),
        "the report lists the held weight of 'fem'");
  }

  /**
   * With weight bounds exactly held group weights stall the solve (a hard count on clipped
   * weights): it failed outright ("constraints pulling hardest: fem:weight"), and then, solved
   * without them, put every weight at its lower bound (total halved). With bounds they are held
   * nearly, as heavily weighted least squares, and the reason says so. Only 'fem' is out of reach
   * of the bounds, so only it is softened: the shares by region stay hard and exact, and the total
   * keeps the weight they give it. (Until 2026-12 the bounded soft solve of that first round
   * stalled, so every share was softened in a second round and the total kept the base weight.)
   */
  @Test
  void withBoundsSoftenedSharesAreStillSolvedWithinTheBounds() {
    SolverOptions bounded =
        SolverOptions.defaults()
            .withOnInfeasible(OnInfeasible.SOFTEN)
            .withBounds(WeightBounds.parse("0.5,2"));
    CalibrationResult result = calibrate(SHARES, bounded);

    assertTrue(result.report().softened(), result.report().softenedBecause());
    assertTrue(
        result.report().softenedBecause().contains("(softened fem;"),
        result.report().softenedBecause());
    assertTrue(
        result.report().softenedBecause().endsWith("held nearly (least squares, weight bounds))"),
        result.report().softenedBecause());
    String byRegion = SHARES.substring(SHARES.indexOf("  - name: fem_by"));
    double[] others = calibrate("targets:\n" + byRegion, bounded).weights();
    assertEquals(1.0, total(result.weights()) / total(others), 1e-5, "total weight kept");
    double[] female = new double[2];
    double[] all = new double[2];
    for (int i = 0; i < RECORDS; i++) {
      int r = region[i].equals("N") ? 0 : 1;
      all[r] += result.weights()[i];
      female[r] += sex[i].equals("F") ? result.weights()[i] : 0.0;
      double ratio = result.weights()[i] / q[i];
      assertTrue(ratio >= 0.5 - 1e-9 && ratio <= 2 + 1e-9, "row " + i + ": w/q " + ratio);
    }
    assertEquals(0.3, female[0] / all[0], 1e-9, "hard share of F in N");
    assertEquals(0.4, female[1] / all[1], 1e-9, "hard share of F in S");
  }

  /**
   * A mean above every value of its group, softened, comes as close as the data allow while the
   * group keeps its weight; before, the group's weights shrank (the miss of Σw(x − m) fell with
   * them).
   */
  @Test
  void aSoftenedMeanOutsideTheDataKeepsItsGroupsWeight() {
    CalibrationResult result =
        calibrate(
            """
            targets:
              - {name: old, statistic: mean, column: age, value: 90}
            """,
            OnInfeasible.SOFTEN);

    assertTrue(result.report().softened(), result.report().softenedBecause());
    assertEquals(total(q), total(result.weights()), 1e-9 * total(q));
    double weightedAge = 0.0;
    for (int i = 0; i < RECORDS; i++) {
      weightedAge += result.weights()[i] * age[i];
    }
    assertTrue(weightedAge / total(q) > 70, "mean age " + weightedAge / total(q));
  }

  /** With a count beside them, two means of one column are dependent rows, named in user terms. */
  @Test
  void twoMeansWithACountAreNamedByTheirValues() {
    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class,
            () ->
                calibrate(
                    """
                    targets:
                      - {name: n, statistic: count, value: 5000}
                      - {name: m1, statistic: mean, column: age, value: 50}
                      - {name: m2, statistic: mean, column: age, value: 40}
                    """,
                    OnInfeasible.FAIL));

    assertTrue(
        error.getMessage().startsWith("inconsistent targets: 'm1' (mean(age)) = 50.0 contradicts "),
        error.getMessage());
    assertTrue(error.getMessage().contains("'m2' = 40.0"), error.getMessage());
    assertTrue(error.getMessage().contains("'n' = 5000.0"), error.getMessage());
    assertEquals(java.util.Set.of("n", "m1", "m2"), java.util.Set.copyOf(error.constraintNames()));
  }

  /** A share of 1 of a category some records have is not blamed on the category's spelling. */
  @Test
  void aShareOfOneIsNotBlamedOnSpelling() {
    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class,
            () ->
                calibrate(
                    """
                    targets:
                      - {name: all_f, statistic: share, column: sex, category: F, value: 1}
                    """,
                    OnInfeasible.FAIL));

    assertTrue(
        error
            .getMessage()
            .endsWith(
                "(a share of 1 leaves no weight to the group's records without that category)"),
        error.getMessage());
  }

  /**
   * With bounds, a share the records have but the bounds cannot reach is said to be out of reach of
   * those weights (it was "lies at or above every value", false with half the group female); every
   * target out of reach is named at once.
   */
  @Test
  void targetsOutOfReachOfBoundedWeightsAreNamedTogether() {
    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class,
            () ->
                calibrate(
                    """
                    targets:
                      - {name: fem, statistic: share, column: sex, category: F, value: 0.7}
                      - {name: old, statistic: mean, column: age, value: 70}
                    """,
                    SolverOptions.defaults().withBounds(WeightBounds.parse("0.9,1.1"))));

    assertTrue(
        error
            .getMessage()
            .startsWith(
                "target 'fem' (share(sex=F)) = 0.7 cannot be reached with weights in [0.9·q,"
                    + " 1.1·q]: the highest value its group reaches with them lies below it;"
                    + " also out of reach: old"),
        error.getMessage());
    assertEquals(List.of("fem", "old"), error.constraintNames());
  }

  private static double total(double[] weights) {
    double total = 0.0;
    for (double w : weights) {
      total += w;
    }
    return total;
  }

  @Test
  void aBandOnAMeanWithLowerAboveUpperIsRefused() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                calibrate(
                    """
                    targets:
                      - {name: age, statistic: mean, column: age, loss: band, lower: 30, upper: 25}
                    """,
                    OnInfeasible.FAIL));

    assertTrue(
        error.getMessage().contains("band needs lower <= upper, got [30.0, 25.0]"),
        error.getMessage());
  }
}
