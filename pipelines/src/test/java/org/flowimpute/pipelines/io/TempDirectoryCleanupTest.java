package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempDirectoryCleanupTest {

  @TempDir Path temp;

  @Test
  void theShutdownHookDeletesTheDirectoriesWithEverythingUnderThem() throws IOException {
    Path run = shardsUnder(temp.resolve(".flowimpute-temp-a"));
    Path other = Files.createDirectories(temp.resolve("other"));
    List<String> errors = new ArrayList<>();
    TempDirectoryCleanup cleanup = TempDirectoryCleanup.register(List.of(run), errors::add);

    cleanup.shutdownHook().run();

    assertFalse(Files.exists(run));
    assertTrue(Files.exists(other));
    assertEquals(List.of(), errors);
    cleanup.close();
  }

  @Test
  void closingDeletesTheDirectoriesAndDropsTheShutdownHook() throws IOException {
    Path first = shardsUnder(temp.resolve("out/.flowimpute-temp-b"));
    Path second = shardsUnder(temp.resolve("dead/.flowimpute-temp-b"));
    List<String> errors = new ArrayList<>();
    TempDirectoryCleanup cleanup =
        TempDirectoryCleanup.register(List.of(first, second), errors::add);

    cleanup.close();

    assertFalse(Files.exists(first));
    assertFalse(Files.exists(second));
    try (Stream<Path> left = Files.list(temp.resolve("out"))) {
      assertEquals(List.of(), left.toList(), "the directory and its lock file are gone");
    }
    assertFalse(Runtime.getRuntime().removeShutdownHook(cleanup.shutdownHook()));
    assertEquals(List.of(), errors);
  }

  @Test
  void aDirectoryThatWasNeverMadeIsNoError() {
    List<String> errors = new ArrayList<>();

    TempDirectoryCleanup.register(List.of(temp.resolve("never-made")), errors::add).close();

    assertEquals(List.of(), errors);
  }

  /**
   * The output directories made for the lock file go again when the job left nothing in them (a job
   * that failed before writing), and stay when it did.
   */
  @Test
  void outputDirectoriesMadeForTheLockGoWhenTheJobLeftThemEmpty() throws IOException {
    Path failed = temp.resolve("failed/out/" + TempDirectoryCleanup.PREFIX + "c");
    Path written = temp.resolve("written/out/" + TempDirectoryCleanup.PREFIX + "c");
    List<String> errors = new ArrayList<>();
    TempDirectoryCleanup cleanup =
        TempDirectoryCleanup.register(List.of(failed, written), errors::add);
    assertTrue(Files.isDirectory(failed.getParent()));
    Files.writeString(written.resolveSibling("imputed-00000-of-00001.avro"), "records");

    cleanup.close();

    assertFalse(Files.exists(temp.resolve("failed")));
    try (Stream<Path> left = Files.list(written.getParent())) {
      assertEquals(List.of(written.resolveSibling("imputed-00000-of-00001.avro")), left.toList());
    }
    assertEquals(List.of(), errors);
  }

  /** {@code directory} holding a Beam-like temporary directory with two shards. */
  private static Path shardsUnder(Path directory) throws IOException {
    Path beam = Files.createDirectories(directory.resolve(".temp-beam-1"));
    Files.writeString(beam.resolve("shard-1"), "records");
    Files.writeString(beam.resolve("shard-2"), "records");
    return directory;
  }
}
