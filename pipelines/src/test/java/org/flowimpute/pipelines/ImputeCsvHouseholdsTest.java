package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.HouseholdFakeModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A household job on CSV (and Avro) input: a row that cannot be read dead-letters its whole
 * household, which is not imputed as a smaller one; counts balance (read = imputed + dead letters).
 */
class ImputeCsvHouseholdsTest {

  @TempDir Path dir;

  /**
   * Household h2's second member has a cell too few (a truncated row): its cells cannot be matched
   * to the header, but the household id is read where the header has it, so h2 (3 members) goes to
   * dead letters whole: the row's decode dead letter and two validate ones naming the row (data row
   * 4: sources count the rows after the header).
   */
  @Test
  void aRowWithTooFewCellsDeadLettersItsWholeHousehold() throws IOException {
    Path input =
        Files.writeString(
            dir.resolve("people.csv"),
            "household_id,person_id,age,weight\n"
                + "h1,p1,40,1.5\n"
                + "h2,p2,35,1.0\n"
                + "h1,p3,12,1.5\n"
                + "h2,p4,33\n"
                + "h3,p5,70,2.0\n"
                + "h2,p6,5,1.0\n");

    List<GenericRecord>[] out = run(input);

    assertEquals(Set.of("p1", "p3", "p5"), ids(out[0], "person_id"));
    assertEquals(6, out[0].size() + out[1].size(), "read = imputed + dead letters");
    assertEquals(3, out[1].size(), out[1].toString());
    long decode = out[1].stream().filter(d -> d.get("stage").toString().equals("decode")).count();
    assertEquals(1, decode, out[1].toString());
    for (GenericRecord letter : out[1]) {
      if (letter.get("stage").toString().equals("validate")) {
        String message = letter.get("message").toString();
        assertTrue(message.contains("household 'h2'"), message);
        assertTrue(message.contains("people.csv:4 (3 cells for a header of 4;"), message);
      }
    }
  }

  /** A row with a cell too many (an unquoted comma) likewise. */
  @Test
  void aRowWithTooManyCellsDeadLettersItsWholeHousehold() throws IOException {
    Path input =
        Files.writeString(
            dir.resolve("people.csv"),
            "household_id,person_id,age,weight\n"
                + "h1,p1,40,1.5\n"
                + "h2,p2,35,1.0\n"
                + "h2,p4,33,1,0\n"
                + "h2,p6,5,1.0\n");

    List<GenericRecord>[] out = run(input);

    assertEquals(Set.of("p1"), ids(out[0], "person_id"));
    assertEquals(3, out[1].size(), out[1].toString());
  }

  /**
   * Avro files of a glob: h2's member in the second file has a null age, which the job's schema
   * (the first file's) cannot hold. Its two housemates in the first file were imputed as a
   * household of 2; now h2 goes to dead letters whole (the record's decode dead letter, read as
   * written, names its household).
   */
  @Test
  void anAvroRecordTheSchemaCannotHoldDeadLettersItsWholeHousehold() throws IOException {
    Schema required = person(SchemaBuilder.builder().doubleType());
    Schema optional = person(SchemaBuilder.builder().nullable().doubleType());
    AvroFiles.write(
        dir.resolve("a.avro"),
        required,
        List.of(
            member(required, "h1", "p1", 40.0),
            member(required, "h2", "p2", 35.0),
            member(required, "h1", "p3", 12.0),
            member(required, "h2", "p6", 5.0)));
    AvroFiles.write(
        dir.resolve("b.avro"),
        optional,
        List.of(member(optional, "h2", "p4", null), member(optional, "h3", "p5", 70.0)));

    List<GenericRecord>[] out = run(dir.resolve("*.avro"));

    assertEquals(Set.of("p1", "p3", "p5"), ids(out[0], "person_id"));
    assertEquals(6, out[0].size() + out[1].size(), "read = imputed + dead letters");
    assertEquals(3, out[1].size(), out[1].toString());
    for (GenericRecord letter : out[1]) {
      if (letter.get("stage").toString().equals("validate")) {
        String message = letter.get("message").toString();
        assertTrue(message.contains("household 'h2'"), message);
        assertTrue(message.contains("b.avro:1 could not be read"), message);
      }
    }
  }

  private static Schema person(Schema age) {
    return SchemaBuilder.record("Person")
        .namespace("org.flowimpute.test")
        .fields()
        .requiredString("household_id")
        .requiredString("person_id")
        .name("age")
        .type(age)
        .noDefault()
        .requiredDouble("weight")
        .endRecord();
  }

  private static GenericRecord member(Schema schema, String household, String id, Double age) {
    GenericData.Record record = new GenericData.Record(schema);
    record.put("household_id", household);
    record.put("person_id", id);
    record.put("age", age);
    record.put("weight", 1.0);
    return record;
  }

  @SuppressWarnings("unchecked")
  private List<GenericRecord>[] run(Path input) {
    ImputeOptions options = PipelineOptionsFactory.create().as(ImputeOptions.class);
    options.setModel("unused-by-the-fake-model");
    options.setInput(input.toString());
    options.setOutput(dir.resolve("out").resolve("imputed").toString());
    options.setKeyField("person_id");
    Pipeline pipeline = Pipeline.create(options);
    ImputePipeline.build(pipeline, options, new HouseholdFakeModel());
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return new List[] {
      AvroFiles.readShards(dir.resolve("out"), "imputed-0"),
      AvroFiles.readShards(dir.resolve("out"), "imputed-dead-letters")
    };
  }

  private static Set<String> ids(List<GenericRecord> records, String field) {
    Set<String> out = new TreeSet<>();
    for (GenericRecord record : records) {
      out.add(record.get(field).toString());
    }
    return out;
  }
}
