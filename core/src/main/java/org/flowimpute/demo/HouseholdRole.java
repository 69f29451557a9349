package org.flowimpute.demo;

/**
 * A person's role in a household of the household demo ({@link HouseholdDemoPopulation}): the first
 * adult is the head, the second the partner, further adults are other adults, and persons under 18
 * are children.
 */
public enum HouseholdRole {
  HEAD,
  PARTNER,
  OTHER_ADULT,
  CHILD;

  private final String label = Labels.of(this);

  /** The value written to files, e.g. {@code other_adult}. */
  public String label() {
    return label;
  }

  /** The role written as {@code label}. */
  public static HouseholdRole fromLabel(String label) {
    return Labels.parse(HouseholdRole.class, label);
  }
}
