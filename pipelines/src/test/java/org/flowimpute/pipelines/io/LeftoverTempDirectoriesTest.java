package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoverTempDirectoriesTest {

  @TempDir Path temp;

  @Test
  void theDirectoryOfAKilledRunIsDeletedOnceItsProcessIsGone() throws Exception {
    Path run = shardsUnder(temp.resolve(TempDirectoryCleanup.PREFIX + "killed"));
    Process holder = holdLockInAnotherProcess(run);
    List<String> notes = new ArrayList<>();
    try {
      LeftoverTempDirectories.delete(temp, notes::add);

      assertTrue(Files.exists(run.resolve(".temp-beam-1/shard-1")), "a live run's files");
      assertEquals(List.of(), notes);
    } finally {
      holder.destroyForcibly();
      assertTrue(holder.waitFor(1, TimeUnit.MINUTES));
    }

    LeftoverTempDirectories.delete(temp, notes::add);

    assertFalse(Files.exists(run));
    assertFalse(Files.exists(TempDirectoryLock.lockFileOf(run)));
    assertEquals(List.of("note: deleted " + run + ", left by a run that was killed"), notes);
  }

  @Test
  void aDirectoryLockedInThisJvmIsKept() throws IOException {
    Path run = shardsUnder(temp.resolve(TempDirectoryCleanup.PREFIX + "running"));
    List<String> notes = new ArrayList<>();
    try (TempDirectoryLock lock = TempDirectoryLock.acquire(run)) {
      LeftoverTempDirectories.delete(temp, notes::add);

      assertTrue(Files.exists(run.resolve(".temp-beam-1/shard-2")));
      assertTrue(Files.exists(TempDirectoryLock.lockFileOf(run)));
    }
    assertFalse(Files.exists(TempDirectoryLock.lockFileOf(run)), "closing deletes the lock file");
    assertEquals(List.of(), notes);
  }

  @Test
  void directoriesWithoutALockFileAndOtherLockFilesAreKept() throws IOException {
    Path unlocked = shardsUnder(temp.resolve(TempDirectoryCleanup.PREFIX + "older-version"));
    Path users = shardsUnder(temp.resolve("users-own"));
    Files.writeString(TempDirectoryLock.lockFileOf(users), "");
    List<String> notes = new ArrayList<>();

    LeftoverTempDirectories.delete(temp, notes::add);

    assertTrue(Files.exists(unlocked.resolve(".temp-beam-1/shard-1")));
    assertTrue(Files.exists(users.resolve(".temp-beam-1/shard-1")));
    assertTrue(Files.exists(TempDirectoryLock.lockFileOf(users)));
    assertEquals(List.of(), notes);
  }

  @Test
  void anOutputDirectoryNotYetMadeHasNoLeftovers() {
    List<String> notes = new ArrayList<>();

    LeftoverTempDirectories.delete(temp.resolve("not-yet"), notes::add);

    assertEquals(List.of(), notes);
  }

  /**
   * A child JVM that locks {@code directory} ({@link HoldTempDirectoryLock}); returns once it holds
   * the lock.
   */
  private static Process holdLockInAnotherProcess(Path directory) throws IOException {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                HoldTempDirectoryLock.class.getName(),
                directory.toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader output =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertEquals(HoldTempDirectoryLock.LOCKED, output.readLine());
    return child;
  }

  /** {@code directory} holding a Beam-like temporary directory with two shards. */
  private static Path shardsUnder(Path directory) throws IOException {
    Path beam = Files.createDirectories(directory.resolve(".temp-beam-1"));
    Files.writeString(beam.resolve("shard-1"), "records");
    Files.writeString(beam.resolve("shard-2"), "records");
    return directory;
  }
}
