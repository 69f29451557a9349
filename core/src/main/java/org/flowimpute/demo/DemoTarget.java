package org.flowimpute.demo;

import java.util.List;

/**
 * The person-level targets of the demo population, in the order in which their gates are drawn.
 * Each gate depends on the demographics and on the gates listed in {@link #parents()} only
 * (household income is a household total, see {@link DemoTruth#householdIncomeMean}).
 */
public enum DemoTarget {
  WAGE_INCOME("wage_income", false, List.of()),
  SELF_EMPLOYMENT_INCOME("self_employment_income", true, List.of()),
  BENEFIT_INCOME("benefit_income", false, List.of(WAGE_INCOME)),
  PENSION_INCOME("pension_income", false, List.of()),
  INVESTMENT_INCOME("investment_income", false, List.of()),
  NET_SAVINGS("net_savings", true, List.of(WAGE_INCOME)),
  INCOME_TAX(
      "income_tax",
      false,
      List.of(WAGE_INCOME, SELF_EMPLOYMENT_INCOME, PENSION_INCOME, INVESTMENT_INCOME));

  /** The name of the household total field, sum of the five income targets over the household. */
  public static final String HOUSEHOLD_INCOME_FIELD = "household_income";

  /** The targets summed into household income. */
  public static final List<DemoTarget> INCOMES =
      List.of(
          WAGE_INCOME, SELF_EMPLOYMENT_INCOME, BENEFIT_INCOME, PENSION_INCOME, INVESTMENT_INCOME);

  private final String fieldName;
  private final boolean canBeNegative;
  private final List<DemoTarget> parents;

  DemoTarget(String fieldName, boolean canBeNegative, List<DemoTarget> parents) {
    this.fieldName = fieldName;
    this.canBeNegative = canBeNegative;
    this.parents = parents;
  }

  /** The field name in {@code DemoPerson}, e.g. {@code wage_income}. */
  public String fieldName() {
    return fieldName;
  }

  /** True if the target takes negative values (a three-state gate). */
  public boolean canBeNegative() {
    return canBeNegative;
  }

  /** The targets whose gate states this target's gate depends on (besides demographics). */
  public List<DemoTarget> parents() {
    return parents;
  }
}
