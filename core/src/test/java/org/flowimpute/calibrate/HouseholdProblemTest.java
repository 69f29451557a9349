package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.flowimpute.calibrate.targets.Statistic;
import org.flowimpute.calibrate.targets.TargetCell;
import org.flowimpute.calibrate.targets.TargetSpec;
import org.flowimpute.calibrate.targets.TargetsFile;
import org.flowimpute.calibrate.targets.TargetsReader;
import org.junit.jupiter.api.Test;

/** Integrated household calibration: one weight per household, person and household targets. */
class HouseholdProblemTest {

  @Test
  void personAndHouseholdCountsGiveTheClosedFormWeightsBySize() {
    // 40 one-person and 60 two-person households, q = 10. Raking gives w_h = q exp(a·size + b),
    // one weight per size class, and the two counts fix them: w1·40 + w2·60 = H (households),
    // w1·40 + 2·w2·60 = P (persons) -> w2 = (P − H)/60, w1 = (2H − P)/40.
    List<String> ids = new ArrayList<>();
    for (int h = 0; h < 100; h++) {
      int size = h < 40 ? 1 : 2;
      for (int m = 0; m < size; m++) {
        ids.add("h" + h);
      }
    }
    double[] q = new double[ids.size()];
    java.util.Arrays.fill(q, 10.0);
    TargetsFile targets =
        new TargetsFile(
            null,
            List.of(TargetSpec.of("persons", Statistic.COUNT, null, 1900)),
            List.of(TargetSpec.of("households", Statistic.COUNT, null, 1200)));

    HouseholdProblem household =
        HouseholdProblem.build(targets, CalibrationData.withBaseWeights(q).build(), ids);
    CalibrationResult result =
        Calibrator.with(SolverOptions.defaults()).calibrate(household.problem());
    double[] w = household.personWeights(result.weights());

    assertEquals(100, household.households());
    assertEquals((2 * 1200 - 1900) / 40.0, w[0], 1e-9);
    assertEquals((1900 - 1200) / 60.0, w[40], 1e-9);
    assertEquals(w[40], w[41], 0.0);
    assertEquals(1900, sum(w), 1e-7);
  }

  @Test
  void matchesAnIndependentDenseNewtonSolveAndMeetsPersonAndHouseholdTargets() {
    Population population = Population.draw(300, 11L);
    double[] tilt = new double[population.households];
    SplittableRandom random = new SplittableRandom(3L);
    for (int h = 0; h < tilt.length; h++) {
      tilt[h] = Math.exp(0.3 * (random.nextDouble() - 0.5));
    }
    // Targets met by some household weighting (so they are feasible): base weight × tilt.
    double female = 0;
    double male = 0;
    double ageSum = 0;
    double[] byRegion = new double[2];
    for (int i = 0; i < population.size(); i++) {
      double w = population.q[i] * tilt[population.householdOf[i]];
      if (population.sex[i].equals("F")) {
        female += w;
      } else {
        male += w;
      }
      ageSum += w * population.age[i];
    }
    for (int h = 0; h < population.households; h++) {
      byRegion[population.regionOfHousehold[h]] += population.householdBaseWeight[h] * tilt[h];
    }
    double meanAge = ageSum / (female + male);
    TargetsFile targets =
        new TargetsFile(
            null,
            List.of(
                new TargetSpec(
                    "sex",
                    Statistic.COUNT,
                    null,
                    null,
                    null,
                    List.of("sex"),
                    null,
                    null,
                    List.of(cell("sex", "F", female), cell("sex", "M", male)),
                    null,
                    null,
                    null,
                    null,
                    null),
                TargetSpec.of("mean_age", Statistic.MEAN, "age", meanAge)),
            List.of(householdsByRegion(byRegion[0], byRegion[1])));

    HouseholdProblem household =
        HouseholdProblem.build(targets, population.data(), population.ids());
    CalibrationResult result =
        Calibrator.with(SolverOptions.defaults()).calibrate(household.problem());
    double[] w = household.personWeights(result.weights());
    double[] direct =
        population.denseRaking(new double[] {female, male, 0, byRegion[0], byRegion[1]}, meanAge);

    for (int h = 0; h < population.households; h++) {
      assertEquals(direct[h], result.weight(h), 1e-9 * direct[h], "household " + h);
    }
    double achievedFemale = 0;
    double achievedAge = 0;
    double total = 0;
    for (int i = 0; i < population.size(); i++) {
      assertEquals(result.weight(population.householdOf[i]), w[i], 0.0, "person " + i);
      achievedFemale += population.sex[i].equals("F") ? w[i] : 0;
      achievedAge += w[i] * population.age[i];
      total += w[i];
    }
    double achievedRegion0 = 0;
    for (int h = 0; h < population.households; h++) {
      achievedRegion0 += population.regionOfHousehold[h] == 0 ? result.weight(h) : 0;
    }
    assertEquals(female, achievedFemale, 1e-8 * female);
    assertEquals(meanAge, achievedAge / total, 1e-8 * meanAge);
    assertEquals(byRegion[0], achievedRegion0, 1e-8 * byRegion[0]);
  }

