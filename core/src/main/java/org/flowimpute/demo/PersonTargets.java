package org.flowimpute.demo;

import java.util.SplittableRandom;

/**
 * The target values of one person, drawn from {@link DemoModel}: gates in {@link DemoTarget} order,
 * then lognormal magnitudes sharing one latent factor, then income tax from the taxed sources.
 * Always consumes the same number of random draws.
 */
record PersonTargets(
    double wage,
    double selfEmployment,
    double benefit,
    double pension,
    double investment,
    double netSavings,
    double incomeTax) {

  /** Wage + self-employment + benefit + pension + investment income. */
  double totalIncome() {
    return wage + selfEmployment + benefit + pension + investment;
  }

  double value(DemoTarget target) {
    return switch (target) {
      case WAGE_INCOME -> wage;
      case SELF_EMPLOYMENT_INCOME -> selfEmployment;
      case BENEFIT_INCOME -> benefit;
      case PENSION_INCOME -> pension;
      case INVESTMENT_INCOME -> investment;
      case NET_SAVINGS -> netSavings;
      case INCOME_TAX -> incomeTax;
    };
  }

  static PersonTargets draw(Demographics d, SplittableRandom random) {
    double latent = DemoPopulation.gaussian(random);

    boolean wagePositive = random.nextDouble() < DemoModel.wagePositive(d);
    GateState self = draw(DemoModel.selfEmploymentGate(d), random.nextDouble());
    boolean benefitPositive = random.nextDouble() < DemoModel.benefitPositive(d, wagePositive);
    boolean pensionPositive = random.nextDouble() < DemoModel.pensionPositive(d);
    boolean investmentPositive = random.nextDouble() < DemoModel.investmentPositive(d);
    GateState savings = draw(DemoModel.savingsGate(d, wagePositive), random.nextDouble());

    double wage = value(d, DemoTarget.WAGE_INCOME, positive(wagePositive), latent, random);
    double selfEmployment = value(d, DemoTarget.SELF_EMPLOYMENT_INCOME, self, latent, random);
    double benefit = value(d, DemoTarget.BENEFIT_INCOME, positive(benefitPositive), latent, random);
    double pension = value(d, DemoTarget.PENSION_INCOME, positive(pensionPositive), latent, random);
    double investment =
        value(d, DemoTarget.INVESTMENT_INCOME, positive(investmentPositive), latent, random);
    double netSavings = value(d, DemoTarget.NET_SAVINGS, savings, latent, random);

    double taxBase = 0;
    for (DemoModel.TaxRule rule : DemoModel.TAX_RULES) {
      double income =
          switch (rule.source()) {
            case WAGE_INCOME -> wage;
            case SELF_EMPLOYMENT_INCOME -> selfEmployment;
            case PENSION_INCOME -> pension;
            case INVESTMENT_INCOME -> investment;
            default -> throw new IllegalStateException("untaxed source " + rule.source());
          };
      taxBase += rule.rate() * Math.max(0.0, income - rule.allowance());
    }
    double tau = DemoModel.TAX_NOISE_SD;
    double incomeTax = taxBase * Math.exp(tau * DemoPopulation.gaussian(random) - 0.5 * tau * tau);
    return new PersonTargets(
        wage, selfEmployment, benefit, pension, investment, netSavings, incomeTax);
  }

  private static GateState positive(boolean positive) {
    return positive ? GateState.POSITIVE : GateState.ZERO;
  }

  private static GateState draw(GateProbabilities gate, double u) {
    if (u < gate.negative()) {
      return GateState.NEGATIVE;
    }
    return u < gate.negative() + gate.zero() ? GateState.ZERO : GateState.POSITIVE;
  }

  /** Draws the own noise even for zeros, so that every person consumes the same draws. */
  private static double value(
      Demographics d, DemoTarget target, GateState sign, double latent, SplittableRandom random) {
    double own = DemoPopulation.gaussian(random);
    if (sign == GateState.ZERO) {
      return 0.0;
    }
    LogNormal law = DemoModel.magnitude(d, target, sign);
    double lambda = DemoModel.latentLoading(target, sign);
    double standard = lambda * latent + Math.sqrt(1.0 - lambda * lambda) * own;
    return sign.sign() * Math.exp(law.mu() + law.sigma() * standard);
  }
}
