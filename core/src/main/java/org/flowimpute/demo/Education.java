package org.flowimpute.demo;

/** Highest education level of a demo person; its distribution depends on the age cohort. */
public enum Education {
  LOW,
  MEDIUM,
  HIGH;

  private final String label = Labels.of(this);

  /** The value written to files, e.g. {@code medium}. */
  public String label() {
    return label;
  }

  /** The education level written as {@code label}. */
  public static Education fromLabel(String label) {
    return Labels.parse(Education.class, label);
  }
}
