package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watched directory's record schema is chosen as in the batch job: the first file that holds
 * records (a record-less first file with an older schema made every record a dead letter, an empty
 * first file made the stream fail at start).
 */
class DirectoryWatchSourceTest {

  @TempDir Path dir;

  @Test
  void theSchemaComesFromTheFirstFileThatHoldsRecords() throws IOException {
    Schema older = SchemaBuilder.record("Older").fields().requiredString("id").endRecord();
    Files.write(dir.resolve("00.avro"), new byte[0]);
    AvroFiles.write(dir.resolve("01.avro"), older, List.of());
    AvroFiles.write(
        dir.resolve("02.avro"),
        TestData.TIMED_PERSON,
        List.of(TestData.timedPerson("p", 30.0, "north", 1.0, 0L)));

    assertEquals(TestData.TIMED_PERSON, watching().schema());

    Files.delete(dir.resolve("02.avro"));
    assertEquals(older, watching().schema());

    Files.delete(dir.resolve("01.avro"));
    IllegalArgumentException none =
        assertThrows(IllegalArgumentException.class, watching()::schema);
    assertTrue(
        none.getMessage().startsWith("dir://" + dir + ": no file gives the records' schema yet ("),
        none.getMessage());
  }

  /**
   * In a directory of Avro and CSV files an Avro file's schema is taken: a CSV header's (every
   * column the model does not read as text) made the Avro records dead letters.
   */
  @Test
  void anAvroFilesSchemaIsTakenBeforeACsvHeader() throws IOException {
    AvroFiles.write(dir.resolve("a.avro"), TestData.TIMED_PERSON, List.of());
    Files.writeString(dir.resolve("b.csv"), "id,age,region,weight,event_time\np,30,north,1,0\n");
    AvroFiles.write(
        dir.resolve("c.avro"),
        TestData.TIMED_PERSON,
        List.of(TestData.timedPerson("q", 40.0, "south", 2.0, 0L)));

    assertEquals(TestData.TIMED_PERSON, watching().schema());
  }

  private DirectoryWatchSource watching() {
    return DirectoryWatchSource.watching(dir.toString()).withModel(TestData.MODEL);
  }
}
