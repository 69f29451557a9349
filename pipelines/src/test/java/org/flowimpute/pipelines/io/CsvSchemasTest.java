package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.avro.Schema;
import org.flowimpute.pipelines.testing.HouseholdFakeModel;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.values.ModelFields;
import org.junit.jupiter.api.Test;

class CsvSchemasTest {

  private static final List<String> HEADER = List.of("id", "age", "income", "weight");

  /**
   * A target column is read as text unless the model keeps the targets records hold: the model
   * replaces it, so a cell such as {@code NA} (which {@code generate} imputes over) made the row a
   * dead letter of {@code impute}.
   */
  @Test
  void aTargetColumnIsANumberOnlyForAModelThatKeepsObservedTargets() {
    ModelFields replacing = TestData.MODEL;
    ModelFields keeping =
        new ModelFields(
            replacing.modelId(),
            replacing.conditions(),
            replacing.targets(),
            replacing.weightField(),
            true);

    assertEquals(Schema.Type.STRING, valueType(CsvSchemas.forHeader(HEADER, replacing), "income"));
    assertEquals(Schema.Type.DOUBLE, valueType(CsvSchemas.forHeader(HEADER, keeping), "income"));
    assertEquals(Schema.Type.DOUBLE, valueType(CsvSchemas.forHeader(HEADER, replacing), "age"));
    assertEquals(Schema.Type.DOUBLE, valueType(CsvSchemas.forHeader(HEADER, replacing), "weight"));
  }

  /**
   * A column of a field a household model computes is read as text, though the feature is a numeric
   * condition: its cells are never read, so {@code 8+} in {@code household_size} made the row (and
   * its whole household) a dead letter of {@code impute}, where {@code generate} replaces it.
   */
  @Test
  void aColumnTheHouseholdModelComputesIsText() {
    List<String> header =
        List.of("household_id", "household_size", "age", "household_wage_income_total");
    ModelFields household = HouseholdFakeModel.FIELDS;

    Schema schema = CsvSchemas.forHeader(header, household);

    assertEquals(Schema.Type.STRING, valueType(schema, "household_size"));
    assertEquals(Schema.Type.STRING, valueType(schema, "household_wage_income_total"));
    assertEquals(Schema.Type.DOUBLE, valueType(CsvSchemas.forHeader(HEADER, household), "weight"));
  }

  private static Schema.Type valueType(Schema schema, String field) {
    return schema.getField(field).schema().getTypes().get(1).getType();
  }
}
