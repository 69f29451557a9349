package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The coarsened bounds and counts of a synthesis bundle, on the reviewer's demo values. */
class OutwardRoundingTest {

  @Test
  void magnitudesGoStrictlyOutwardToTwoSignificantDigits() {
    assertEquals(710.0, OutwardRounding.magnitudeBelow(717.868));
    assertEquals(430000.0, OutwardRounding.magnitudeAbove(423608));
    assertEquals(690.0, OutwardRounding.magnitudeBelow(700));
    assertEquals(440000.0, OutwardRounding.magnitudeAbove(430000));
    assertEquals(0.9, OutwardRounding.magnitudeBelow(1));
    assertEquals(1.1, OutwardRounding.magnitudeAbove(1));
    assertEquals(900.0, OutwardRounding.magnitudeBelow(1000));
    assertEquals(0.0012, OutwardRounding.magnitudeBelow(0.00123));
  }

  /** A double such as 0.3 counts as the decimal it prints as: its bounds are not 0.3 itself. */
  @Test
  void decimalExtremesStayStrictlyInside() {
    assertEquals(0.31, OutwardRounding.magnitudeAbove(0.3));
    assertEquals(0.29, OutwardRounding.magnitudeBelow(0.3));
    assertArrayEquals(new double[] {0.2, 0.6}, OutwardRounding.range(0.3, 0.52), 1e-15);
    assertArrayEquals(new double[] {-0.4, 0.4}, OutwardRounding.range(-0.3, 0.3), 1e-15);
  }

  @Test
  void rangesGoStrictlyOutwardToTheSpansLeadingDigit() {
    assertArrayEquals(new double[] {10, 100}, OutwardRounding.range(16, 90));
    assertArrayEquals(new double[] {0, 7}, OutwardRounding.range(1, 6));
    assertArrayEquals(new double[] {-1, 6}, OutwardRounding.range(0, 5));
    assertArrayEquals(new double[] {-1000, 5000}, OutwardRounding.range(-150, 4321));
    assertArrayEquals(new double[] {0.1, 0.9}, OutwardRounding.range(0.15, 0.82), 1e-15);
  }

  @Test
  void aRangeWithoutSpanGoesOutwardToItsValuesLeadingDigit() {
    assertArrayEquals(new double[] {-1, 1}, OutwardRounding.range(0, 0));
    assertArrayEquals(new double[] {40, 50}, OutwardRounding.range(45, 45));
    assertArrayEquals(new double[] {30, 50}, OutwardRounding.range(40, 40));
    assertArrayEquals(new double[] {-0.4, -0.2}, OutwardRounding.range(-0.3, -0.3), 1e-15);
  }

  @Test
  void countsAreRoundedToTwoSignificantDigitsAndTens() {
    assertEquals(24000, OutwardRounding.count(23904));
    assertEquals(20000, OutwardRounding.count(20000));
    assertEquals(620, OutwardRounding.count(617));
    assertEquals(60, OutwardRounding.count(57));
    assertEquals(10, OutwardRounding.count(3));
    assertEquals(0, OutwardRounding.count(0));
  }
}
