package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.FakeModelJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV file read after the first whose header lacks a condition column of the model (or the key
 * column) that the job's record schema has: each of its rows is a {@code decode} {@code
 * missing_field} dead letter naming the file, the row and the column as absent from the header
 * (validation called each value "null or empty", as if the cells were blank), and the job goes on
 * with its other files, its counts balanced.
 */
class ImputeCsvConditionColumnsTest {

  @TempDir Path dir;

  @Test
  void rowsOfALaterFileWithoutAConditionColumnAreDeadLettersNamingTheColumnAsAbsent()
      throws IOException {
    write("a.csv", "person_id,age,region,weight\n1,30,north,2.5\n2,40,south,3\n");
    write("b.csv", "person_id,age,weight\n3,50,1\n4,60,1\n5,70,1\n");

    FakeModelJobs.run(FakeModelJobs.options(dir, "*.csv"));

    assertEquals(List.of("1", "2"), imputedIds());
    List<GenericRecord> letters = deadLetters();
    assertEquals(3, letters.size(), letters.toString());
    for (GenericRecord letter : letters) {
      String message = letter.get("message").toString();
      assertEquals("decode", letter.get("stage").toString(), message);
      assertEquals("missing_field", letter.get("error_class").toString(), message);
      assertEquals("region", letter.get("field").toString(), message);
      assertTrue(letter.get("source").toString().startsWith(dir.resolve("b.csv") + ":"), message);
      assertTrue(message.startsWith(dir.resolve("b.csv") + ":"), message);
      assertTrue(
          message.contains(
              "the header of this file has no column 'region', a condition of the model, which the"
                  + " job's record schema,"),
          message);
      assertTrue(message.contains("that of " + dir.resolve("a.csv")), message);
      assertFalse(message.contains("null or empty"), message);
    }
  }

  @Test
  void rowsOfALaterFileWithoutTheKeyColumnAreDeadLettersNamingTheColumnAsAbsent()
      throws IOException {
    write("a.csv", "person_id,age,region,weight\n1,30,north,2.5\n");
    write("b.csv", "age,region,weight\n50,east,1\n");
    ImputeOptions options = FakeModelJobs.options(dir, "*.csv");
    options.setKeyField("person_id");

    FakeModelJobs.run(options);

    assertEquals(List.of("1"), imputedIds());
    List<GenericRecord> letters = deadLetters();
    assertEquals(1, letters.size(), letters.toString());
    String message = letters.get(0).get("message").toString();
    assertEquals("person_id", letters.get(0).get("field").toString(), message);
    assertTrue(
        message.contains(
            "has no column 'person_id', the record key field (--keyField), which the job's record"
                + " schema"),
        message);
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

  private List<GenericRecord> deadLetters() throws IOException {
    return new ArrayList<>(AvroFiles.readShards(dir.resolve("out"), "imputed-dead-letters"));
  }
}
