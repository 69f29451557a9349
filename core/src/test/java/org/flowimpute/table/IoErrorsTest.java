package org.flowimpute.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File errors are described by their problem, not by the path Java puts in their message. */
class IoErrorsTest {

  @Test
  void describesTheProblem() {
    assertEquals("permission denied", IoErrors.describe(new AccessDeniedException("/sys/r.json")));
    assertEquals(
        "no such file or directory", IoErrors.describe(new NoSuchFileException("/nowhere/x")));
    assertEquals(
        "Is a directory", IoErrors.describe(new FileSystemException("a", "b", "Is a directory")));
    assertEquals("disk full", IoErrors.describe(new IOException("disk full")));
    assertEquals(
        "a file of that name exists", IoErrors.describe(new FileAlreadyExistsException("/tmp/f")));
  }

  /**
   * A table whose directory cannot be made says why: the message repeated the directory's path
   * where the reason belongs ("cannot create its directory /proc/nope: /proc/nope").
   */
  @Test
  void aTableWhoseDirectoryCannotBeMadeSaysWhy(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "a file, not a directory");
    Path table = file.resolve("sub").resolve("out.csv");
    Schema schema = SchemaBuilder.record("Row").fields().requiredString("id").endRecord();

    TableException error =
        assertThrows(TableException.class, () -> Tables.writer(table, schema).close());

    assertEquals(
        table + ": cannot create its directory " + file.resolve("sub") + ": Not a directory",
        error.getMessage());
  }
}
