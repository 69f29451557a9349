package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.pipelines.testing.TestData;
import org.junit.jupiter.api.Test;

class RequireConditionsTest {

  /**
   * Input whose records' schema lacks a condition of the model is refused before the job runs,
   * naming the file the schema came from: every record was a dead letter "field 'region' is
   * missing", also the records of files that have the field.
   */
  @Test
  void aConditionTheRecordsLackIsRefusedNamingWhereTheirSchemaCameFrom() {
    Schema withoutRegion =
        SchemaBuilder.record("Person")
            .fields()
            .requiredString("id")
            .requiredDouble("age")
            .requiredDouble("weight")
            .endRecord();

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ImputePipeline.requireConditions(
                    withoutRegion, "that of in/a.avro", TestData.MODEL, HouseholdContext.none()));

    assertEquals(
        "condition 'region' of the model is not a field of the input records, whose schema is"
            + " that of in/a.avro; they have [id, age, weight]",
        error.getMessage());
    ImputePipeline.requireConditions(
        TestData.PERSON, "that of in/b.avro", TestData.MODEL, HouseholdContext.none());
  }
}
