package org.flowimpute.demo;

import java.util.List;

/**
 * Every probability and parameter of the demo population, in one place so that the generator
 * ({@link DemoPopulation}, which draws from it) and {@link DemoTruth} (which evaluates it exactly)
 * cannot disagree. The formulas are documented in {@code docs/demo-population.md}.
 */
final class DemoModel {
  static final int MIN_AGE = 16;
  static final int MAX_AGE = 90;
  static final int MIN_HOUSEHOLD_SIZE = 1;
  static final int MAX_HOUSEHOLD_SIZE = 6;

  // ---- Households: region, size, citizenship (indexed by Region.ordinal()) ----
  private static final double[] REGION = {0.18, 0.16, 0.20, 0.14, 0.17, 0.15};
  private static final double[][] SIZE_BY_REGION = {
    {0.45, 0.30, 0.12, 0.09, 0.03, 0.01},
    {0.34, 0.34, 0.14, 0.12, 0.04, 0.02},
    {0.25, 0.30, 0.17, 0.17, 0.08, 0.03},
    {0.28, 0.32, 0.16, 0.15, 0.06, 0.03},
    {0.32, 0.33, 0.15, 0.13, 0.05, 0.02},
    {0.30, 0.34, 0.15, 0.13, 0.06, 0.02}
  };
  private static final double[] FOREIGN_BY_REGION = {0.22, 0.08, 0.10, 0.05, 0.14, 0.09};

  // ---- Survey weight: base(region) * (1 + 0.15 (size - 1)) * exp(0.3 e - 0.045), e ~ N(0,1) ----
  private static final double[] WEIGHT_BASE = {250, 900, 700, 1400, 600, 1000};
  static final double WEIGHT_SIZE_SLOPE = 0.15;
  static final double WEIGHT_LOG_SD = 0.3;

  // ---- Persons ----
  static final double FEMALE = 0.51;
  private static final double AGE_DECAY_YEARS = 12.0;
  private static final int AGE_FLAT_UNTIL = 64;
  private static final double[] AGE;

  /** Education (low, medium, high) by cohort 16-24, 25-44, 45-64, 65+. */
  private static final double[][] EDUCATION_BY_COHORT = {
    {0.45, 0.45, 0.10}, {0.15, 0.45, 0.40}, {0.22, 0.50, 0.28}, {0.40, 0.42, 0.18}
  };

  /** A score of -∞: impossible. */
  private static final double NEVER = Double.NEGATIVE_INFINITY;

  /**
   * Employment scores (employed, self_employed, unemployed, retired, inactive) by age band 16-24,
   * 25-59, 60-66, 67+; probabilities are the softmax of score + education, sex and citizenship
   * effects.
   */
  private static final double[][] EMPLOYMENT_BY_AGE_BAND = {
    {0.0, -3.0, -1.5, NEVER, 0.3},
    {0.0, -1.9, -2.4, -6.0, -1.6},
    {0.0, -1.6, -2.5, 0.3, -0.9},
    {0.0, -2.0, NEVER, 3.0, 0.5}
  };

  private static final double[][] EMPLOYMENT_BY_EDUCATION = {
    {0.0, 0.0, 0.7, 0.0, 0.4}, {0.0, 0.0, 0.0, 0.0, 0.0}, {0.0, 0.3, -0.6, 0.0, -0.4}
  };
  private static final double[] EMPLOYMENT_FEMALE = {0.0, -0.4, 0.0, 0.0, 0.6};
  private static final double[] EMPLOYMENT_FOREIGN = {0.0, 0.0, 0.6, -0.3, 0.2};

  // ---- Gates (indexed by Employment.ordinal() where arrays have five entries) ----
  private static final double[] WAGE_LOGIT = {3.5, -1.7, -2.2, -3.0, -2.0};
  static final double WAGE_LOGIT_YOUNG_INACTIVE = 1.0;

  /** Self-employment (negative, zero, positive) by employment. */
  private static final double[][] SELF_EMPLOYMENT_GATE = {
    {0.01, 0.96, 0.03},
    {0.18, 0.04, 0.78},
    {0.01, 0.97, 0.02},
    {0.005, 0.975, 0.02},
    {0.005, 0.98, 0.015}
  };

  private static final double[] BENEFIT_LOGIT = {-1.0, -2.5, 1.8, -2.2, -0.6};
  static final double BENEFIT_LOGIT_PER_EXTRA_MEMBER = 0.25;
  static final double BENEFIT_LOGIT_FOREIGN = 0.3;

