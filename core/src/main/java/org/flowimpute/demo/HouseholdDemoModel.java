package org.flowimpute.demo;

/**
 * The household demo's law and its exact truth: household composition (adults, children, roles) and
 * two person targets whose conditional law depends on the household context — the number of
 * children in the household — besides the person's role. A model that does not see the household
 * context cannot reproduce them; one that does can be checked cell by cell against {@link
 * #positiveProbability} and {@link #positiveMean}. Formulas: docs/demo-population.md (households).
 */
public final class HouseholdDemoModel {

  /** P(1, 2, 3 adults). */
  static final double[] ADULTS = {0.35, 0.55, 0.10};

  /** P(0, 1, 2, 3 children). */
  static final double[] CHILDREN = {0.45, 0.22, 0.22, 0.11};

  /** Mean household weight; the weight is this times a mean-one lognormal factor. */
  static final double WEIGHT_MEAN = 100;

  /** Log-sd of the household weight factor. */
  static final double WEIGHT_LOG_SD = 0.3;

  /** Wage: logit P(wage > 0) by role (head, partner, other adult), and per child for partners. */
  static final double WAGE_LOGIT_HEAD = 1.5;

  static final double WAGE_LOGIT_PARTNER = 1.0;
  static final double WAGE_LOGIT_PARTNER_PER_CHILD = -0.6;
  static final double WAGE_LOGIT_OTHER = 0.0;

  /** Wage magnitude: log-mean ln 30000 + role shift, log-sd. */
  static final double WAGE_LOG_MEAN = Math.log(30_000);

  static final double WAGE_PARTNER_SHIFT = -0.2;
  static final double WAGE_OTHER_SHIFT = -0.6;
  static final double WAGE_LOG_SD = 0.5;

  /** Benefit (heads only): logit P(benefit > 0) = −1.5 + 0.8 · children. */
  static final double BENEFIT_LOGIT = -1.5;

  static final double BENEFIT_LOGIT_PER_CHILD = 0.8;

  /** Benefit magnitude: log-mean ln 1200 + 0.4 · children, log-sd. */
  static final double BENEFIT_LOG_MEAN = Math.log(1_200);

  static final double BENEFIT_LOG_MEAN_PER_CHILD = 0.4;
  static final double BENEFIT_LOG_SD = 0.3;

  /** Target field names. */
  public static final String WAGE = "wage_income";

  public static final String BENEFIT = "benefit_income";

  private HouseholdDemoModel() {}

  /** P(target > 0 | role, number of children in the household). */
  public static double positiveProbability(String target, HouseholdRole role, int children) {
    return switch (target) {
      case WAGE ->
          switch (role) {
            case HEAD -> logistic(WAGE_LOGIT_HEAD);
            case PARTNER -> logistic(WAGE_LOGIT_PARTNER + WAGE_LOGIT_PARTNER_PER_CHILD * children);
            case OTHER_ADULT -> logistic(WAGE_LOGIT_OTHER);
            case CHILD -> 0.0;
          };
      case BENEFIT ->
          role == HouseholdRole.HEAD
              ? logistic(BENEFIT_LOGIT + BENEFIT_LOGIT_PER_CHILD * children)
              : 0.0;
      default -> throw new IllegalArgumentException("unknown household demo target " + target);
    };
  }

  /** The law of log(target) given target > 0, role and children. */
  public static LogNormal positiveLaw(String target, HouseholdRole role, int children) {
    return switch (target) {
      case WAGE ->
          new LogNormal(
              WAGE_LOG_MEAN
                  + switch (role) {
                    case PARTNER -> WAGE_PARTNER_SHIFT;
                    case OTHER_ADULT -> WAGE_OTHER_SHIFT;
                    default -> 0.0;
                  },
              WAGE_LOG_SD);
      case BENEFIT ->
          new LogNormal(BENEFIT_LOG_MEAN + BENEFIT_LOG_MEAN_PER_CHILD * children, BENEFIT_LOG_SD);
      default -> throw new IllegalArgumentException("unknown household demo target " + target);
    };
  }

  /** E[target | target > 0, role, children] = exp(μ + σ²/2). */
  public static double positiveMean(String target, HouseholdRole role, int children) {
    LogNormal law = positiveLaw(target, role, children);
    return Math.exp(law.mu() + 0.5 * law.sigma() * law.sigma());
  }

  static double logistic(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }
}
