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
    assertTrue(
        negative.getMessage().contains("row 1: base weight must be positive"),
        negative.getMessage());
  }
}