  static final double PENSION_LOGIT_RETIRED = 3.0;
  static final double PENSION_LOGIT_60_PLUS = -1.5;
  static final double PENSION_LOGIT_UNDER_60 = -4.0;

  static final double INVESTMENT_LOGIT = -1.6;
  private static final double[] INVESTMENT_LOGIT_EDUCATION = {-0.7, 0.0, 0.9};
  static final double INVESTMENT_LOGIT_PER_YEAR = 0.025;
  private static final double[] INVESTMENT_LOGIT_REGION = {0.3, 0.1, -0.1, -0.3, 0.1, 0.0};

  static final double SAVINGS_NEGATIVE_SCORE = -0.8;
  static final double SAVINGS_NEGATIVE_NO_WAGE = 0.9;
  private static final double[] SAVINGS_NEGATIVE_EMPLOYMENT = {0.0, 0.0, 0.8, 0.4, 0.0};
  static final double SAVINGS_POSITIVE_SCORE = 0.6;
  static final double SAVINGS_POSITIVE_WAGE = 0.8;
  private static final double[] SAVINGS_POSITIVE_EDUCATION = {-0.4, 0.0, 0.5};

  // ---- Magnitudes: log|x| = mu(d) + sigma (lambda z + sqrt(1 - lambda²) e) ----
  private static final double[] REGION_LEVEL = {0.15, 0.05, -0.10, -0.20, 0.05, -0.05};

  private static final double[] WAGE_EDUCATION = {-0.35, 0.0, 0.40};
  private static final double[] WAGE_EMPLOYMENT = {0.0, -0.6, -1.2, -1.0, -1.1};
  static final double WAGE_FEMALE = -0.15;
  static final double WAGE_FOREIGN = -0.10;
  static final double WAGE_AGE_LINEAR = 0.12;
  static final double WAGE_AGE_QUADRATIC = -0.08;

  private static final double[] SELF_EDUCATION = {-0.3, 0.0, 0.35};
  static final double SELF_FEMALE = -0.2;
  static final double SELF_NOT_SELF_EMPLOYED = -1.0;
  static final double SELF_LOSS_NOT_SELF_EMPLOYED = -0.5;

  private static final double[] BENEFIT_EMPLOYMENT = {-0.5, -0.5, 0.0, -0.3, -0.2};
  static final double BENEFIT_PER_EXTRA_MEMBER = 0.08;

  private static final double[] PENSION_EDUCATION = {-0.25, 0.0, 0.35};
  static final double PENSION_FEMALE = -0.25;
  static final double PENSION_NOT_RETIRED = -0.7;

  private static final double[] INVESTMENT_EDUCATION = {-0.4, 0.0, 0.5};
  static final double INVESTMENT_PER_YEAR = 0.02;

  private static final double[] SAVINGS_EDUCATION = {-0.3, 0.0, 0.4};
  static final double DISSAVING_RETIRED = 0.3;

  // ---- Income tax: exp(tau h - tau²/2) * sum_j rate_j (x_j - allowance_j)+, h ~ N(0,1) ----
  static final double TAX_NOISE_SD = 0.10;

  /** One taxed income source: its allowance and marginal rate. */
  record TaxRule(DemoTarget source, double allowance, double rate) {}

  static final List<TaxRule> TAX_RULES =
      List.of(
          new TaxRule(DemoTarget.WAGE_INCOME, 12_000, 0.25),
          new TaxRule(DemoTarget.SELF_EMPLOYMENT_INCOME, 12_000, 0.30),
          new TaxRule(DemoTarget.PENSION_INCOME, 15_000, 0.15),
          new TaxRule(DemoTarget.INVESTMENT_INCOME, 1_000, 0.25));

  /** Employment probabilities by age band, education, sex and citizenship, computed once. */
  private static final double[][][][][] EMPLOYMENT = new double[4][3][2][2][];

  static {
    for (int band = 0; band < EMPLOYMENT.length; band++) {
      for (Education education : Education.values()) {
        for (Sex sex : Sex.values()) {
          for (Citizenship citizenship : Citizenship.values()) {
            EMPLOYMENT[band][education.ordinal()][sex.ordinal()][citizenship.ordinal()] =
                computeEmploymentProbabilities(band, education, sex, citizenship);
          }
        }
      }
    }
    AGE = new double[MAX_AGE - MIN_AGE + 1];
    double total = 0;
    for (int age = MIN_AGE; age <= MAX_AGE; age++) {
      double mass =
          age <= AGE_FLAT_UNTIL ? 1.0 : Math.exp(-(age - AGE_FLAT_UNTIL) / AGE_DECAY_YEARS);
      AGE[age - MIN_AGE] = mass;
      total += mass;
    }
    for (int i = 0; i < AGE.length; i++) {
      AGE[i] /= total;
    }
  }

