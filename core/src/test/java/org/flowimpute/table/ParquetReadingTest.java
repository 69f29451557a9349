package org.flowimpute.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet files as Spark and pyarrow write them (no Avro schema in the footer) are read by local
 * tables as the Beam jobs read them ({@link ParquetReading}).
 */
class ParquetReadingTest {

  @TempDir Path dir;

  /**
   * A standard 3-level list is read as its elements (was: one-field {@code element} records), a
   * UUID as its string, also with a reader schema (was: every row failed, the projection turned the
   * UUID into a string column the file does not have).
   */
  @Test
  void standardListsAndUuidsAreReadAsTheirValues() throws IOException {
    Path file =
        write(
            "message spark_schema { required binary id (STRING); optional group tags (LIST) {"
                + " repeated group list { optional binary element (STRING); } } optional"
                + " fixed_len_byte_array(16) uid (UUID); }",
            row -> {
              Group tags = row.append("id", "p0").addGroup("tags");
              tags.addGroup("list").append("element", "t0");
              tags.addGroup("list").append("element", "u0");
              row.append("uid", Binary.fromConstantByteArray(uuidBytes()));
            });

    List<GenericRecord> records = Tables.readAll(file);

    assertEquals(
        Schema.createArray(SchemaBuilder.unionOf().nullType().and().stringType().endUnion()),
        records.get(0).getSchema().getField("tags").schema().getTypes().get(1));
    assertEquals("[t0, u0]", records.get(0).get("tags").toString());
    assertEquals("00000000-0000-0000-0000-000000000001", records.get(0).get("uid").toString());

    Schema wanted =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"uid\",\"type\":"
                    + "[\"null\",{\"type\":\"string\",\"logicalType\":\"uuid\"}],\"default\":null}]}");
    try (TableReader reader = Tables.reader(file, wanted)) {
      assertEquals("00000000-0000-0000-0000-000000000001", reader.next().get("uid").toString());
    }
  }

  /** Legacy 2-level lists (parquet-avro's old structure, repeated primitives) keep their shape. */
  @Test
  void legacyTwoLevelListsKeepTheirShape() throws IOException {
    Path file =
        write(
            "message legacy { required group names (LIST) { repeated binary array (STRING); }"
                + " required group pairs (LIST) { repeated group array { required int32 n; } } }",
            row -> {
              Group names = row.addGroup("names");
              names.append("array", "a").append("array", "b");
              row.addGroup("pairs").addGroup("array").append("n", 7);
            });

    GenericRecord record = Tables.readAll(file).get(0);

    assertEquals("[a, b]", record.get("names").toString());
    assertEquals("[{\"n\": 7}]", record.get("pairs").toString());
  }

  /** Spark's default timestamp type is read as the 12 bytes it is (was: the file was refused). */
  @Test
  void int96TimestampsAreReadAsTwelveBytes() throws IOException {
    byte[] int96 = new byte[12];
    int96[8] = 1;
    Path file =
        write(
            "message spark_schema { required binary id (STRING); optional int96 ts; }",
            row -> row.append("id", "p0").append("ts", Binary.fromConstantByteArray(int96)));

    GenericRecord record = Tables.readAll(file).get(0);

    Schema ts = record.getSchema().getField("ts").schema().getTypes().get(1);
    assertEquals(Schema.Type.FIXED, ts.getType());
    assertEquals(12, ts.getFixedSize());
    assertEquals(
        Arrays.toString(int96), Arrays.toString(((GenericData.Fixed) record.get("ts")).bytes()));
  }

  /**
   * A cut file's error names its path, not {@code LocalInputFile@3738717d}, and says its footer is
   * missing (until 2026-12-04: "… is not a Parquet file. Expected magic number at tail …").
   */
  @Test
  void aFileThatIsNotParquetIsNamedByItsPath() throws IOException {
    Path file =
        write(
            "message spark_schema { required binary id (STRING); }", row -> row.append("id", "p0"));
    Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 10));

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(file));

    assertTrue(
        error.getMessage().startsWith(file + ": not a complete Parquet file: its footer"),
        error.getMessage());
    assertFalse(error.getMessage().contains("LocalInputFile@"), error.getMessage());
  }

  /**
   * Column names pandas and Spark allow but Avro does not are named with the rule, all of them and
   * in one line (was: "not a readable Parquet file: Illegal character in: home region").
   */
  @Test
  void columnNamesThatAreNotAvroNamesAreNamedWithTheRule() throws IOException {
    MessageType pandas =
        Types.buildMessage()
            .optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("home region")
            .optional(PrimitiveTypeName.INT64)
            .named("a-b")
            .optional(PrimitiveTypeName.INT64)
            .named("ok")
            .optionalGroup()
            .optional(PrimitiveTypeName.INT64)
            .named("1st")
            .named("s")
            .named("schema");
    Path file = write(pandas, row -> row.append("ok", 1L));

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(file));

    assertEquals(
        file
            + ": column names 'home region', 'a-b', 's.1st' are not valid Avro names (letters,"
            + " digits and _, not starting with a digit): Parquet columns are read as Avro fields,"
            + " kept under their names in the output; rename them where the file is written"
            + " (pandas: df.rename(columns=...), Spark: withColumnRenamed)",
        error.getMessage());
  }

  private static byte[] uuidBytes() {
    byte[] uuid = new byte[16];
    uuid[15] = 1;
    return uuid;
  }

  /** One row of {@code messageType}, filled by {@code fill}, as parquet-hadoop writes it. */
  private Path write(String messageType, Consumer<Group> fill) throws IOException {
    return write(MessageTypeParser.parseMessageType(messageType), fill);
  }

  /** One row of {@code type}, filled by {@code fill}, as parquet-hadoop writes it. */
  private Path write(MessageType type, Consumer<Group> fill) throws IOException {
    Path file = dir.resolve("t.parquet");
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withType(type)
            .withConf(new PlainParquetConfiguration())
            .build()) {
      Group row = new SimpleGroupFactory(type).newGroup();
      fill.accept(row);
      writer.write(row);
    }
    return file;
  }
}
