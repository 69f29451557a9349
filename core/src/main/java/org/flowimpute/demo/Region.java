package org.flowimpute.demo;

/** The six regions of the demo population; households differ in size, citizenship and income. */
public enum Region {
  CAPITAL,
  NORTH,
  SOUTH,
  EAST,
  WEST,
  CENTRAL;

  private final String label = Labels.of(this);

  /** The value written to files, e.g. {@code capital}. */
  public String label() {
    return label;
  }

  /** The region written as {@code label}. */
  public static Region fromLabel(String label) {
    return Labels.parse(Region.class, label);
  }
}
