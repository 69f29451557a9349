package org.flowimpute.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet files as Spark writes them (no Avro schema in the footer, decimals of up to 18 digits in
 * INT32/INT64) are read with their decimals' values, not their unscaled integers.
 */
class ParquetDecimalsTest {

  /** Spark's layout for DECIMAL(9,2) and DECIMAL(18,4) columns. */
  static final MessageType SPARK_SCHEMA =
      MessageTypeParser.parseMessageType(
          "message spark_schema {\n"
              + "  optional binary person_id (STRING);\n"
              + "  optional int32 age (DECIMAL(9,2));\n"
              + "  required int64 wage (DECIMAL(18,4));\n"
              + "  optional int64 household_size;\n"
              + "}");

  @TempDir Path dir;

  @Test
  void integerDecimalsAreReadAsTheirValues() throws IOException {
    Path file = writeSpark(dir.resolve("people.parquet"));

    List<GenericRecord> records = new ArrayList<>();
    Schema schema;
    try (TableReader reader = Tables.reader(file)) {
      schema = reader.schema();
      reader.forEachRemaining(records::add);
    }

    assertEquals(
        SchemaBuilder.unionOf().nullType().and().doubleType().endUnion(),
        schema.getField("age").schema());
    assertEquals(Schema.create(Schema.Type.DOUBLE), schema.getField("wage").schema());
    assertEquals(
        SchemaBuilder.unionOf().nullType().and().longType().endUnion(),
        schema.getField("household_size").schema(),
        "plain integers stay integers");
    assertEquals(3, records.size());
    assertEquals(31.0, records.get(0).get("age"));
    assertEquals(687.9612, records.get(0).get("wage"));
    assertEquals(2L, records.get(0).get("household_size"));
    assertEquals(-0.05, records.get(1).get("age"));
    assertEquals(-12.5, records.get(1).get("wage"));
    assertNull(records.get(2).get("age"), "a null decimal stays null");
    assertEquals("p3", records.get(2).get("person_id").toString());
  }

  @Test
  void aReaderSchemaAskingForAnIntegerDecimalIsRefusedNamingTheColumn() throws IOException {
    Path file = writeSpark(dir.resolve("people.parquet"));
    Schema wanted = SchemaBuilder.record("people").fields().optionalDouble("age").endRecord();

    TableException error = assertThrows(TableException.class, () -> Tables.reader(file, wanted));

    assertTrue(
        error.getMessage().startsWith(file + ": column 'age' is a DECIMAL stored as an integer"),
        error.getMessage());
  }

  /** Three rows: 31.00 / 687.9612, -0.05 / -12.5, null / 0. */
  static Path writeSpark(Path file) throws IOException {
    SimpleGroupFactory groups = new SimpleGroupFactory(SPARK_SCHEMA);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withType(SPARK_SCHEMA)
            .withConf(new PlainParquetConfiguration())
            .build()) {
      writer.write(
          groups
              .newGroup()
              .append("person_id", "p1")
              .append("age", 3100)
              .append("wage", 6_879_612L)
              .append("household_size", 2L));
      writer.write(
          groups
              .newGroup()
              .append("person_id", "p2")
              .append("age", -5)
              .append("wage", -125_000L)
              .append("household_size", 1L));
      writer.write(
          groups
              .newGroup()
              .append("person_id", "p3")
              .append("wage", 0L)
              .append("household_size", 4L));
    }
    return file;
  }
}
