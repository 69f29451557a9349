package org.flowimpute.pipelines.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/** Checks of the household totals that {@link HouseholdFakeModel}'s imputations carry. */
public final class HouseholdAssertions {

  private HouseholdAssertions() {}

  /**
   * Asserts that every member carries, as {@code household_wage_income_total}, the sum of the
   * members' {@code wage_income} added in record-key order, exactly (no tolerance).
   *
   * @return that total
   */
  public static double assertWageTotal(List<GenericRecord> members) {
    List<GenericRecord> ordered = new ArrayList<>(members);
    ordered.sort(Comparator.comparing(r -> r.get("record_key").toString()));
    double total = 0;
    for (GenericRecord member : ordered) {
      total += (Double) member.get("wage_income");
    }
    for (GenericRecord member : ordered) {
      assertEquals(total, (Double) member.get("household_wage_income_total"), 0.0);
    }
    return total;
  }
}
