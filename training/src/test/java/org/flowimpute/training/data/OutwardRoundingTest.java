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

  @Test
  void rangesGoStrictlyOutwardToTheSpansLeadingDigit() {
    assertArrayEquals(new double[] {10, 100}, OutwardRounding.range(16, 90));
    assertArrayEquals(new double[] {0, 7}, OutwardRounding.range(1, 6));
    assertArrayEquals(new double[] {-1, 6}, OutwardRounding.range(0, 5));
    assertArrayEquals(new double[] {-1000, 5000}, OutwardRounding.range(-150, 4321));
    assertArrayEquals(new double[] {0.1, 0.9}, OutwardRounding.range(0.15, 0.82), 1e-15);
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
