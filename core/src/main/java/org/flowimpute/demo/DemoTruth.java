package org.flowimpute.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * The exact conditional truth of the demo population, for comparing a learned model (or a sample)
 * with what the generator really does.
 *
 * <p>Per person (given {@link Demographics}): the probability of each gate state of each target,
 * marginal or given the parent gates ({@link DemoTarget#parents()}); the law of each magnitude; the
 * conditional mean E[x | demographics] in closed form; the correlation of log-magnitudes. Per cell:
 * the same quantities summed exactly over the generator's discrete demographic distribution ({@link
 * #personDistribution()}, 324,000 cells).
 *
 * <p>Everything is exact in closed form except P(income tax = 0), a one-dimensional integral over
 * the latent factor computed by Gauss–Hermite quadrature with {@value #QUADRATURE_POINTS} points
 * (error below 1e-12). The truth describes generated persons unweighted; the survey weight depends
 * only on region and household size (which are conditions) and independent noise, so conditional
 * quantities also hold for weighted estimates.
 */
public final class DemoTruth {
  /** Gauss–Hermite points for the integral over the latent factor. */
  public static final int QUADRATURE_POINTS = 32;

  private static final DemoTruth INSTANCE = new DemoTruth();

  private final double[] normalPoints = new double[QUADRATURE_POINTS];
  private final double[] normalWeights = new double[QUADRATURE_POINTS];
  private final Map<Demographics, Double> taxZeroCache = new ConcurrentHashMap<>();
  private final Map<Integer, double[]> householdMemberCache = new ConcurrentHashMap<>();
  private volatile List<WeightedDemographics> personDistribution;

  private DemoTruth() {
    GaussIntegrator hermite = new GaussIntegratorFactory().hermite(QUADRATURE_POINTS);
    for (int i = 0; i < QUADRATURE_POINTS; i++) {
      normalPoints[i] = Math.sqrt(2.0) * hermite.getPoint(i);
      normalWeights[i] = hermite.getWeight(i) / Math.sqrt(Math.PI);
    }
  }

  /** The truth of {@link DemoPopulation} (any seed). */
  public static DemoTruth get() {
    return INSTANCE;
  }

  // ------------------------------------------------------------------ gates

  /** P(gate state of {@code target} | demographics), the parent gates summed out. */
  public GateProbabilities gate(Demographics d, DemoTarget target) {
    double wage = DemoModel.wagePositive(d);
    return switch (target) {
      case WAGE_INCOME -> GateProbabilities.zeroOrPositive(wage);
      case SELF_EMPLOYMENT_INCOME -> DemoModel.selfEmploymentGate(d);
      case BENEFIT_INCOME ->
          GateProbabilities.zeroOrPositive((1.0 - wage) * DemoModel.benefitPositive(d, false));
      case PENSION_INCOME -> GateProbabilities.zeroOrPositive(DemoModel.pensionPositive(d));
      case INVESTMENT_INCOME -> GateProbabilities.zeroOrPositive(DemoModel.investmentPositive(d));
      case NET_SAVINGS ->
          mix(DemoModel.savingsGate(d, true), wage, DemoModel.savingsGate(d, false), 1.0 - wage);
      case INCOME_TAX -> GateProbabilities.zeroOrPositive(1.0 - taxZeroMarginal(d));
    };
  }

  /**
   * P(gate state of {@code target} | demographics, parent gate states). {@code given} must hold the
   * state of every target in {@link DemoTarget#parents()}; other entries are ignored (given its
   * parents, a gate is independent of the other gates).
   */
  public GateProbabilities gate(
      Demographics d, DemoTarget target, Map<DemoTarget, GateState> given) {
    for (DemoTarget parent : target.parents()) {
      if (!given.containsKey(parent)) {
        throw new IllegalArgumentException(
            target.fieldName() + " depends on the gate of " + parent.fieldName() + ": give it");
      }
    }
    return switch (target) {
      case BENEFIT_INCOME ->
          GateProbabilities.zeroOrPositive(
              DemoModel.benefitPositive(
                  d, given.get(DemoTarget.WAGE_INCOME) == GateState.POSITIVE));
      case NET_SAVINGS ->
          DemoModel.savingsGate(d, given.get(DemoTarget.WAGE_INCOME) == GateState.POSITIVE);
      case INCOME_TAX -> {
        double[] positive = new double[DemoModel.TAX_RULES.size()];
        for (int j = 0; j < positive.length; j++) {
          GateState state = given.get(DemoModel.TAX_RULES.get(j).source());
          positive[j] = state == GateState.POSITIVE ? 1.0 : 0.0;
        }
        yield GateProbabilities.zeroOrPositive(1.0 - taxZero(d, positive));
      }
      default -> gate(d, target);
    };
  }

  private static GateProbabilities mix(
      GateProbabilities a, double weightA, GateProbabilities b, double weightB) {
    return new GateProbabilities(
        weightA * a.negative() + weightB * b.negative(),
        weightA * a.zero() + weightB * b.zero(),
        weightA * a.positive() + weightB * b.positive());
  }

  private double taxZeroMarginal(Demographics d) {
    return taxZeroCache.computeIfAbsent(
        d.withHouseholdSize(1),
        key -> {
          double[] positive = new double[DemoModel.TAX_RULES.size()];
          for (int j = 0; j < positive.length; j++) {
            positive[j] = gate(key, DemoModel.TAX_RULES.get(j).source()).positive();
          }
          return taxZero(key, positive);
        });
  }

  /**
   * P(tax = 0) = E_z Π_j (1 − p_j P(x_j &gt; allowance_j | z)): the taxed sources are independent
   * given the latent factor z.
   */
  private double taxZero(Demographics d, double[] positive) {
    if (Arrays.stream(positive).allMatch(p -> p == 0)) {
      return 1.0;
    }
    int sources = DemoModel.TAX_RULES.size();
    double[] center = new double[sources];
    double[] slope = new double[sources];
    for (int j = 0; j < sources; j++) {
      DemoModel.TaxRule rule = DemoModel.TAX_RULES.get(j);
      LogNormal law = DemoModel.magnitude(d, rule.source(), GateState.POSITIVE);
      double lambda = DemoModel.latentLoading(rule.source(), GateState.POSITIVE);
      double residualSd = law.sigma() * Math.sqrt(1.0 - lambda * lambda);
      center[j] = (law.mu() - Math.log(rule.allowance())) / residualSd;
      slope[j] = law.sigma() * lambda / residualSd;
    }
    double total = 0;
    for (int i = 0; i < QUADRATURE_POINTS; i++) {
      double product = 1.0;
      for (int j = 0; j < sources; j++) {
        if (positive[j] > 0) {
          product *= 1.0 - positive[j] * Normal.cdf(center[j] + slope[j] * normalPoints[i]);
        }
      }
      total += normalWeights[i] * product;
    }
    return Math.min(1.0, Math.max(0.0, total));
  }

  // ------------------------------------------------------------------ magnitudes and means

  /**
   * The law of log|x| given its sign, for every target but income tax (whose magnitude is a sum of
   * excesses over allowances, see {@link #magnitudeMean}).
   */
  public LogNormal magnitude(Demographics d, DemoTarget target, GateState sign) {
    return DemoModel.magnitude(d, target, sign);
  }

  /** E[|x| | demographics, sign of x], sign NEGATIVE or POSITIVE. */
  public double magnitudeMean(Demographics d, DemoTarget target, GateState sign) {
    if (target == DemoTarget.INCOME_TAX) {
      if (sign != GateState.POSITIVE) {
        throw new IllegalArgumentException("income_tax is never " + sign);
      }
      return mean(d, target) / gate(d, target).positive();
    }
    return DemoModel.magnitude(d, target, sign).mean();
  }

  /**
   * E[x | demographics] = P(+) E[|x| | +] − P(−) E[|x| | −]; for income tax Σ_j rate_j P(x_j &gt;
   * 0) E[(x_j − allowance_j)⁺ | x_j &gt; 0] (the tax noise has mean 1).
   */
  public double mean(Demographics d, DemoTarget target) {
    if (target == DemoTarget.INCOME_TAX) {
      double mean = 0;
      for (DemoModel.TaxRule rule : DemoModel.TAX_RULES) {
        double positive = gate(d, rule.source()).positive();
        LogNormal law = DemoModel.magnitude(d, rule.source(), GateState.POSITIVE);
        mean += rule.rate() * positive * law.expectedExcess(rule.allowance());
      }
      return mean;
    }
    GateProbabilities gate = gate(d, target);
    double mean = gate.positive() * DemoModel.magnitude(d, target, GateState.POSITIVE).mean();
    if (gate.negative() > 0) {
      mean -= gate.negative() * DemoModel.magnitude(d, target, GateState.NEGATIVE).mean();
    }
    return mean;
  }

  /**
   * Correlation of log|x_a| and log|x_b| given the demographics and both signs (zero excluded): λ_a
   * λ_b, the product of their loadings on the shared latent factor. Not defined for income tax.
   */
  public double logMagnitudeCorrelation(
      DemoTarget a, GateState signA, DemoTarget b, GateState signB) {
    if (a == DemoTarget.INCOME_TAX || b == DemoTarget.INCOME_TAX) {
      throw new IllegalArgumentException("income_tax has no lognormal magnitude");
    }
    if (a == b) {
      throw new IllegalArgumentException("give two different targets");
    }
    return DemoModel.latentLoading(a, signA) * DemoModel.latentLoading(b, signB);
  }

  // ------------------------------------------------------------------ household income

  /** E[own wage + self-employment + benefit + pension + investment income | demographics]. */
  public double ownIncomeMean(Demographics d) {
    double mean = 0;
    for (DemoTarget income : DemoTarget.INCOMES) {
      mean += mean(d, income);
    }
    return mean;
  }

  /** P(all five own incomes are zero | demographics). */
  public double ownIncomeZeroProbability(Demographics d) {
    double wage = DemoModel.wagePositive(d);
    return (1.0 - wage)
        * (1.0 - DemoModel.benefitPositive(d, false))
        * DemoModel.selfEmploymentGate(d).zero()
        * (1.0 - DemoModel.pensionPositive(d))
        * (1.0 - DemoModel.investmentPositive(d));
  }

  /**
   * E[household income | this person's demographics] = own mean + (size − 1) × the mean of another
   * member drawn given region, size and citizenship (members are independent given those).
   */
  public double householdIncomeMean(Demographics d) {
    return ownIncomeMean(d) + (d.householdSize() - 1) * householdMember(d)[0];
  }

  /** P(household income = 0 | this person's demographics): every member has no income. */
  public double householdIncomeZeroProbability(Demographics d) {
    return ownIncomeZeroProbability(d) * Math.pow(householdMember(d)[1], d.householdSize() - 1);
  }

  /** {mean own income, P(no own income)} of a member of a household like d's. */
  private double[] householdMember(Demographics d) {
    int key =
        (d.region().ordinal() * DemoModel.MAX_HOUSEHOLD_SIZE + d.householdSize() - 1) * 2
            + d.citizenship().ordinal();
    return householdMemberCache.computeIfAbsent(
        key,
        k -> {
          double mean = 0;
          double zero = 0;
          for (WeightedDemographics member :
              members(d.region(), d.householdSize(), d.citizenship())) {
            mean += member.probability() * ownIncomeMean(member.demographics());
            zero += member.probability() * ownIncomeZeroProbability(member.demographics());
          }
          return new double[] {mean, zero};
        });
  }

  // ------------------------------------------------------------------ demographic distribution

  /**
   * The exact distribution of the demographics of a generated person: household region r, size s
   * and citizenship c have probability P(r) P(s | r) P(c | r) s / E[s] (a person is in a household
   * of size s in proportion to s), times the person-level P(age) P(sex) P(education | age)
   * P(employment | age, education, sex, c). The cut of the last household is ignored.
   */
  public List<WeightedDemographics> personDistribution() {
    List<WeightedDemographics> distribution = personDistribution;
    if (distribution == null) {
      distribution = computePersonDistribution();
      personDistribution = distribution;
    }
    return distribution;
  }

  private static List<WeightedDemographics> computePersonDistribution() {
    double meanSize = 0;
    for (Region region : Region.values()) {
      for (int size = 1; size <= DemoModel.MAX_HOUSEHOLD_SIZE; size++) {
        meanSize +=
            DemoModel.regionProbability(region)
                * DemoModel.householdSizeProbability(region, size)
                * size;
      }
    }
    List<WeightedDemographics> distribution = new ArrayList<>(324_000);
    for (Region region : Region.values()) {
      for (int size = 1; size <= DemoModel.MAX_HOUSEHOLD_SIZE; size++) {
        for (Citizenship citizenship : Citizenship.values()) {
          double household =
              DemoModel.regionProbability(region)
                  * DemoModel.householdSizeProbability(region, size)
                  * DemoModel.citizenshipProbability(region, citizenship)
                  * size
                  / meanSize;
          for (WeightedDemographics member : members(region, size, citizenship)) {
            distribution.add(
                new WeightedDemographics(member.demographics(), household * member.probability()));
          }
        }
      }
    }
    return List.copyOf(distribution);
  }

  /** The distribution of one member of a household with the given region, size, citizenship. */
  private static List<WeightedDemographics> members(
      Region region, int size, Citizenship citizenship) {
    List<WeightedDemographics> members = new ArrayList<>(2250);
    for (int age = DemoModel.MIN_AGE; age <= DemoModel.MAX_AGE; age++) {
      double[] education = DemoModel.educationProbabilities(age);
      for (Sex sex : Sex.values()) {
        for (Education level : Education.values()) {
          double[] employment = DemoModel.employmentProbabilities(age, level, sex, citizenship);
          for (Employment status : Employment.values()) {
            double p =
                DemoModel.ageProbability(age)
                    * DemoModel.sexProbability(sex)
                    * education[level.ordinal()]
                    * employment[status.ordinal()];
            if (p > 0) {
              members.add(
                  new WeightedDemographics(
                      new Demographics(region, size, age, sex, level, status, citizenship), p));
            }
          }
        }
      }
    }
    return members;
  }

  /**
   * The truth of every cell of {@code cellOf} (e.g. {@link DemoCells#EMPLOYMENT_BY_SEX}), summed
   * exactly over {@link #personDistribution()}: share of persons, P(gate state | cell) and E[x |
   * cell] for every target, household income mean and zero probability. Cells in order of first
   * appearance.
   */
  public Map<String, CellTruth> byCell(Function<Demographics, String> cellOf) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    int targets = DemoTarget.values().length;
    for (WeightedDemographics weighted : personDistribution()) {
      Demographics d = weighted.demographics();
      double p = weighted.probability();
      double[] sum = sums.computeIfAbsent(cellOf.apply(d), cell -> new double[3 + 4 * targets]);
      sum[0] += p;
      sum[1] += p * householdIncomeMean(d);
      sum[2] += p * householdIncomeZeroProbability(d);
      for (DemoTarget target : DemoTarget.values()) {
        int at = 3 + 4 * target.ordinal();
        GateProbabilities gate = gate(d, target);
        sum[at] += p * gate.negative();
        sum[at + 1] += p * gate.zero();
        sum[at + 2] += p * gate.positive();
        sum[at + 3] += p * mean(d, target);
      }
    }
    Map<String, CellTruth> cells = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> entry : sums.entrySet()) {
      double[] sum = entry.getValue();
      double share = sum[0];
      Map<DemoTarget, GateProbabilities> gates = new EnumMap<>(DemoTarget.class);
      Map<DemoTarget, Double> means = new EnumMap<>(DemoTarget.class);
      for (DemoTarget target : DemoTarget.values()) {
        int at = 3 + 4 * target.ordinal();
        gates.put(
            target,
            new GateProbabilities(sum[at] / share, sum[at + 1] / share, sum[at + 2] / share));
        means.put(target, sum[at + 3] / share);
      }
      cells.put(
          entry.getKey(),
          new CellTruth(entry.getKey(), share, gates, means, sum[1] / share, sum[2] / share));
    }
    return cells;
  }
}
