package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecordBuilder;
import org.flowimpute.table.TableFormat;
import org.flowimpute.table.Tables;
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

  /**
   * The partial file is hidden and has no table extension, so that a glob such as {@code *.parquet}
   * over the output directory never reads a half-written table (it was {@code
   * .out.parquet.partial-PID.parquet}); it is written in the target's format all the same.
   */
  @Test
  void thePartialFileIsHiddenWithoutATableExtensionAndWrittenInTheTargetsFormat() throws Exception {
    Path table = dir.resolve("out.parquet");
    long pid = ProcessHandle.current().pid();
    try (PartialFile file = PartialFile.beside(table)) {
      assertEquals(dir.resolve(".out.parquet.partial-" + pid), file.path());
      assertEquals(TableFormat.PARQUET, file.format());
    }
    PartialFile.writeTable(
        table, ROW, writer -> writer.write(new GenericRecordBuilder(ROW).set("n", 7L).build()));
    assertEquals(7L, Tables.readAll(table).get(0).get("n"));
  }

  /** The names whose process id {@link StalePartials} checks: this run's and earlier runs'. */
  @Test
  void pidOfReadsTheProcessIdOfAPartialFileOfThatTargetOnly() {
    Path table = dir.resolve("out.csv");
    assertEquals(OptionalLong.of(4242), PartialFile.pidOf(table, ".out.csv.partial-4242"));
    assertEquals(OptionalLong.of(4242), PartialFile.pidOf(table, ".out.csv.partial-4242.csv"));
    assertEquals(OptionalLong.empty(), PartialFile.pidOf(table, ".other.csv.partial-4242"));
    assertEquals(OptionalLong.empty(), PartialFile.pidOf(table, ".out.csv.partial-"));
    assertEquals(OptionalLong.empty(), PartialFile.pidOf(table, ".out.csv.partial-12x"));
    assertEquals(OptionalLong.empty(), PartialFile.pidOf(table, "out.csv"));
  }
}
