package org.flowimpute.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.flowimpute.avro.DemoPerson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoPopulationTest {
  private static final int SAMPLE_PERSONS = 200_000;
  private static List<DemoPerson> sample;

  @BeforeAll
  static void generateSample() {
    sample = take(DemoPopulation.withSeed(20260401L), SAMPLE_PERSONS);
  }

  private static List<DemoPerson> take(DemoPopulation population, int rows) {
    List<DemoPerson> persons = new ArrayList<>(rows);
    population.persons(rows).forEachRemaining(persons::add);
    return persons;
  }

  @Test
  void sameSeedGivesSameRecordsAndOtherSeedDiffers() {
    List<DemoPerson> first = take(DemoPopulation.withSeed(7), 2_000);
    List<DemoPerson> again = take(DemoPopulation.withSeed(7), 2_000);
    List<DemoPerson> other = take(DemoPopulation.withSeed(8), 2_000);

    assertEquals(first, again);
    assertNotEquals(first.get(0), other.get(0));
    long differentWeights =
        java.util.stream.IntStream.range(0, 2_000)
            .filter(i -> first.get(i).getWeight() != other.get(i).getWeight())
            .count();
    assertEquals(2_000, differentWeights);
  }

  @Test
  void writesExactlyTheRequestedRowsInWholeHouseholds() {
    List<DemoPerson> persons = take(DemoPopulation.withSeed(3), 1_003);

    assertEquals(1_003, persons.size());
    Map<String, List<DemoPerson>> households = byHousehold(persons);
    for (List<DemoPerson> members : households.values()) {
      assertEquals(members.get(0).getHouseholdSize(), members.size());
    }
    List<DemoPerson> longer = take(DemoPopulation.withSeed(3), 5_000);
    assertEquals(persons.subList(0, 900), longer.subList(0, 900));
  }

  @Test
  void wageAndBenefitAreNeverBothPositive() {
    long both =
        sample.stream().filter(p -> p.getWageIncome() > 0 && p.getBenefitIncome() > 0).count();

    assertEquals(0, both);
  }

  @Test
  void householdIncomeIsTheSumOverTheHousehold() {
    for (List<DemoPerson> members : byHousehold(sample).values()) {
      double total = 0;
      for (DemoPerson p : members) {
        total +=
            p.getWageIncome()
                + p.getSelfEmploymentIncome()
                + p.getBenefitIncome()
                + p.getPensionIncome()
                + p.getInvestmentIncome();
      }
      for (DemoPerson p : members) {
        assertEquals(total, p.getHouseholdIncome(), 0.0, p.getPersonId());
      }
    }
  }

  @Test
  void demographicsAndWeightsStayInRange() {
    for (DemoPerson p : sample) {
      assertTrue(p.getAge() >= 16 && p.getAge() <= 90, p.getPersonId());
      assertTrue(p.getHouseholdSize() >= 1 && p.getHouseholdSize() <= 6, p.getPersonId());
      assertTrue(p.getWeight() > 0, p.getPersonId());
      assertTrue(p.getIncomeTax() >= 0 && p.getPensionIncome() >= 0, p.getPersonId());
    }
    long negativeSavings = sample.stream().filter(p -> p.getNetSavings() < 0).count();
    long losses = sample.stream().filter(p -> p.getSelfEmploymentIncome() < 0).count();
    assertTrue(negativeSavings > 1_000 && losses > 100);
  }

  /**
   * Sample shares of every gate state, means of every target and household income by cell agree
   * with {@link DemoTruth}: z = (estimate − truth) / cluster-robust SE. With ~290 comparisons, a
   * few |z| above 3 are expected by chance (0.8 on average), so the test allows at most 4 of them
   * (P(≥ 5) ≈ 0.001 if the truth is right) and none above 4.5 (P ≈ 0.002).
   */
  @Test
  void sharesAndMeansByCellAgreeWithTheTruth() {
    DemoTruth truth = DemoTruth.get();
    List<String> beyondThree = new ArrayList<>();
    double maxAbsZ = 0;
    int comparisons = 0;
    long households = byHousehold(sample).size();
    for (Function<Demographics, String> cellOf :
        List.of(DemoCells.EMPLOYMENT_BY_SEX, DemoCells.REGION)) {
      Map<String, CellTruth> expected = truth.byCell(cellOf);
      Map<String, CellEstimate> estimates = new LinkedHashMap<>();
      for (DemoPerson p : sample) {
        String cell = cellOf.apply(Demographics.of(p));
        long household = Long.parseLong(p.getHouseholdId().substring(1));
        for (DemoTarget target : DemoTarget.values()) {
          double value = (Double) p.get(target.fieldName());
          GateState state = GateState.of(value);
          for (GateState compared : comparedStates(target)) {
            estimate(estimates, cell, target + " P(" + compared + ")")
                .add(household, state == compared ? 1 : 0);
          }
          estimate(estimates, cell, target + " mean").add(household, value);
        }
        estimate(estimates, cell, "household_income mean").add(household, p.getHouseholdIncome());
        estimate(estimates, cell, "household_income P(ZERO)")
            .add(household, p.getHouseholdIncome() == 0 ? 1 : 0);
      }
      for (Map.Entry<String, CellEstimate> entry : estimates.entrySet()) {
        String key = entry.getKey();
        CellTruth cell = expected.get(key.substring(0, key.indexOf('|')));
        double z = zScore(entry.getValue(), expectedValue(cell, key), households);
        comparisons++;
        maxAbsZ = Math.max(maxAbsZ, Math.abs(z));
        if (Math.abs(z) > 3) {
          beyondThree.add(key + String.format(" z=%.2f", z));
        }
      }
    }

    assertTrue(comparisons > 250, "comparisons: " + comparisons);
    assertTrue(beyondThree.size() <= 4, "|z| > 3: " + beyondThree);
    assertTrue(maxAbsZ <= 4.5, "max |z| = " + maxAbsZ + "; |z| > 3: " + beyondThree);
  }

  private static List<GateState> comparedStates(DemoTarget target) {
    return target.canBeNegative()
        ? List.of(GateState.NEGATIVE, GateState.POSITIVE)
        : List.of(GateState.POSITIVE);
  }

  private static CellEstimate estimate(
      Map<String, CellEstimate> estimates, String cell, String statistic) {
    return estimates.computeIfAbsent(cell + "|" + statistic, k -> new CellEstimate());
  }

  private static double expectedValue(CellTruth cell, String key) {
    String statistic = key.substring(key.indexOf('|') + 1);
    if (statistic.equals("household_income mean")) {
      return cell.householdIncomeMean();
    }
    if (statistic.equals("household_income P(ZERO)")) {
      return cell.householdIncomeZero();
    }
    DemoTarget target = DemoTarget.valueOf(statistic.substring(0, statistic.indexOf(' ')));
    if (statistic.endsWith("mean")) {
      return cell.mean(target);
    }
    String state = statistic.substring(statistic.indexOf('(') + 1, statistic.indexOf(')'));
    return cell.gate(target).of(GateState.valueOf(state));
  }

  private static double zScore(CellEstimate estimate, double truth, long households) {
    double se = estimate.standardError(households);
    double difference = estimate.mean() - truth;
    if (se == 0) {
      return difference == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    return difference / se;
  }

  /**
   * The log-magnitudes of targets sharing the latent factor correlate as DemoTruth says (λ_a λ_b),
   * within 3 SE of a correlation ((1 − ρ²)/√n for bivariate normal residuals).
   */
  @Test
  void logMagnitudeCorrelationsAgreeWithTheTruth() {
    DemoTruth truth = DemoTruth.get();
    DemoTarget[][] pairs = {
      {DemoTarget.WAGE_INCOME, DemoTarget.INVESTMENT_INCOME},
      {DemoTarget.WAGE_INCOME, DemoTarget.NET_SAVINGS},
      {DemoTarget.INVESTMENT_INCOME, DemoTarget.NET_SAVINGS},
      {DemoTarget.WAGE_INCOME, DemoTarget.SELF_EMPLOYMENT_INCOME}
    };
    for (DemoTarget[] pair : pairs) {
      List<double[]> residuals = new ArrayList<>();
      for (DemoPerson p : sample) {
        double a = (Double) p.get(pair[0].fieldName());
        double b = (Double) p.get(pair[1].fieldName());
        if (a > 0 && b > 0) {
          Demographics d = Demographics.of(p);
          residuals.add(
              new double[] {
                standardized(truth, d, pair[0], a), standardized(truth, d, pair[1], b)
              });
        }
      }
      double expected =
          truth.logMagnitudeCorrelation(pair[0], GateState.POSITIVE, pair[1], GateState.POSITIVE);
      double actual = correlation(residuals);
      double se = (1 - expected * expected) / Math.sqrt(residuals.size());

      assertEquals(expected, actual, 3 * se, pair[0] + " x " + pair[1] + " n=" + residuals.size());
    }
  }

  private static double standardized(DemoTruth truth, Demographics d, DemoTarget t, double x) {
    LogNormal law = truth.magnitude(d, t, GateState.POSITIVE);
    return (Math.log(x) - law.mu()) / law.sigma();
  }

  private static double correlation(List<double[]> pairs) {
    org.apache.commons.math3.stat.correlation.PearsonsCorrelation pearson =
        new org.apache.commons.math3.stat.correlation.PearsonsCorrelation();
    double[] a = pairs.stream().mapToDouble(p -> p[0]).toArray();
    double[] b = pairs.stream().mapToDouble(p -> p[1]).toArray();
    return pearson.correlation(a, b);
  }

  private static Map<String, List<DemoPerson>> byHousehold(List<DemoPerson> persons) {
    Map<String, List<DemoPerson>> households = new LinkedHashMap<>();
    Iterator<DemoPerson> iterator = persons.iterator();
    while (iterator.hasNext()) {
      DemoPerson p = iterator.next();
      households.computeIfAbsent(p.getHouseholdId(), h -> new ArrayList<>()).add(p);
    }
    return households;
  }
}
