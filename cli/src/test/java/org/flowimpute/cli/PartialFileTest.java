package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table is replaced only once it is completely written: a command that fails half-way (a full
 * disk, a bad value) leaves the file that was there, which may be its own input.
 */
class PartialFileTest {

  private static final Schema ROW =
      SchemaBuilder.record("row").fields().requiredLong("n").endRecord();

  @TempDir Path dir;

  @Test
  void aFailedWriteLeavesTheTargetAsItWasAndNoPartialFile() throws Exception {
    Path table = dir.resolve("data.csv");
    Files.writeString(table, "n\n1\n2\n3\n");

    IllegalStateException error =
        assertThrows(
            IllegalStateException.class,
            () ->
                PartialFile.writeTable(
                    table,
                    ROW,
                    writer -> {
                      writer.write(new GenericRecordBuilder(ROW).set("n", 10L).build());
                      throw new IllegalStateException("disk full");
                    }));

    assertEquals("disk full", error.getMessage());
    assertEquals("n\n1\n2\n3\n", Files.readString(table));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(table), files.toList());
    }

    PartialFile.writeTable(
        table, ROW, writer -> writer.write(new GenericRecordBuilder(ROW).set("n", 10L).build()));
    assertEquals("n\n10\n", Files.readString(table));
  }

  /**
   * A command stopped by SIGTERM or Ctrl-C (JVM shutdown) deletes its partial table: only {@link
   * PartialFile#close} did, which a killed command never reaches.
   */
  @Test
  void theJvmsShutdownDeletesAnOpenPartialFileAndCloseDropsTheHook() throws Exception {
    Path table = dir.resolve("big.csv");
    PartialFile file = PartialFile.beside(table);
    Files.writeString(file.path(), "n\n1\n");
    Thread hook = file.shutdownHook();

    hook.run();

    assertFalse(Files.exists(file.path()));
    file.close();
    assertFalse(Runtime.getRuntime().removeShutdownHook(hook), "the hook stays registered");

    PartialFile committed = PartialFile.beside(table);
    Files.writeString(committed.path(), "n\n2\n");
    committed.commit();
    committed.shutdownHook().run();
    assertEquals("n\n2\n", Files.readString(table));
    committed.close();
    assertFalse(Runtime.getRuntime().removeShutdownHook(committed.shutdownHook()));
  }
}
