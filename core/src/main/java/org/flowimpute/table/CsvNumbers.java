package org.flowimpute.table;

import java.util.regex.Pattern;

/**
 * The number syntax accepted in CSV cells, stricter than {@link Double#parseDouble} (which also
 * takes {@code 1d}, {@code 0x1p3} or surrounding spaces) so that inference and parsing agree, here
 * and in the Beam pipelines' CSV reader.
 */
public final class CsvNumbers {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,19}");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(NaN|Infinity)");

  private CsvNumbers() {}

  /** True if {@code cell} is an integer in the range of {@code long}. */
  public static boolean isLong(String cell) {
    if (!INTEGER.matcher(cell).matches()) {
      return false;
    }
    try {
      Long.parseLong(cell);
      return true;
    } catch (NumberFormatException outOfRange) {
      return false;
    }
  }

  /** True if {@code cell} is a decimal number, optionally with exponent, or NaN / Infinity. */
  public static boolean isDouble(String cell) {
    return DECIMAL.matcher(cell).matches();
  }

  /**
   * True if {@code cell} is a decimal number ({@link #isDouble}) too large in magnitude for a
   * double ({@code 1e400}, {@code -2e308}): read as one, it would be infinity, which the cell does
   * not say ({@code Infinity} itself is not beyond the range).
   */
  public static boolean isBeyondDouble(String cell) {
    return mayOverflow(cell, 309) && isDouble(cell) && Double.isInfinite(Double.parseDouble(cell));
  }

  /** As {@link #isBeyondDouble} for a float ({@code 1e39}). */
  public static boolean isBeyondFloat(String cell) {
    return mayOverflow(cell, 39) && isDouble(cell) && Float.isInfinite(Float.parseFloat(cell));
  }

  /**
   * Whether {@code cell} may be a number too large for a type whose largest finite values have
   * {@code digits} digits before the point: only with an exponent, or with as many characters.
   * Keeps the parse off the common cells.
   */
  private static boolean mayOverflow(String cell, int digits) {
    return !cell.endsWith("Infinity")
        && (cell.length() >= digits || cell.indexOf('e') >= 0 || cell.indexOf('E') >= 0);
  }
}
