package org.flowimpute.demo;

/** The sign of a target value: the state of its zero / negative / positive gate. */
public enum GateState {
  NEGATIVE,
  ZERO,
  POSITIVE;

  /** The state of {@code value}. */
  public static GateState of(double value) {
    if (value > 0) {
      return POSITIVE;
    }
    return value < 0 ? NEGATIVE : ZERO;
  }

  /** +1, 0 or -1. */
  public int sign() {
    return switch (this) {
      case NEGATIVE -> -1;
      case ZERO -> 0;
      case POSITIVE -> 1;
    };
  }
}
