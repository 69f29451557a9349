package org.flowimpute.demo;

/** Sex of a demo person. */
public enum Sex {
  FEMALE,
  MALE;

  private final String label = Labels.of(this);

  /** The value written to files, e.g. {@code female}. */
  public String label() {
    return label;
  }

  /** The sex written as {@code label}. */
  public static Sex fromLabel(String label) {
    return Labels.parse(Sex.class, label);
  }
}
