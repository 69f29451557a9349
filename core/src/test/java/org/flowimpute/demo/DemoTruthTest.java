package org.flowimpute.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.apache.commons.math3.analysis.integration.SimpsonIntegrator;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class DemoTruthTest {
  private static final DemoTruth TRUTH = DemoTruth.get();
  private static final Demographics PERSON =
      new Demographics(
          Region.NORTH,
          3,
          44,
          Sex.FEMALE,
          Education.HIGH,
          Employment.EMPLOYED,
          Citizenship.CITIZEN);

  private static Map<DemoTarget, GateState> taxParents(
      GateState wage, GateState self, GateState pension, GateState investment) {
    Map<DemoTarget, GateState> given = new EnumMap<>(DemoTarget.class);
    given.put(DemoTarget.WAGE_INCOME, wage);
    given.put(DemoTarget.SELF_EMPLOYMENT_INCOME, self);
    given.put(DemoTarget.PENSION_INCOME, pension);
    given.put(DemoTarget.INVESTMENT_INCOME, investment);
    return given;
  }

  @Test
  void taxGivenOnlyWageIsTheChanceThatWageExceedsTheAllowance() {
    LogNormal wage = TRUTH.magnitude(PERSON, DemoTarget.WAGE_INCOME, GateState.POSITIVE);
    double expected =
        1.0
            - new NormalDistribution(wage.mu(), wage.sigma())
                .cumulativeProbability(Math.log(12_000));

    GateProbabilities tax =
        TRUTH.gate(
            PERSON,
            DemoTarget.INCOME_TAX,
            taxParents(GateState.POSITIVE, GateState.ZERO, GateState.ZERO, GateState.ZERO));

    assertEquals(expected, tax.positive(), 1e-12);
  }

  @Test
  void taxIsZeroWhenNoTaxedSourceIsPositive() {
    GateProbabilities tax =
        TRUTH.gate(
            PERSON,
            DemoTarget.INCOME_TAX,
            taxParents(GateState.ZERO, GateState.NEGATIVE, GateState.ZERO, GateState.ZERO));

    assertEquals(1.0, tax.zero(), 0.0);
  }

  @Test
  void marginalGatesAreMixturesOfTheConditionalOnes() {
    double wage = TRUTH.gate(PERSON, DemoTarget.WAGE_INCOME).positive();
    for (DemoTarget target : new DemoTarget[] {DemoTarget.BENEFIT_INCOME, DemoTarget.NET_SAVINGS}) {
      GateProbabilities withWage =
          TRUTH.gate(PERSON, target, Map.of(DemoTarget.WAGE_INCOME, GateState.POSITIVE));
      GateProbabilities withoutWage =
          TRUTH.gate(PERSON, target, Map.of(DemoTarget.WAGE_INCOME, GateState.ZERO));
      GateProbabilities marginal = TRUTH.gate(PERSON, target);
      for (GateState state : GateState.values()) {
        assertEquals(
            wage * withWage.of(state) + (1 - wage) * withoutWage.of(state),
            marginal.of(state),
            1e-15);
      }
      assertEquals(1.0, marginal.negative() + marginal.zero() + marginal.positive(), 1e-12);
    }
  }

  @Test
  void marginalTaxGateSumsOverTheParentGates() {
    GateProbabilities wage = TRUTH.gate(PERSON, DemoTarget.WAGE_INCOME);
    GateProbabilities self = TRUTH.gate(PERSON, DemoTarget.SELF_EMPLOYMENT_INCOME);
    GateProbabilities pension = TRUTH.gate(PERSON, DemoTarget.PENSION_INCOME);
    GateProbabilities investment = TRUTH.gate(PERSON, DemoTarget.INVESTMENT_INCOME);
    double expected = 0;
    for (GateState w : GateState.values()) {
      for (GateState s : GateState.values()) {
        for (GateState p : GateState.values()) {
          for (GateState i : GateState.values()) {
            double weight = wage.of(w) * self.of(s) * pension.of(p) * investment.of(i);
            if (weight > 0) {
              expected +=
                  weight * TRUTH.gate(PERSON, DemoTarget.INCOME_TAX, taxParents(w, s, p, i)).zero();
            }
          }
        }
      }
    }

    assertEquals(expected, TRUTH.gate(PERSON, DemoTarget.INCOME_TAX).zero(), 1e-12);
  }

  @Test
  void benefitIsNeverPositiveWithWage() {
    GateProbabilities benefit =
        TRUTH.gate(
            PERSON, DemoTarget.BENEFIT_INCOME, Map.of(DemoTarget.WAGE_INCOME, GateState.POSITIVE));

    assertEquals(0.0, benefit.positive(), 0.0);
  }

  @Test
  void missingParentStateIsRefused() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> TRUTH.gate(PERSON, DemoTarget.NET_SAVINGS, Map.of()));

    assertEquals("net_savings depends on the gate of wage_income: give it", error.getMessage());
  }

  @Test
  void expectedExcessMatchesNumericalIntegration() {
    LogNormal law = new LogNormal(Math.log(16_000), 0.45);
    double threshold = 15_000;
    SimpsonIntegrator integrator = new SimpsonIntegrator(1e-12, 1e-12, 3, 30);
    NormalDistribution normal = new NormalDistribution();
    double numeric =
        integrator.integrate(
            100_000_000,
            z -> {
              double x = Math.exp(law.mu() + law.sigma() * z);
              return Math.max(0, x - threshold) * normal.density(z);
            },
            (Math.log(threshold) - law.mu()) / law.sigma(),
            10);

    assertEquals(numeric, law.expectedExcess(threshold), 1e-6 * numeric);
  }

  @Test
  void demographicDistributionAndCellsSumToOne() {
    double total =
        TRUTH.personDistribution().stream().mapToDouble(WeightedDemographics::probability).sum();
    Map<String, CellTruth> regions = TRUTH.byCell(DemoCells.REGION);

    assertEquals(1.0, total, 1e-12);
    assertEquals(6, regions.size());
    assertEquals(1.0, regions.values().stream().mapToDouble(CellTruth::share).sum(), 1e-12);
  }

  @Test
  void meanCombinesSignsAndMagnitudes() {
    GateProbabilities savings = TRUTH.gate(PERSON, DemoTarget.NET_SAVINGS);
    double expected =
        savings.positive() * TRUTH.magnitudeMean(PERSON, DemoTarget.NET_SAVINGS, GateState.POSITIVE)
            - savings.negative()
                * TRUTH.magnitudeMean(PERSON, DemoTarget.NET_SAVINGS, GateState.NEGATIVE);

    assertEquals(expected, TRUTH.mean(PERSON, DemoTarget.NET_SAVINGS), 1e-9);
  }

  @Test
  void tablesShowTheCellTruth() {
    CellTruth all = TRUTH.byCell(DemoCells.ALL).get("all");

    String markdown = DemoTruthTables.markdown(TRUTH);

    assertTrue(
        markdown.contains(
            String.format(
                java.util.Locale.ROOT,
                "| all | 1.0000 | %.4f |",
                all.gate(DemoTarget.WAGE_INCOME).zero())),
        markdown.substring(0, 600));
    assertTrue(markdown.contains("#### By employment and sex"));
  }

  @Test
  void conditionsSchemaDropsExactlyTheTargets() {
    org.flowimpute.avro.DemoPerson person = DemoPopulation.withSeed(1).persons(1).next();

    org.apache.avro.generic.GenericRecord conditions = DemoSchemas.conditionsOf(person);

    assertEquals(
        DemoSchemas.PERSON.getFields().size() - 8, DemoSchemas.CONDITIONS.getFields().size());
    assertEquals(person.getAge(), conditions.get("age"));
    assertEquals(null, DemoSchemas.CONDITIONS.getField("wage_income"));
  }
}
