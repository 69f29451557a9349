package org.flowimpute.pipelines.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.table.Float32Columns;

/** Checks of the household totals that {@link HouseholdFakeModel}'s imputations carry. */
public final class HouseholdAssertions {

  private HouseholdAssertions() {}

  /**
   * Asserts that every member carries, as {@code household_wage_income_total}, the exact sum of the
   * members' {@code wage_income} as written (each imputed float32 amount as the decimal CSV shows,
   * {@link Float32Columns#format}), rounded once to a double (no tolerance).
   *
   * @return that total
   */
  public static double assertWageTotal(List<GenericRecord> members) {
    BigDecimal exact = BigDecimal.ZERO;
    for (GenericRecord member : members) {
      exact = exact.add(new BigDecimal(Float32Columns.format((Double) member.get("wage_income"))));
    }
    double total = exact.doubleValue();
    for (GenericRecord member : members) {
      assertEquals(total, (Double) member.get("household_wage_income_total"), 0.0);
    }
    return total;
  }
}
