package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class TargetTableTest {

  private static final Schema ROW =
      SchemaBuilder.record("Row")
          .fields()
          .requiredDouble("income")
          .requiredString("region")
          .requiredDouble("weight")
          .endRecord();

  @Test
  void readsTargetsWeightsAndGroupsRowByRow() {
    TargetTable table =
        TargetTable.of(
            List.of(row(10.0, "north", 2.0), row(-5.5, "south", 0.5)),
            List.of("income"),
            "weight",
            List.of("region"),
            "real");

    assertArrayEquals(new double[] {10.0}, table.values()[0]);
    assertArrayEquals(new double[] {-5.5}, table.values()[1]);
    assertArrayEquals(new double[] {2.0, 0.5}, table.weights());
    assertArrayEquals(new String[] {"north", "south"}, table.groups().get("region"));
  }

  /** A target listed twice would count twice in the multivariate metrics (pMSE, correlations). */
  @Test
  void aTargetListedTwiceIsRefused() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TargetTable.of(
                    List.of(row(1.0, "north", 1.0)),
                    List.of("income", "income"),
                    null,
                    List.of(),
                    "real"));

    assertEquals(
        "targets [income, income] name a column more than once; each target counts once",
        error.getMessage());
  }

  private static GenericRecord row(double income, String region, double weight) {
    GenericData.Record row = new GenericData.Record(ROW);
    row.put("income", income);
    row.put("region", region);
    row.put("weight", weight);
    return row;
  }
}