  /**
   * A person or household target that does not fit the data is named with the targets file and its
   * place in the file's own list, as a person-level problem names it (household problems named only
   * the target).
   */
  @Test
  void targetsThatDoNotFitNameTheFileAndTheirPlaceInItsList() {
    CalibrationData data = CalibrationData.withBaseWeights(new double[] {2, 2, 3}).build();
    List<String> ids = List.of("h1", "h1", "h2");

    IllegalArgumentException household =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                HouseholdProblem.build(
                    TargetsReader.parse(
                        "householdTargets: [{name: hh, statistic: total, value: 5}]", true),
                    data,
                    ids,
                    "targets file h.yaml"));
    IllegalArgumentException person =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                HouseholdProblem.build(
                    TargetsReader.parse(
                        "targets: [{name: p, statistic: total, value: 5}]\n"
                            + "householdTargets: [{name: hh, statistic: count, value: 2}]",
                        true),
                    data,
                    ids,
                    "targets file h.yaml"));

    assertEquals(
        "targets file h.yaml: household target 'hh': `statistic: total` needs `column:`, the"
            + " column whose total is targeted (at householdTargets[0])",
        household.getMessage());
    assertEquals(
        "targets file h.yaml: target 'p': `statistic: total` needs `column:`, the column whose"
            + " total is targeted (at targets[0])",
        person.getMessage());
  }

  /**
   * A household target that no weights reach is named as a household target in the solve's error, a
   * person target beside it as a target (until 2026-12-04 both read "target 'x'").
   */
  @Test
  void anUnreachableHouseholdTargetIsNamedAsAHouseholdTarget() {
    CalibrationData data =
        CalibrationData.withBaseWeights(new double[] {2, 2, 3})
            .numeric("rooms", new double[] {4, 4, 2})
            .build();
    HouseholdProblem problem =
        HouseholdProblem.build(
            TargetsReader.parse(
                """
                targets:
                  - {name: persons, statistic: count, value: 8}
                householdTargets:
                  - {name: rooms, statistic: mean, column: rooms, value: 9}
                """,
                true),
            data,
            List.of("h1", "h1", "h2"),
            "targets file h.yaml");

    String message =
        assertThrows(
                InfeasibleTargetsException.class,
                () -> Calibrator.with(SolverOptions.defaults()).calibrate(problem.problem()))
            .getMessage();

    assertEquals(
        "household target 'rooms' (mean(rooms)) = 9.0 lies at or above every value in its group,"
            + " so no positive weights reach it",
        message);
    assertEquals("target", problem.problem().constraints().get(0).kind());
    assertEquals("household target", problem.problem().constraints().get(1).kind());
  }

  @Test
  void refusesDifferentBaseWeightsWithinAHousehold() {
    CalibrationData data = CalibrationData.withBaseWeights(new double[] {2, 2, 3}).build();
    TargetsFile targets =
        TargetsFile.of(null, List.of(TargetSpec.of("persons", Statistic.COUNT, null, 10)));

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> HouseholdProblem.build(targets, data, List.of("a", "b", "b")));

    assertEquals(
        "household 'b': the base weight differs between its persons (2.0 on row 2, 3.0 on row 3);"
            + " integrated household calibration needs one base weight per household",
        error.getMessage());
  }

  @Test
  void refusesAHouseholdTargetOnAColumnThatVariesWithinAHousehold() {
    CalibrationData data =
        CalibrationData.withBaseWeights(new double[] {2, 2})
            .categorical("region", new String[] {"r0", "r1"})
            .build();
    TargetsFile targets = new TargetsFile(null, List.of(), List.of(householdsByRegion(1, 1)));

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> HouseholdProblem.build(targets, data, List.of("h1", "h1")));

    assertEquals(
        "household 'h1': field 'region' differs between its persons ('r0' on row 1, 'r1' on row"
            + " 2); household target 'households' reads it, and a household target needs one value"
            + " per household",
        error.getMessage());
  }

  /** A numeric column's message names the target and both persons by their file and row. */
  @Test
  void aHouseholdTotalOnAColumnThatVariesNamesTheTargetAndBothRows() {
    CalibrationData data =
        CalibrationData.withBaseWeights(
                new double[] {2, 2, 2}, row -> "h.csv row " + (row + 2), "weight")
            .numeric("wage", new double[] {10, 10, 12})
            .build();
    TargetsFile targets =
        new TargetsFile(
            null, List.of(), List.of(TargetSpec.of("wages", Statistic.TOTAL, "wage", 30)));

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> HouseholdProblem.build(targets, data, List.of("h1", "h1", "h1")));

    assertEquals(
        "household 'h1': field 'wage' differs between its persons (10.0 on h.csv row 2, 12.0 on"
            + " h.csv row 4); household target 'wages' reads it, and a household target needs one"
            + " value per household",
        error.getMessage());
  }

  @Test
  void aPersonClassColumnMayVaryWithinAHouseholdWhenOnlyPersonTargetsUseIt() {
    CalibrationData data =
        CalibrationData.withBaseWeights(new double[] {2, 2, 3})
            .categorical("label", new String[] {"a", "b", "b"})
            .build();
    TargetSpec classCount =
        new TargetSpec(
            "label_a",
            Statistic.COUNT,
            null,
            null,
            null,
            null,
            "a",
            null,
            null,
            3.0,
            null,
            null,
            null,
            null);
    TargetsFile targets =
        new TargetsFile(
            "label",
            List.of(classCount),
            List.of(TargetSpec.of("households", Statistic.COUNT, null, 5)));

    HouseholdProblem household = HouseholdProblem.build(targets, data, List.of("h1", "h1", "h2"));
    double[] w =
        household.personWeights(
            Calibrator.with(SolverOptions.defaults()).calibrate(household.problem()).weights());

    // Only h1 has a person labelled 'a': w_h1 = 3, and w_h1 + w_h2 = 5 households.
    assertEquals(3.0, w[0], 1e-9);
    assertEquals(w[0], w[1], 0.0);
    assertEquals(2.0, w[2], 1e-9);
  }

  @Test
  void plainProblemBuilderRefusesHouseholdTargets() {
    TargetsFile targets =
        new TargetsFile(
            null, List.of(), List.of(TargetSpec.of("households", Statistic.COUNT, null, 1)));
    CalibrationData data = CalibrationData.withBaseWeights(new double[] {1}).build();

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> ProblemBuilder.build(targets, data));

    assertTrue(error.getMessage().contains("household id"), error.getMessage());
  }

  /** A count of households in region r0 and in region r1. */
  private static TargetSpec householdsByRegion(double r0, double r1) {
    return new TargetSpec(
        "households",
        Statistic.COUNT,
        null,
        null,
        null,
        List.of("region"),
        null,
        null,
        List.of(cell("region", "r0", r0), cell("region", "r1", r1)),
        null,
        null,
        null,
        null,
        null);
  }

  private static TargetCell cell(String column, String level, double value) {
    return new TargetCell(Map.of(column, level), value, null, null, null);
  }

  private static double sum(double[] values) {
    double total = 0;
    for (double value : values) {
      total += value;
    }
    return total;
  }

  /** Households of 1–4 persons with a household region and person sex and age. */
  private static final class Population {
    final int households;
    final int[] householdOf;
    final double[] q;
    final String[] sex;
    final double[] age;
    final int[] regionOfHousehold;
    final double[] householdBaseWeight;

    private Population(
        int households,
        int[] householdOf,
        double[] q,
        String[] sex,
        double[] age,
        int[] regionOfHousehold,
        double[] householdBaseWeight) {
      this.households = households;
      this.householdOf = householdOf;
      this.q = q;
      this.sex = sex;
      this.age = age;
      this.regionOfHousehold = regionOfHousehold;
      this.householdBaseWeight = householdBaseWeight;
    }

    static Population draw(int households, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      List<Integer> owners = new ArrayList<>();
      int[] region = new int[households];
      double[] baseWeight = new double[households];
      for (int h = 0; h < households; h++) {
        region[h] = random.nextInt(2);
        baseWeight[h] = 50 + random.nextInt(100);
        int size = 1 + random.nextInt(4);
        for (int m = 0; m < size; m++) {
          owners.add(h);
        }
      }
      int n = owners.size();
      int[] householdOf = owners.stream().mapToInt(Integer::intValue).toArray();
      double[] q = new double[n];
      String[] sex = new String[n];
      double[] age = new double[n];
      for (int i = 0; i < n; i++) {
        q[i] = baseWeight[householdOf[i]];
        sex[i] = random.nextBoolean() ? "F" : "M";
        age[i] = random.nextInt(90);
      }
      return new Population(households, householdOf, q, sex, age, region, baseWeight);
    }

    int size() {
      return q.length;
    }

    List<String> ids() {
      List<String> ids = new ArrayList<>();
      for (int owner : householdOf) {
        ids.add("hh-" + owner);
      }
      return ids;
    }

    CalibrationData data() {
      String[] region = new String[size()];
      for (int i = 0; i < size(); i++) {
        region[i] = "r" + regionOfHousehold[householdOf[i]];
      }
      return CalibrationData.withBaseWeights(q)
          .categorical("sex", sex)
          .numeric("age", age)
          .categorical("region", region)
          .build();
    }

    /**
     * Raking on the household rows written out densely: [#F, #M, Σ(age − m), 1{r0}, 1{r1}], solved
     * by plain Newton on Σ_h q_h exp(F_h·η) F_h = t with EJML's dense solver.
     */
    double[] denseRaking(double[] targets, double meanAge) {
      int k = targets.length;
      DMatrixRMaj rows = new DMatrixRMaj(households, k);
      for (int i = 0; i < size(); i++) {
        int h = householdOf[i];
        rows.add(h, sex[i].equals("F") ? 0 : 1, 1.0);
        rows.add(h, 2, age[i] - meanAge);
      }
      for (int h = 0; h < households; h++) {
        rows.set(h, 3 + regionOfHousehold[h], 1.0);
      }
      DMatrixRMaj eta = new DMatrixRMaj(k, 1);
      double[] w = new double[households];
      for (int step = 0; step < 50; step++) {
        DMatrixRMaj gradient = new DMatrixRMaj(k, 1);
        DMatrixRMaj hessian = new DMatrixRMaj(k, k);
        for (int h = 0; h < households; h++) {
          double u = 0;
          for (int c = 0; c < k; c++) {
            u += rows.get(h, c) * eta.get(c);
          }
          w[h] = householdBaseWeight[h] * Math.exp(u);
          for (int a = 0; a < k; a++) {
            gradient.add(a, 0, w[h] * rows.get(h, a));
            for (int b = 0; b < k; b++) {
              hessian.add(a, b, w[h] * rows.get(h, a) * rows.get(h, b));
            }
          }
        }
        for (int a = 0; a < k; a++) {
          gradient.set(a, 0, targets[a] - gradient.get(a));
        }
        DMatrixRMaj delta = new DMatrixRMaj(k, 1);
        // #F + #M = 1{r0} + 1{r1} is not implied here (persons vs households), so the matrix is
        // nonsingular.
        CommonOps_DDRM.solve(hessian, gradient, delta);
        CommonOps_DDRM.addEquals(eta, delta);
      }
      return w;
    }
  }
}
