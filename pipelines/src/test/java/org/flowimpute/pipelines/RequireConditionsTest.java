package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.values.ConditionField;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.TargetField;
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

  private static Schema person(Schema ageType, Schema regionType) {
    return SchemaBuilder.record("Person")
        .fields()
        .requiredString("id")
        .name("age")
        .type(ageType)
        .noDefault()
        .name("region")
        .type(regionType)
        .noDefault()
        .endRecord();
  }

  private static String refusal(Schema schema) {
    return assertThrows(
            IllegalArgumentException.class,
            () ->
                ImputePipeline.requireConditions(
                    schema,
                    "that of --recordSchema p.avsc",
                    TestData.MODEL,
                    HouseholdContext.none()))
        .getMessage();
  }

  /**
   * A schema typing a condition so that no value of it can be read is refused before the job runs:
   * a --recordSchema with a numeric condition as boolean, or a categorical one as long when the
   * model's categories are words, made every record a dead letter, one by one.
   */
  @Test
  void aConditionTypedSoThatNoValueCanBeReadIsRefused() {
    Schema string = Schema.create(Schema.Type.STRING);
    Schema number = Schema.create(Schema.Type.LONG);
    Schema bool = Schema.create(Schema.Type.BOOLEAN);
    Schema nullableBool = SchemaBuilder.unionOf().nullType().and().booleanType().endUnion();

    assertEquals(
        "condition 'age' of the model cannot be read from the input records, whose schema is that"
            + " of --recordSchema p.avsc: the model reads it as a number (int, long, float, double,"
            + " or numeric text as string), and the schema types it as boolean; every record would"
            + " be a dead letter",
        refusal(person(nullableBool, string)));
    assertEquals(
        "condition 'region' of the model cannot be read from the input records, whose schema is"
            + " that of --recordSchema p.avsc: the schema types it as long, and no such value is one"
            + " of the model's categories [north, south, east]; every record would be a dead"
            + " letter",
        refusal(person(number, number)));
    assertEquals(
        "condition 'region' of the model cannot be read from the input records, whose schema is"
            + " that of --recordSchema p.avsc: the schema types it as enum, and no such value is one"
            + " of the model's categories [north, south, east]; every record would be a dead"
            + " letter",
        refusal(person(number, SchemaBuilder.enumeration("Compass").symbols("n", "s"))));
    assertEquals(
        "condition 'region' of the model cannot be read from the input records, whose schema is"
            + " that of --recordSchema p.avsc: the schema types it as boolean|bytes, and no such"
            + " value is one of the model's categories [north, south, east]; every record"
            + " would be a dead letter",
        refusal(
            person(
                string,
                SchemaBuilder.unionOf()
                    .nullType()
                    .and()
                    .booleanType()
                    .and()
                    .bytesType()
                    .endUnion())));
  }

  /** Types some value of which the model reads pass: text, numbers, a union with one of them. */
  @Test
  void typesSomeValueOfWhichCanBeReadPass() {
    Schema string = Schema.create(Schema.Type.STRING);
    Schema enumOfRegions = SchemaBuilder.enumeration("Region").symbols("north", "other");
    Schema longOrBool = SchemaBuilder.unionOf().longType().and().booleanType().endUnion();

    for (Schema schema :
        List.of(
            person(string, string),
            person(Schema.create(Schema.Type.INT), enumOfRegions),
            person(longOrBool, string))) {
      ImputePipeline.requireConditions(
          schema, "that of --recordSchema p.avsc", TestData.MODEL, HouseholdContext.none());
    }
    ModelFields coded =
        new ModelFields(
            "coded",
            List.of(
                ConditionField.categorical("age", List.of("1", "2")),
                ConditionField.categorical("region", List.of("TRUE", "FALSE"))),
            List.of(TargetField.continuous("income")),
            "weight");
    ImputePipeline.requireConditions(
        person(Schema.create(Schema.Type.DOUBLE), Schema.create(Schema.Type.BOOLEAN)),
        "that of --recordSchema p.avsc",
        coded,
        HouseholdContext.none());
  }
}
