package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.FakeModelJobs;
import org.flowimpute.pipelines.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file read after the first with a column (CSV) or field (Avro) the job's record schema, the
 * first file's, lacks: each of its records is a {@code decode/malformed} dead letter naming the
 * file, the row, the column and the schema's origin, where its values were dropped without a word
 * ("imputed 2 of 2 records (0 dead letters)"); the counts stay balanced. With {@code
 * --recordSchema} the files are read as its fields, the column ignored.
 */
class ImputeExtraColumnsTest {

  @TempDir Path dir;

  @Test
  void rowsOfALaterCsvFileWithAnExtraColumnAreDeadLettersAndCountsBalance() throws IOException {
    write("a.csv", "person_id,age,region,weight\n1,30,north,2.5\n");
    write(
        "b.csv", "person_id,age,region,weight,income_reported\n3,50,east,1,52000\n4,60,east,1,7\n");

    JobCounts counts = run(FakeModelJobs.options(dir, "*.csv"));

    assertEquals(List.of("1"), imputedIds());
    List<GenericRecord> letters = deadLetters();
    assertEquals(2, letters.size(), letters.toString());
    for (GenericRecord letter : letters) {
      String message = letter.get("message").toString();
      assertEquals("decode", letter.get("stage").toString(), message);
      assertEquals("malformed", letter.get("error_class").toString(), message);
      assertEquals("income_reported", letter.get("field").toString(), message);
      assertTrue(letter.get("source").toString().startsWith(dir.resolve("b.csv") + ":"), message);
      assertTrue(
          message.startsWith(
              letter.get("source")
                  + ": the header of this file has column 'income_reported' that the job's record"
                  + " schema, that of "
                  + dir.resolve("a.csv")
                  + " (the first file in name order that holds records), lacks"),
          message);
    }
    assertEquals(3, counts.read());
    assertEquals(1, counts.imputed());
    assertEquals(2, counts.deadLetters());
    assertTrue(counts.balanced(), counts.toString());
  }

  @Test
  void withARecordSchemaTheExtraColumnIsNotRead() throws IOException {
    write("a.csv", "person_id,age,region,weight\n1,30,north,2.5\n");
    write("b.csv", "person_id,age,region,weight,income_reported\n3,50,east,1,52000\n");
    Path schema = dir.resolve("p.avsc");
    Files.writeString(
        schema,
        SchemaBuilder.record("P")
            .fields()
            .optionalString("person_id")
            .optionalDouble("age")
            .optionalString("region")
            .optionalDouble("weight")
            .endRecord()
            .toString(),
        StandardCharsets.UTF_8);
    ImputeOptions options = FakeModelJobs.options(dir, "*.csv");
    options.setRecordSchema(schema.toString());

    JobCounts counts = run(options);

    assertEquals(List.of("1", "3"), imputedIds());
    assertEquals(List.of(), deadLetters());
    assertNull(imputed().get(0).getSchema().getField("income_reported"));
    assertTrue(counts.balanced(), counts.toString());
  }

  @Test
  void recordsOfALaterAvroFileWithAnExtraFieldAreDeadLetters() throws IOException {
    Schema noted =
        SchemaBuilder.record("Noted")
            .namespace("org.flowimpute.test")
            .fields()
            .requiredString("id")
            .optionalDouble("age")
            .optionalString("region")
            .requiredDouble("weight")
            .optionalString("note")
            .endRecord();
    GenericData.Record b0 = new GenericData.Record(noted);
    b0.put("id", "b0");
    b0.put("age", 40.0);
    b0.put("region", "north");
    b0.put("weight", 1.0);
    b0.put("note", "kept?");
    AvroFiles.write(dir.resolve("a.avro"), TestData.PERSON, TestData.people(2));
    AvroFiles.write(dir.resolve("b.avro"), noted, List.of(b0));

    JobCounts counts = run(FakeModelJobs.options(dir, "*.avro"));

    List<GenericRecord> letters = deadLetters();
    assertEquals(1, letters.size(), letters.toString());
    assertEquals("note", letters.get(0).get("field").toString());
    assertEquals(
        dir.resolve("b.avro")
            + ":1: the file's schema has field 'note' that the job's record schema, that of "
            + dir.resolve("a.avro")
            + " (the first file in name order that holds records), lacks: its values would be"
            + " dropped; write all files with one schema, or give --recordSchema a schema with"
            + " that field to keep it (one without it drops it knowingly)",
        letters.get(0).get("message").toString());
    assertEquals(2, imputed().size());
    assertEquals(3, counts.read());
    assertTrue(counts.balanced(), counts.toString());
  }

  private JobCounts run(ImputeOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    ImputePipeline.build(pipeline, options, FakeModelJobs.model());
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return JobCounts.of(result);
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private List<GenericRecord> imputed() throws IOException {
    return AvroFiles.readShards(dir.resolve("out"), "imputed-0");
  }

  private List<String> imputedIds() throws IOException {
    return imputed().stream().map(record -> record.get("person_id").toString()).sorted().toList();
  }

  private List<GenericRecord> deadLetters() throws IOException {
    return new ArrayList<>(AvroFiles.readShards(dir.resolve("out"), "imputed-dead-letters"));
  }
}
