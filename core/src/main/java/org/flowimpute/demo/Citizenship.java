package org.flowimpute.demo;

/** Citizenship of a demo household (all its persons share it). */
public enum Citizenship {
  CITIZEN,
  FOREIGN;

  /** The value written to files, e.g. {@code foreign}. */
  public String label() {
    return Labels.of(this);
  }

  /** The citizenship written as {@code label}. */
  public static Citizenship fromLabel(String label) {
    return Labels.parse(Citizenship.class, label);
  }
}
