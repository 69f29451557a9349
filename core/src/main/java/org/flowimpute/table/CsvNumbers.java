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
}
