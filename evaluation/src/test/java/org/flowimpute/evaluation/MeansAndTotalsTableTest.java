package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * How the means and totals table shows an amount. Until 2026-12-04 every amount had 6 significant
 * digits, so a total of 85,748,717,052.59 read {@code 85748700000}, as if exact.
 */
class MeansAndTotalsTableTest {

  @Test
  void amountsBelowAMillionHaveSixSignificantDigits() {
    assertEquals("16110.2", MeansAndTotalsTable.amount(16110.2345));
    assertEquals("-0.0123457", MeansAndTotalsTable.amount(-0.01234567));
    assertEquals("20", MeansAndTotalsTable.amount(20.0));
    assertEquals("999999", MeansAndTotalsTable.amount(999_999.4));
  }

  @Test
  void amountsFromAMillionUpAreShownToTheWholeUnit() {
    assertEquals("85748717053", MeansAndTotalsTable.amount(85_748_717_052.59));
    assertEquals("-1000000", MeansAndTotalsTable.amount(-1_000_000.4));
    assertEquals("1000000", MeansAndTotalsTable.amount(999_999.6));
  }

  @Test
  void anAbsentAmountIsAnEnDash() {
    assertEquals("–", MeansAndTotalsTable.amount(null));
  }
}
