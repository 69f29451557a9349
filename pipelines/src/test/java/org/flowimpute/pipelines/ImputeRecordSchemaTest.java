package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.FakeModelJobs;
import org.flowimpute.pipelines.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --recordSchema} in the batch job: CSV columns the model does not type (an id, a count, a
 * code) take the schema's types in the imputed files instead of text, a cell that does not read as
 * its field's type is a {@code decode} dead letter naming the field, and Avro files are read as the
 * given schema (a field it leaves out is not written, one it adds takes its default).
 */
class ImputeRecordSchemaTest {

  private static final Schema TYPED_PERSON =
      TestData.personSchema(
          "TypedPerson",
          List.of(field("person_id", Schema.Type.LONG)),
          List.of(
              new Schema.Field(
                  "children",
                  Schema.createUnion(
                      Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.INT)),
                  null,
                  Schema.Field.NULL_DEFAULT_VALUE),
              field("area_code", Schema.Type.STRING)));

  @TempDir Path dir;

  @Test
  void csvColumnsTakeTheGivenTypesAndACellOfAnotherTypeIsADeadLetterNamingTheField()
      throws IOException {
    Files.writeString(
        dir.resolve("people.csv"),
        String.join(
            "\n",
            "person_id,age,region,weight,children,area_code",
            "17,30,north,1,2,007",
            "18,40,south,1.5,,012",
            "x19,50,east,2,1,020",
            "20,60,east,2,1.5,030",
            ""),
        StandardCharsets.UTF_8);
    ImputeOptions options = FakeModelJobs.options(dir, "people.csv");
    options.setRecordSchema(writeSchema(TYPED_PERSON).toString());

    FakeModelJobs.run(options);

    Schema written = AvroFiles.shardSchema(dir.resolve("out"), "imputed-0");
    assertEquals(Schema.Type.LONG, written.getField("person_id").schema().getType());
    assertEquals(TYPED_PERSON.getField("children").schema(), written.getField("children").schema());
    Map<Long, String> imputed = new TreeMap<>();
    for (GenericRecord record : AvroFiles.readShards(dir.resolve("out"), "imputed-0")) {
      imputed.put(
          (Long) record.get("person_id"), record.get("children") + "/" + record.get("area_code"));
    }
    assertEquals(Map.of(17L, "2/007", 18L, "null/012"), imputed);
    Map<String, String> deadLetters = new TreeMap<>();
    for (GenericRecord letter : AvroFiles.readShards(dir.resolve("out"), "imputed-dead-letters")) {
      assertEquals("decode", letter.get("stage").toString(), letter.toString());
      deadLetters.put(
          letter.get("source").toString().replace(dir.resolve("people.csv") + ":", "row "),
          String.valueOf(letter.get("field")));
    }
    assertEquals(Map.of("row 3", "person_id", "row 4", "children"), deadLetters);
  }

  @Test
  void avroFilesAreReadAsTheGivenSchema() throws IOException {
    AvroFiles.write(dir.resolve("people.avro"), TestData.PERSON, TestData.people(6));
    Schema reader =
        TestData.personSchema(
            "Person",
            List.of(),
            List.of(new Schema.Field("wave", Schema.create(Schema.Type.INT), null, 3)));
    ImputeOptions options = FakeModelJobs.options(dir, "people.avro");
    options.setRecordSchema(writeSchema(reader).toString());

    FakeModelJobs.run(options);

    List<GenericRecord> imputed = AvroFiles.readShards(dir.resolve("out"), "imputed-0");
    assertEquals(6, imputed.size());
    for (GenericRecord record : imputed) {
      assertNull(record.getSchema().getField("id"), record.toString());
      assertEquals(3, record.get("wave"));
    }
  }

  @Test
  void aGivenSchemaWithoutAConditionIsRefusedNamingTheSchemaFile() throws IOException {
    Files.writeString(
        dir.resolve("people.csv"),
        "person_id,age,region,weight\n1,30,north,1\n",
        StandardCharsets.UTF_8);
    Schema withoutRegion =
        Schema.createRecord(
            "P",
            null,
            null,
            false,
            List.of(
                field("person_id", Schema.Type.LONG),
                field("age", Schema.Type.DOUBLE),
                field("weight", Schema.Type.DOUBLE)));
    Path schemaFile = writeSchema(withoutRegion);
    ImputeOptions options = FakeModelJobs.options(dir, "people.csv");
    options.setRecordSchema(schemaFile.toString());

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImputePipeline.build(Pipeline.create(options), options, FakeModelJobs.model()));

    assertTrue(error.getMessage().contains("--recordSchema " + schemaFile), error.getMessage());
    assertTrue(error.getMessage().contains("region"), error.getMessage());
  }

  private static Schema.Field field(String name, Schema.Type type) {
    return new Schema.Field(name, Schema.create(type));
  }

  private Path writeSchema(Schema schema) throws IOException {
    Path file = dir.resolve("schema-" + schema.getName() + ".avsc");
    Files.writeString(file, schema.toString(true), StandardCharsets.UTF_8);
    return file;
  }
}
