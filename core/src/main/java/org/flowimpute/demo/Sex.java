package org.flowimpute.demo;

/** Sex of a demo person. */
public enum Sex {
  FEMALE,
  MALE;

  /** The value written to files, e.g. {@code female}. */
  public String label() {
    return Labels.of(this);
  }

  /** The sex written as {@code label}. */
  public static Sex fromLabel(String label) {
    return Labels.parse(Sex.class, label);
  }
}