  private DemoModel() {}

  // ---------------------------------------------------------------- demographics

  static double regionProbability(Region region) {
    return REGION[region.ordinal()];
  }

  static double householdSizeProbability(Region region, int size) {
    return SIZE_BY_REGION[region.ordinal()][size - 1];
  }

  static double foreignProbability(Region region) {
    return FOREIGN_BY_REGION[region.ordinal()];
  }

  static double citizenshipProbability(Region region, Citizenship citizenship) {
    double foreign = foreignProbability(region);
    return citizenship == Citizenship.FOREIGN ? foreign : 1.0 - foreign;
  }

  static double ageProbability(int age) {
    return AGE[age - MIN_AGE];
  }

  static double sexProbability(Sex sex) {
    return sex == Sex.FEMALE ? FEMALE : 1.0 - FEMALE;
  }

  static double[] educationProbabilities(int age) {
    int cohort = age < 25 ? 0 : age < 45 ? 1 : age < 65 ? 2 : 3;
    return EDUCATION_BY_COHORT[cohort];
  }

  static double[] employmentProbabilities(
      int age, Education education, Sex sex, Citizenship citizenship) {
    int band = age < 25 ? 0 : age < 60 ? 1 : age < 67 ? 2 : 3;
    return EMPLOYMENT[band][education.ordinal()][sex.ordinal()][citizenship.ordinal()];
  }

  private static double[] computeEmploymentProbabilities(
      int band, Education education, Sex sex, Citizenship citizenship) {
    double[] scores = EMPLOYMENT_BY_AGE_BAND[band].clone();
    for (int k = 0; k < scores.length; k++) {
      scores[k] += EMPLOYMENT_BY_EDUCATION[education.ordinal()][k];
      if (sex == Sex.FEMALE) {
        scores[k] += EMPLOYMENT_FEMALE[k];
      }
      if (citizenship == Citizenship.FOREIGN) {
        scores[k] += EMPLOYMENT_FOREIGN[k];
      }
    }
    return softmax(scores);
  }

  static double weightBase(Region region, int householdSize) {
    return WEIGHT_BASE[region.ordinal()] * (1.0 + WEIGHT_SIZE_SLOPE * (householdSize - 1));
  }

  // ---------------------------------------------------------------- gates

  static double wagePositive(Demographics d) {
    double logit = WAGE_LOGIT[d.employment().ordinal()];
    if (d.age() < 25 && d.employment() == Employment.INACTIVE) {
      logit += WAGE_LOGIT_YOUNG_INACTIVE;
    }
    return logistic(logit);
  }

  static GateProbabilities selfEmploymentGate(Demographics d) {
    double[] p = SELF_EMPLOYMENT_GATE[d.employment().ordinal()];
    return new GateProbabilities(p[0], p[1], p[2]);
  }

  static double benefitPositive(Demographics d, boolean wagePositive) {
    if (wagePositive) {
      return 0.0;
    }
    double logit =
        BENEFIT_LOGIT[d.employment().ordinal()]
            + BENEFIT_LOGIT_PER_EXTRA_MEMBER * (d.householdSize() - 1)
            + (d.citizenship() == Citizenship.FOREIGN ? BENEFIT_LOGIT_FOREIGN : 0.0);
    return logistic(logit);
  }

  static double pensionPositive(Demographics d) {
    if (d.employment() == Employment.RETIRED) {
      return logistic(PENSION_LOGIT_RETIRED);
    }
    return logistic(d.age() >= 60 ? PENSION_LOGIT_60_PLUS : PENSION_LOGIT_UNDER_60);
  }

  static double investmentPositive(Demographics d) {
    return logistic(
        INVESTMENT_LOGIT
            + INVESTMENT_LOGIT_EDUCATION[d.education().ordinal()]
            + INVESTMENT_LOGIT_PER_YEAR * (d.age() - 45)
            + INVESTMENT_LOGIT_REGION[d.region().ordinal()]);
  }

  static GateProbabilities savingsGate(Demographics d, boolean wagePositive) {
    double negative =
        SAVINGS_NEGATIVE_SCORE
            + (wagePositive ? 0.0 : SAVINGS_NEGATIVE_NO_WAGE)
            + SAVINGS_NEGATIVE_EMPLOYMENT[d.employment().ordinal()];
    double positive =
        SAVINGS_POSITIVE_SCORE
            + (wagePositive ? SAVINGS_POSITIVE_WAGE : 0.0)
            + SAVINGS_POSITIVE_EDUCATION[d.education().ordinal()];
    double[] p = softmax(new double[] {negative, 0.0, positive});
    return new GateProbabilities(p[0], p[1], p[2]);
  }

