package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.flowimpute.calibrate.targets.TargetsReader;
import org.junit.jupiter.api.Test;

/**
 * Ratio targets (shares, means) whose statistic is zero for every record of a non-empty group — a
 * share of 0 for a category nobody has, a share of 1 that everybody in the group has — hold for any
 * weights: they are reported as trivial, not refused as empty groups. A ratio on a group without
 * records is still infeasible.
 */
class DegenerateRatioTargetsTest {

  private static final int RECORDS = 600;

  private final double[] q = new double[RECORDS];
  private final String[] education = new String[RECORDS];
  private final String[] sex = new String[RECORDS];

  DegenerateRatioTargetsTest() {
    Random random = new Random(7);
    for (int i = 0; i < RECORDS; i++) {
      q[i] = 10 + 40 * random.nextDouble();
      education[i] = List.of("low", "medium", "high").get(random.nextInt(3));
      sex[i] = random.nextBoolean() ? "female" : "male";
    }
  }

  private CalibrationResult calibrate(String yaml) {
    CalibrationData data =
        CalibrationData.withBaseWeights(q)
            .categorical("education", education)
            .categorical("sex", sex)
            .build();
    CalibrationProblem problem = ProblemBuilder.build(TargetsReader.parse(yaml, true), data);
    return Calibrator.with(SolverOptions.defaults()).calibrate(problem);
  }

  private static Map<String, ConstraintReport> byName(CalibrationResult result) {
    Map<String, ConstraintReport> reports = new HashMap<>();
    result.report().constraintReports().forEach(c -> reports.put(c.name(), c));
    return reports;
  }

  @Test
  void zeroShareOfAnAbsentCategoryIsTrivialAndTheOtherShareIsRaked() {
    CalibrationResult result =
        calibrate(
            """
            targets:
              - {name: edu_high, statistic: share, column: education, category: high, value: 0.3}
              - {name: edu_none, statistic: share, column: education, category: none, value: 0.0}
            """);

    // raking to one share s: w = q·r^(1−s) for "high", q·r^(−s) otherwise, with
    // r = s·Q_other / ((1 − s)·Q_high), so that the weighted share of "high" is exactly s
    double share = 0.3;
    double high = 0;
    double other = 0;
    for (int i = 0; i < RECORDS; i++) {
      if (education[i].equals("high")) {
        high += q[i];
      } else {
        other += q[i];
      }
    }
    double r = share * other / ((1 - share) * high);
    for (int i = 0; i < RECORDS; i++) {
      double expected = q[i] * Math.pow(r, education[i].equals("high") ? 1 - share : -share);
      assertEquals(expected, result.weights()[i], 1e-10 * expected, "record " + (i + 1));
    }
    Map<String, ConstraintReport> reports = byName(result);
    assertEquals("trivial", reports.get("edu_none").status());
    assertEquals(0.0, reports.get("edu_none").achieved(), 0.0);
    assertEquals("solved", reports.get("edu_high").status());
    assertEquals(0.3, reports.get("edu_high").achieved(), 1e-9);
  }

  @Test
  void sharesOfOneAndZeroThatTheGroupsAlreadyHaveAreTrivial() {
    double total = 0;
    for (double weight : q) {
      total += weight;
    }

    CalibrationResult result =
        calibrate(
            """
            targets:
              - name: female_by_sex
                statistic: share
                column: sex
                category: female
                by: [sex]
                cells:
                  - {group: {sex: female}, value: 1.0}
                  - {group: {sex: male}, value: 0.0}
              - {name: people, statistic: count, value: 30000}
            """);

    for (int i = 0; i < RECORDS; i++) {
      assertEquals(q[i] * 30000 / total, result.weights()[i], 1e-10 * q[i]);
    }
    Map<String, ConstraintReport> reports = byName(result);
    assertEquals("trivial", reports.get("female_by_sex[sex=female]").status());
    assertEquals(1.0, reports.get("female_by_sex[sex=female]").achieved(), 0.0);
    assertEquals("trivial", reports.get("female_by_sex[sex=male]").status());
    assertEquals(0.0, reports.get("female_by_sex[sex=male]").achieved(), 0.0);
  }

  /**
   * A positive share of a category no record has (a misspelt category) is infeasible, and the
   * message says so, with the levels in the data, instead of only "lies above every value in its
   * group".
   */
  @Test
  void aPositiveShareOfACategoryNobodyHasSaysTheCategoryIsAbsent() {
    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class,
            () ->
                calibrate(
                    """
                    targets:
                      - {name: women, statistic: share, column: sex, category: femal, value: 0.5}
                    """));

    assertEquals(List.of("women"), error.constraintNames());
    assertTrue(
        error
            .getMessage()
            .matches(
                "target 'women' \\(share\\(sex=femal\\)\\) = 0.5 lies at or above every value in"
                    + " its group, so no positive weights reach it: the targets give category"
                    + " 'femal', which no record has \\(levels of 'sex' in the data: '(fe)?male',"
                    + " '(fe)?male'\\): is it spelled as in the data\\?"),
        error.getMessage());
  }

  @Test
  void aShareInAGroupWithoutRecordsIsStillAnEmptyGroup() {
    InfeasibleTargetsException error =
        assertThrows(
            InfeasibleTargetsException.class,
            () ->
                calibrate(
                    """
                    targets:
                      - name: female_by_sex
                        statistic: share
                        column: sex
                        category: female
                        by: [sex]
                        cells:
                          - {group: {sex: diverse}, value: 0.0}
                    """));

    assertEquals(List.of("female_by_sex[sex=diverse]"), error.constraintNames());
    assertTrue(error.getMessage().contains("empty group"), error.getMessage());
  }
}
