package org.flowimpute.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.UnknownCategoryPolicy;
import org.junit.jupiter.api.Test;

class OutOfRangeConditionsTest {
  private static final Schema SCHEMA =
      SchemaBuilder.record("r")
          .fields()
          .optionalString("age")
          .optionalDouble("income")
          .optionalDouble("rooms")
          .optionalString("region")
          .endRecord();

  private static GenericRecord record(String age, double income, double rooms) {
    return new GenericRecordBuilder(SCHEMA)
        .set("age", age)
        .set("income", income)
        .set("rooms", rooms)
        .set("region", "north")
        .build();
  }

  @Test
  void countsEachConditionOutsideItsRangeAndNamesTheFirstRecord() {
    OutOfRangeConditions tally =
        OutOfRangeConditions.of(
            List.of(
                new NumericCondition("age", 40, 15, 16, 90),
                new NumericCondition("income", 3e4, 1e4, 0, 2.5e5),
                new NumericCondition("rooms", 3, 1),
                new CategoricalCondition(
                    "region", List.of("north", "south"), UnknownCategoryPolicy.ERROR)));

    tally.note(record("40", 100, 99), "in.csv row 1");
    tally.note(record("200", -5.5, 3), "in.csv row 2");
    tally.note(record(" 999 ", 1e5, 3), "in.csv row 3");

    assertEquals(2, tally.count("age"));
    assertEquals(1, tally.count("income"));
    assertEquals(0, tally.count("rooms"));
    assertEquals(
        Optional.of(
            "warning: condition values outside the training range, imputed by extrapolation: age on"
                + " 2 rows (first in.csv row 2: 200; trained on 16..90); income on 1 row (first"
                + " in.csv row 2: -5.5; trained on 0..250000)"),
        tally.warning());
    assertTrue(tally.anyOutside(record("200", -5.5, 3), "r"));
    assertTrue(tally.anyOutside(record("40", 1e6, 3), "r"));
    assertFalse(tally.anyOutside(record("90", 0, 3), "r"));
  }

  @Test
  void saysNothingWithoutRangesAndRefusesWhatEncodingRefuses() {
    OutOfRangeConditions unranged =
        OutOfRangeConditions.of(List.of(new NumericCondition("age", 40, 15)));
    unranged.note(record("200", 0, 0), "in.csv row 1");

    assertEquals(Optional.empty(), unranged.warning());
    OutOfRangeConditions ranged =
        OutOfRangeConditions.of(List.of(new NumericCondition("age", 40, 15, 16, 90)));
    assertEquals(
        "in.csv row 4: field 'age': expected a number, got 'old'",
        assertThrows(
                EncodingException.class, () -> ranged.note(record("old", 0, 0), "in.csv row 4"))
            .getMessage());
  }
}
