package org.flowimpute.table;

/**
 * The error for a number cell too large for its column's type ({@code 1e400} for a double): read,
 * it would be infinity, which the cell does not say (a literal {@code Infinity} reads as infinity).
 * One wording for the table readers and the Beam jobs' CSV decoder.
 */
public final class NumberBeyondRange {

  private NumberBeyondRange() {}

  /**
   * The error for {@code cell} beyond the range of {@code type} ({@code double}, {@code float}).
   */
  public static IllegalArgumentException of(String cell, String type) {
    return new IllegalArgumentException(
        "expected a number within the range of a "
            + type
            + ", got '"
            + cell
            + "' (out of the "
            + type
            + " range: it would be read as infinity)");
  }
}
