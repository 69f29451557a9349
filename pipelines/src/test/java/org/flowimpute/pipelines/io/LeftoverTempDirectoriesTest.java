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
    Process holder = start("hold", run);
    List<String> notes = new ArrayList<>();
    try {
      assertEquals(OtherRun.LOCKED, firstLine(holder));
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

  /**
   * A sweep in the JVM that holds a lock leaves it held (the locks are released by closing any
   * descriptor of the file in the process, so the sweep must not open it): another process's sweep
   * keeps the directory too.
   */
  @Test
  void aDirectoryLockedInThisJvmIsKeptAndStaysLocked() throws Exception {
    Path run = shardsUnder(temp.resolve(TempDirectoryCleanup.PREFIX + "running"));
    List<String> notes = new ArrayList<>();
    TempDirectoryLock lock = TempDirectoryLock.acquire(run);
    try {
      LeftoverTempDirectories.delete(temp, notes::add);

      assertEquals(List.of(OtherRun.SWEPT), sweepInAnotherProcess());
      assertTrue(Files.exists(run.resolve(".temp-beam-1/shard-2")));
      assertTrue(Files.exists(TempDirectoryLock.lockFileOf(run)));
    } finally {
      lock.releaseAndDelete();
    }
    assertFalse(Files.exists(TempDirectoryLock.lockFileOf(run)), "the lock file is deleted");
    assertEquals(List.of(), notes);
  }

  /**
   * A run that could not delete its directory releases its lock but keeps the lock file, so that a
   * later run deletes the directory.
   */
  @Test
  void aReleasedLockWhoseFileIsKeptLetsTheNextRunDeleteTheDirectory() throws Exception {
    Path run = shardsUnder(temp.resolve(TempDirectoryCleanup.PREFIX + "undeleted"));
    TempDirectoryLock.acquire(run).release();

    assertEquals(
        List.of("note: deleted " + run + ", left by a run that was killed", OtherRun.SWEPT),
        sweepInAnotherProcess());
    assertFalse(Files.exists(run));
    assertFalse(Files.exists(TempDirectoryLock.lockFileOf(run)));
  }

  @Test
  void directoriesWithoutALockFileOtherLockFilesAndLinksAreKept() throws IOException {
    Path unlocked = shardsUnder(temp.resolve(TempDirectoryCleanup.PREFIX + "older-version"));
    Path users = shardsUnder(temp.resolve("users-own"));
    Files.writeString(TempDirectoryLock.lockFileOf(users), "");
    Path linked = shardsUnder(temp.resolve(TempDirectoryCleanup.PREFIX + "linked"));
    Files.createSymbolicLink(
        TempDirectoryLock.lockFileOf(linked), Files.writeString(temp.resolve("a-file"), ""));
    List<String> notes = new ArrayList<>();

    LeftoverTempDirectories.delete(temp, notes::add);

    assertTrue(Files.exists(unlocked.resolve(".temp-beam-1/shard-1")));
    assertTrue(Files.exists(users.resolve(".temp-beam-1/shard-1")));
    assertTrue(Files.exists(TempDirectoryLock.lockFileOf(users)));
    assertTrue(Files.exists(linked.resolve(".temp-beam-1/shard-1")));
    assertEquals(List.of(), notes);
  }

  @Test
  void anOutputDirectoryNotYetMadeHasNoLeftovers() {
    List<String> notes = new ArrayList<>();

    LeftoverTempDirectories.delete(temp.resolve("not-yet"), notes::add);

    assertEquals(List.of(), notes);
  }

  /** The lines {@code sweep} of {@link #temp} in another process prints. */
  private List<String> sweepInAnotherProcess() throws Exception {
    Process sweeper = start("sweep", temp);
    List<String> lines;
    try (BufferedReader output = reader(sweeper)) {
      lines = output.lines().toList();
    }
    assertTrue(sweeper.waitFor(1, TimeUnit.MINUTES));
    return lines;
  }

  /** {@link OtherRun} with {@code command} on {@code path} in a child JVM. */
  private static Process start(String command, Path path) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            OtherRun.class.getName(),
            command,
            path.toString())
        .redirectErrorStream(true)
        .start();
  }

  private static String firstLine(Process process) throws IOException {
    return reader(process).readLine();
  }

  private static BufferedReader reader(Process process) {
    return new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** {@code directory} holding a Beam-like temporary directory with two shards. */
  private static Path shardsUnder(Path directory) throws IOException {
    Path beam = Files.createDirectories(directory.resolve(".temp-beam-1"));
    Files.writeString(beam.resolve("shard-1"), "records");
    Files.writeString(beam.resolve("shard-2"), "records");
    return directory;
  }
}
