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
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.FakeModelJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Survey weights are never dropped without a word when the job's record schema and the input
 * disagree about the weight field: a weight field named on purpose must be in the schema, a given
 * schema must hold the weight field the first file holds, and a CSV file whose header holds the
 * weight column the schema lacks (or lacks the schema's), or an Avro or Parquet file whose schema
 * holds the weight field the job's record schema lacks (or lacks the job's), has its records set
 * aside saying so.
 */
class ImputeWeightColumnTest {

  private static final String WITH_WEIGHT =
      "person_id,age,region,weight\n1,30,north,2.5\n2,40,south,3\n";
  private static final String WITHOUT_WEIGHT = "person_id,age,region\n3,50,east\n4,60,north\n";

  /** The people of {@link #WITH_WEIGHT} as records. */
  private static final Schema WEIGHED =
      SchemaBuilder.record("People")
          .fields()
          .requiredString("person_id")
          .requiredDouble("age")
          .requiredString("region")
          .requiredDouble("weight")
          .endRecord();

  /** The people of {@link #WITHOUT_WEIGHT} as records. */
  private static final Schema UNWEIGHED =
      SchemaBuilder.record("People")
          .fields()
          .requiredString("person_id")
          .requiredDouble("age")
          .requiredString("region")
          .endRecord();

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

  @Test
  void recordsOfAnAvroFileWhoseWeightFieldTheFirstFileLacksAreDeadLettersNamingFileAndField()
      throws IOException {
    AvroFiles.write(dir.resolve("a.avro"), UNWEIGHED, unweighed());
    AvroFiles.write(dir.resolve("b.avro"), WEIGHED, weighed());

    FakeModelJobs.run(FakeModelJobs.options(dir, "*.avro"));

    assertWeightDropped("b.avro", "a.avro");
  }

  @Test
  void recordsOfAnAvroFileWithoutTheSchemasWeightFieldAreDeadLettersSayingItIsAbsent()
      throws IOException {
    AvroFiles.write(dir.resolve("a.avro"), WEIGHED, weighed());
    AvroFiles.write(dir.resolve("b.avro"), UNWEIGHED, unweighed());

    FakeModelJobs.run(FakeModelJobs.options(dir, "*.avro"));

    assertWeightAbsent("b.avro", "a.avro");
  }

  @Test
  void recordsOfAParquetFileWhoseWeightFieldTheFirstFileLacksAreDeadLettersNamingFileAndField()
      throws IOException {
    writeParquet("a.parquet", UNWEIGHED, unweighed());
    writeParquet("b.parquet", WEIGHED, weighed());

    FakeModelJobs.run(FakeModelJobs.options(dir, "*.parquet"));

    assertWeightDropped("b.parquet", "a.parquet");
  }

  @Test
  void recordsOfAParquetFileWithoutTheSchemasWeightFieldAreDeadLettersSayingItIsAbsent()
      throws IOException {
    writeParquet("a.parquet", WEIGHED, weighed());
    writeParquet("b.parquet", UNWEIGHED, unweighed());

    FakeModelJobs.run(FakeModelJobs.options(dir, "*.parquet"));

    assertWeightAbsent("b.parquet", "a.parquet");
  }

  /**
   * Only the records of the file without weights (3 and 4) were imputed, and each weighed record of
   * {@code weighed} is a dead letter saying the schema of {@code first} lacks the weight field.
   */
  private void assertWeightDropped(String weighed, String first) throws IOException {
    assertEquals(List.of("3", "4"), imputedIds());
    Map<String, String> letters = deadLetters();
    assertEquals(2, letters.size(), letters.toString());
    for (Map.Entry<String, String> letter : letters.entrySet()) {
      assertTrue(letter.getKey().startsWith(dir.resolve(weighed) + ":"), letter.getKey());
      assertTrue(
          letter.getValue().startsWith("weight: ")
              && letter.getValue().contains("the file's schema has field 'weight'"),
          letter.getValue());
      assertTrue(letter.getValue().contains("that of " + dir.resolve(first)), letter.getValue());
      assertTrue(letter.getValue().contains("has no such field"), letter.getValue());
    }
  }

  /**
   * The weighed records of {@code first} were imputed with their weights, and each record of {@code
   * unweighed} is a dead letter saying its file's schema lacks the weight field.
   */
  private void assertWeightAbsent(String unweighed, String first) throws IOException {
    assertEquals(List.of("1", "2"), imputedIds());
    assertEquals(
        List.of(2.5, 3.0),
        AvroFiles.readShards(dir.resolve("out"), "imputed-0").stream()
            .map(record -> (Double) record.get("weight"))
            .sorted()
            .toList());
    Map<String, String> letters = deadLetters();
    assertEquals(2, letters.size(), letters.toString());
    for (Map.Entry<String, String> letter : letters.entrySet()) {
      assertTrue(letter.getKey().startsWith(dir.resolve(unweighed) + ":"), letter.getKey());
      assertTrue(
          letter.getValue().startsWith("weight: ")
              && letter.getValue().contains("the file's schema has no field 'weight'"),
          letter.getValue());
      assertTrue(letter.getValue().contains("that of " + dir.resolve(first)), letter.getValue());
    }
  }

  /** The people of {@link #WITH_WEIGHT}. */
  private static List<GenericRecord> weighed() {
    return List.of(person(WEIGHED, "1", 30, "north", 2.5), person(WEIGHED, "2", 40, "south", 3));
  }

  /** The people of {@link #WITHOUT_WEIGHT}. */
  private static List<GenericRecord> unweighed() {
    return List.of(
        person(UNWEIGHED, "3", 50, "east", null), person(UNWEIGHED, "4", 60, "north", null));
  }

  private static GenericRecord person(
      Schema schema, String id, double age, String region, Number weight) {
    GenericData.Record record = new GenericData.Record(schema);
    record.put("person_id", id);
    record.put("age", age);
    record.put("region", region);
    if (weight != null) {
      record.put("weight", weight.doubleValue());
    }
    return record;
  }

  private void writeParquet(String name, Schema schema, List<GenericRecord> records)
      throws IOException {
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(dir.resolve(name)))
            .withSchema(schema)
            .build()) {
      for (GenericRecord record : records) {
        writer.write(record);
      }
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
