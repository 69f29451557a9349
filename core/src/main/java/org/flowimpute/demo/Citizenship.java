package org.flowimpute.demo;

/** Citizenship of a demo household (all its persons share it). */
public enum Citizenship {
  CITIZEN,
  FOREIGN;

  private final String label = Labels.of(this);

  /** The value written to files, e.g. {@code foreign}. */
  public String label() {
    return label;
  }

  /** The citizenship written as {@code label}. */
  public static Citizenship fromLabel(String label) {
    return Labels.parse(Citizenship.class, label);
  }
}
