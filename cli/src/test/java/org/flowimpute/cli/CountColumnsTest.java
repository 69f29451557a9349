package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.table.TableFormat;
import org.flowimpute.table.TableWriter;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A household model's count features are written to CSV as whole numbers ({@code 3}, was {@code
 * 3.0}); other doubles keep their form, and Avro keeps the features' {@code double} type.
 */
class CountColumnsTest {

  private static final Schema SCHEMA =
      SchemaBuilder.record("Out")
          .fields()
          .requiredString("person_id")
          .requiredDouble("household_size")
          .optionalDouble("household_children")
          .requiredDouble("wage_income")
          .endRecord();

  @TempDir Path temp;

  @Test
  void countFeaturesAreWholeNumbersInCsvAndDoublesInAvro() throws Exception {
    GenericData.Record row = new GenericData.Record(SCHEMA);
    row.put("person_id", "p1");
    row.put("household_size", 3.0);
    row.put("household_children", 1.0);
    row.put("wage_income", 2.0);
    GenericData.Record noChildren = new GenericData.Record(SCHEMA);
    noChildren.put("person_id", "p2");
    noChildren.put("household_size", 1.0);
    noChildren.put("wage_income", 1500.5);
    TextColumnTypes types = new TextColumnTypes(Map.of());
    List<String> counts = List.of("household_size", "household_children");

    Path csv = temp.resolve("out.csv");
    try (TableWriter writer = types.writer(csv, TableFormat.CSV, SCHEMA, counts)) {
      writer.write(row);
      writer.write(noChildren);
    }
    Path avro = temp.resolve("out.avro");
    try (TableWriter writer = types.writer(avro, TableFormat.AVRO, SCHEMA, counts)) {
      writer.write(row);
    }

    assertEquals(
        List.of(
            "person_id,household_size,household_children,wage_income",
            "p1,3,1,2.0",
            "p2,1,,1500.5"),
        Files.readAllLines(csv));
    List<GenericRecord> read = Tables.readAll(avro);
    assertEquals(
        SCHEMA.getField("household_size").schema(),
        read.get(0).getSchema().getField("household_size").schema());
    assertEquals(3.0, read.get(0).get("household_size"));
  }
}
