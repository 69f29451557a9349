package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class RecordColumnsTest {

  private static final Schema SCHEMA =
      SchemaBuilder.record("Person")
          .fields()
          .requiredDouble("w")
          .requiredDouble("region")
          .optionalString("sex")
          .requiredLong("age")
          .endRecord();

  private static GenericRecord person(double w, double region, String sex, long age) {
    GenericData.Record record = new GenericData.Record(SCHEMA);
    record.put("w", w);
    record.put("region", region);
    record.put("sex", sex);
    record.put("age", age);
    return record;
  }

  @Test
  void readsWeightsNumbersAndCategories() {
    List<GenericRecord> records = List.of(person(2.5, 3.0, "F", 40), person(1.5, 1.0, "M", 31));

    CalibrationData data =
        RecordColumns.toData(records, "w", Set.of("age"), Set.of("region", "sex"));

    assertEquals(2, data.size());
    assertEquals(2.5, data.baseWeight(0));
    assertEquals(31.0, data.numeric("age", 1));
    assertEquals("3", data.categorical("region", 0), "whole doubles are categories without .0");
    assertEquals("M", data.categorical("sex", 1));
  }

  private static final Schema TEXT_SCHEMA =
      SchemaBuilder.record("Row").fields().requiredString("w").requiredString("age").endRecord();

  private static List<GenericRecord> textRows(String... weightAndAge) {
    List<GenericRecord> rows = new java.util.ArrayList<>();
    for (int i = 0; i < weightAndAge.length; i += 2) {
      GenericData.Record record = new GenericData.Record(TEXT_SCHEMA);
      record.put("w", weightAndAge[i]);
      record.put("age", weightAndAge[i + 1]);
      rows.add(record);
    }
    return rows;
  }

  @Test
  void numbersHeldAsTextAreParsedAndTheFirstNonNumberIsNamedWithItsRowAndValue() {
    CalibrationData data =
        RecordColumns.toData(textRows("12.5", "40", " 7 ", "3.1e1"), "w", Set.of("age"), Set.of());
    IllegalArgumentException badWeight =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RecordColumns.toData(
                    textRows("12.5", "40", "7", "31", "NA", "52", "x", "60"),
                    "w",
                    Set.of("age"),
                    Set.of()));
    IllegalArgumentException badAge =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RecordColumns.toData(
                    textRows("12.5", "40", "7", "unknown"), "w", Set.of("age"), Set.of()));

    assertEquals(12.5, data.baseWeight(0));
    assertEquals(7.0, data.baseWeight(1));
    assertEquals(31.0, data.numeric("age", 1));
    assertEquals("row 3: field 'w': expected a number, got 'NA'", badWeight.getMessage());
    assertEquals("row 2: field 'age': expected a number, got 'unknown'", badAge.getMessage());
  }

  @Test
  void missingCategoryAndBadWeightNameTheRowAndField() {
    List<GenericRecord> records = List.of(person(2.5, 3.0, "F", 40), person(1.5, 1.0, null, 31));

    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> RecordColumns.toData(records, "w", Set.of(), Set.of("sex")));
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class,
            () -> RecordColumns.toData(List.of(person(-1, 1, "F", 3)), "w", Set.of(), Set.of()));

    assertTrue(missing.getMessage().contains("row 2, field 'sex'"), missing.getMessage());
    assertEquals(
        "row 1: field 'w': expected a base weight in [1.0E-30, 1.0E30] (positive, finite and in"
            + " the solver's safe range), got -1.0",
        negative.getMessage());
  }

  /**
   * A weight of 1e308 or a value of 1e50 overflowed the solver's sums: a weight of 1e308 was
   * "converged" with a NaN effective sample size. Both are refused naming the row and field.
   */
  @Test
  void weightsAndValuesOutsideTheSafeRangeAreRefusedNamingTheRowAndField() {
    List<GenericRecord> hugeWeight = List.of(person(2.5, 3.0, "F", 40), person(1e308, 1, "M", 31));
    List<GenericRecord> tinyWeight = List.of(person(1e-320, 3.0, "F", 40));
    List<GenericRecord> hugeRegion =
        List.of(person(2.5, 3.0, "F", 40), person(1.5, 1.0, "M", 40), person(1, -1e50, "F", 3));

    IllegalArgumentException weight =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RecordColumns.toData(
                    hugeWeight, i -> "p2.csv row " + (i + 1), "w", Set.of(), Set.of()));
    IllegalArgumentException tiny =
        assertThrows(
            IllegalArgumentException.class,
            () -> RecordColumns.toData(tinyWeight, "w", Set.of(), Set.of()));
    IllegalArgumentException region =
        assertThrows(
            IllegalArgumentException.class,
            () -> RecordColumns.toData(hugeRegion, "w", Set.of("region"), Set.of()));

    assertEquals(
        "p2.csv row 2: field 'w': expected a base weight in [1.0E-30, 1.0E30] (positive, finite and"
            + " in the solver's safe range), got 1.0E308",
        weight.getMessage());
    assertTrue(
        tiny.getMessage().startsWith("row 1: field 'w': expected a base weight in"),
        tiny.getMessage());
    assertTrue(tiny.getMessage().endsWith("got 1.0E-320"), tiny.getMessage());
    assertEquals(
        "row 3: field 'region': expected a finite number of magnitude at most 1.0E30 (the"
            + " solver's safe range), got -1.0E50",
        region.getMessage());
  }
}
