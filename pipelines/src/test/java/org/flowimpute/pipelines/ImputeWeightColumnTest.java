package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Survey weights are never dropped without a word when the job's record schema and the input
 * disagree about the weight field: a weight field named on purpose must be in the schema, a given
 * schema must hold the weight field the first file holds, and a CSV file whose header holds the
 * weight column the schema lacks (or lacks the schema's) has its rows set aside saying so.
 */
class ImputeWeightColumnTest {

  private static final String WITH_WEIGHT =
      "person_id,age,region,weight\n1,30,north,2.5\n2,40,south,3\n";
  private static final String WITHOUT_WEIGHT = "person_id,age,region\n3,50,east\n4,60,north\n";

  @TempDir Path dir;

  @Test
  void aWeightFieldNamedOnPurposeMustBeAFieldEvenWhenItIsTheDefault() throws IOException {
    write("people.csv", WITHOUT_WEIGHT);
    ImputeOptions options = FakeModelJobs.options(dir, "people.csv");
    options.setWeightFieldRequired(true);

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImputePipeline.build(Pipeline.create(options), options, FakeModelJobs.model()));

    assertTrue(error.getMessage().contains("weight field 'weight'"), error.getMessage());
    assertTrue(
        error.getMessage().contains(dir.resolve("people.csv").toString()), error.getMessage());
  }

  @Test
  void aGivenSchemaWithoutTheWeightTheFirstFileHoldsIsRefusedNamingBoth() throws IOException {
    write("people.csv", WITH_WEIGHT);
    Schema noWeight =
        Schema.createRecord(
            "P",
            null,
            null,
            false,
            List.of(
                new Schema.Field("person_id", Schema.create(Schema.Type.LONG)),
                new Schema.Field("age", Schema.create(Schema.Type.DOUBLE)),
                new Schema.Field("region", Schema.create(Schema.Type.STRING))));
    Path schemaFile = dir.resolve("noweight.avsc");
    Files.writeString(schemaFile, noWeight.toString(true), StandardCharsets.UTF_8);
    ImputeOptions options = FakeModelJobs.options(dir, "people.csv");
    options.setRecordSchema(schemaFile.toString());

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImputePipeline.build(Pipeline.create(options), options, FakeModelJobs.model()));

    assertTrue(error.getMessage().contains(schemaFile.toString()), error.getMessage());
    assertTrue(
        error.getMessage().contains(dir.resolve("people.csv").toString()), error.getMessage());
    assertTrue(error.getMessage().contains("'weight'"), error.getMessage());
  }

  @Test
  void rowsOfAFileWhoseWeightColumnTheFirstFileLacksAreDeadLettersNamingFileAndField()
      throws IOException {
    write("a.csv", WITHOUT_WEIGHT);
    write("b.csv", WITH_WEIGHT);

    FakeModelJobs.run(FakeModelJobs.options(dir, "*.csv"));

    assertEquals(List.of("3", "4"), imputedIds());
    Map<String, String> letters = deadLetters();
    assertEquals(2, letters.size(), letters.toString());
    for (Map.Entry<String, String> letter : letters.entrySet()) {
      assertTrue(letter.getKey().startsWith(dir.resolve("b.csv") + ":"), letter.getKey());
      assertTrue(
          letter.getValue().startsWith("weight: ")
              && letter.getValue().contains("the header has column 'weight'"),
          letter.getValue());
      assertTrue(letter.getValue().contains("that of " + dir.resolve("a.csv")), letter.getValue());
      assertTrue(letter.getValue().contains("has no such field"), letter.getValue());
    }
  }

  @Test
  void rowsOfAFileWithoutTheSchemasWeightColumnAreDeadLettersSayingItIsAbsent() throws IOException {
    write("a.csv", WITH_WEIGHT);
    write("b.csv", WITHOUT_WEIGHT);

    FakeModelJobs.run(FakeModelJobs.options(dir, "*.csv"));

    assertEquals(List.of("1", "2"), imputedIds());
    Map<String, String> letters = deadLetters();
    assertEquals(2, letters.size(), letters.toString());
    for (Map.Entry<String, String> letter : letters.entrySet()) {
      assertTrue(letter.getKey().startsWith(dir.resolve("b.csv") + ":"), letter.getKey());
      assertTrue(
          letter.getValue().startsWith("weight: ")
              && letter.getValue().contains("the header has no column 'weight'"),
          letter.getValue());
      assertTrue(letter.getValue().contains("that of " + dir.resolve("a.csv")), letter.getValue());
    }
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private List<String> imputedIds() throws IOException {
    return AvroFiles.readShards(dir.resolve("out"), "imputed-0").stream()
        .map(record -> record.get("person_id").toString())
        .sorted()
        .toList();
  }

  /** Each dead letter's source, with its field and message. */
  private Map<String, String> deadLetters() throws IOException {
    Map<String, String> letters = new TreeMap<>();
    for (GenericRecord letter : AvroFiles.readShards(dir.resolve("out"), "imputed-dead-letters")) {
      assertEquals("decode", letter.get("stage").toString(), letter.toString());
      letters.put(
          letter.get("source").toString(), letter.get("field") + ": " + letter.get("message"));
    }
    return letters;
  }
}