  // ---------------------------------------------------------------- magnitudes

  /** The law of log|x| given the sign, for every target but income tax. */
  static LogNormal magnitude(Demographics d, DemoTarget target, GateState sign) {
    if (sign == GateState.ZERO || (sign == GateState.NEGATIVE && !target.canBeNegative())) {
      throw new IllegalArgumentException(target.fieldName() + " has no magnitude when " + sign);
    }
    int education = d.education().ordinal();
    int employment = d.employment().ordinal();
    double region = REGION_LEVEL[d.region().ordinal()];
    boolean female = d.sex() == Sex.FEMALE;
    return switch (target) {
      case WAGE_INCOME -> {
        double decades = (d.age() - 40) / 10.0;
        yield new LogNormal(
            Math.log(32_000)
                + WAGE_EDUCATION[education]
                + (female ? WAGE_FEMALE : 0.0)
                + WAGE_AGE_LINEAR * decades
                + WAGE_AGE_QUADRATIC * decades * decades
                + region
                + WAGE_EMPLOYMENT[employment]
                + (d.citizenship() == Citizenship.FOREIGN ? WAGE_FOREIGN : 0.0),
            0.55);
      }
      case SELF_EMPLOYMENT_INCOME -> {
        boolean selfEmployed = d.employment() == Employment.SELF_EMPLOYED;
        if (sign == GateState.POSITIVE) {
          yield new LogNormal(
              Math.log(22_000)
                  + SELF_EDUCATION[education]
                  + (female ? SELF_FEMALE : 0.0)
                  + region
                  + (selfEmployed ? 0.0 : SELF_NOT_SELF_EMPLOYED),
              0.9);
        }
        yield new LogNormal(
            Math.log(5_000) + (selfEmployed ? 0.0 : SELF_LOSS_NOT_SELF_EMPLOYED), 1.0);
      }
      case BENEFIT_INCOME ->
          new LogNormal(
              Math.log(9_000)
                  + BENEFIT_PER_EXTRA_MEMBER * (d.householdSize() - 1)
                  + BENEFIT_EMPLOYMENT[employment]
                  + 0.5 * region,
              0.4);
      case PENSION_INCOME ->
          new LogNormal(
              Math.log(16_000)
                  + PENSION_EDUCATION[education]
                  + (female ? PENSION_FEMALE : 0.0)
                  + (d.employment() == Employment.RETIRED ? 0.0 : PENSION_NOT_RETIRED),
              0.45);
      case INVESTMENT_INCOME ->
          new LogNormal(
              Math.log(1_500)
                  + INVESTMENT_EDUCATION[education]
                  + INVESTMENT_PER_YEAR * (d.age() - 45)
                  + 2.0 * region,
              1.3);
      case NET_SAVINGS ->
          sign == GateState.POSITIVE
              ? new LogNormal(Math.log(4_000) + SAVINGS_EDUCATION[education] + region, 1.0)
              : new LogNormal(
                  Math.log(3_000)
                      + (d.employment() == Employment.RETIRED ? DISSAVING_RETIRED : 0.0),
                  1.0);
      case INCOME_TAX ->
          throw new IllegalArgumentException(
              "income_tax is a function of the other incomes, not lognormal");
    };
  }

  /** The loading lambda of a magnitude on the person's latent factor z. */
  static double latentLoading(DemoTarget target, GateState sign) {
    return switch (target) {
      case WAGE_INCOME, INVESTMENT_INCOME -> 0.6;
      case SELF_EMPLOYMENT_INCOME, PENSION_INCOME -> sign == GateState.POSITIVE ? 0.3 : 0.0;
      case NET_SAVINGS -> sign == GateState.POSITIVE ? 0.5 : 0.0;
      case BENEFIT_INCOME, INCOME_TAX -> 0.0;
    };
  }

  // ---------------------------------------------------------------- helpers

  static double logistic(double logit) {
    return 1.0 / (1.0 + Math.exp(-logit));
  }

  private static double[] softmax(double[] scores) {
    double max = Double.NEGATIVE_INFINITY;
    for (double score : scores) {
      max = Math.max(max, score);
    }
    double[] p = new double[scores.length];
    double total = 0;
    for (int k = 0; k < scores.length; k++) {
      p[k] = Math.exp(scores[k] - max);
      total += p[k];
    }
    for (int k = 0; k < p.length; k++) {
      p[k] /= total;
    }
    return p;
  }
}
