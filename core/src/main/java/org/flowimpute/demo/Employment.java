package org.flowimpute.demo;

/** Main activity of a demo person; it drives which incomes are zero. */
public enum Employment {
  EMPLOYED,
  SELF_EMPLOYED,
  UNEMPLOYED,
  RETIRED,
  INACTIVE;

  private final String label = Labels.of(this);

  /** The value written to files, e.g. {@code self_employed}. */
  public String label() {
    return label;
  }

  /** The employment status written as {@code label}. */
  public static Employment fromLabel(String label) {
    return Labels.parse(Employment.class, label);
  }
}
