package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A killed run's partial table is removed when a command next writes the same output; a live run's
 * (another command writing that output now) is left.
 */
class StalePartialsTest {

  @TempDir Path dir;

  /** The id of a process that has ended, as a {@code kill -9}ed run's is. */
  private static long endedPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    long pid = process.pid();
    assertTrue(ProcessHandle.of(pid).isEmpty(), "process " + pid + " still runs");
    return pid;
  }

  /** {@code file}, last written {@code minutes} ago. */
  private static Path writtenAgo(Path file, long minutes) throws Exception {
    Files.setLastModifiedTime(
        file, FileTime.from(Instant.now().minus(Duration.ofMinutes(minutes))));
    return file;
  }

  @Test
  void removesTheDeadRunsPartialsAndLeavesTheLiveOnesAndOtherFiles() throws Exception {
    Path table = dir.resolve("out.csv");
    long dead = endedPid();
    long live = ProcessHandle.current().pid();
    Path stale =
        writtenAgo(Files.writeString(dir.resolve(".out.csv.partial-" + dead), "n\n1\n"), 11);
    Path oldStyle =
        writtenAgo(
            Files.writeString(dir.resolve(".out.csv.partial-" + dead + ".csv"), "n\n1\n"), 60);
    Path running =
        writtenAgo(Files.writeString(dir.resolve(".out.csv.partial-" + live), "n\n2\n"), 60);
    Path otherTarget =
        writtenAgo(Files.writeString(dir.resolve(".other.csv.partial-" + dead), "n\n3\n"), 60);
    Files.writeString(table, "n\n0\n");
    StringWriter err = new StringWriter();

    StalePartials.remove(table, new PrintWriter(err, true));

    assertFalse(Files.exists(stale));
    assertFalse(Files.exists(oldStyle));
    assertTrue(Files.exists(running));
    assertTrue(Files.exists(otherTarget));
    assertEquals("n\n0\n", Files.readString(table));
    assertEquals(
        "removed "
            + stale
            + ", "
            + oldStyle
            + ", the partial tables of 2 earlier runs writing "
            + table
            + " that stopped without finishing (processes "
            + dead
            + ", "
            + dead
            + " no longer run)"
            + System.lineSeparator(),
        err.toString());
  }

  @Test
  void saysNothingWhenNothingIsStaleOrTheDirectoryIsMissing() throws Exception {
    Path running =
        Files.writeString(dir.resolve(".out.csv.partial-" + ProcessHandle.current().pid()), "n\n");
    StringWriter err = new StringWriter();

    StalePartials.remove(dir.resolve("out.csv"), new PrintWriter(err, true));
    StalePartials.remove(dir.resolve("missing").resolve("out.csv"), new PrintWriter(err, true));

    assertTrue(Files.exists(running));
    assertEquals("", err.toString());
  }

  /**
   * A partial file written in the last ten minutes is left, whatever its process id: the id names a
   * process of this machine only, and a run on another machine writing the same table in a shared
   * directory (NFS, a volume shared by containers) keeps its file fresh.
   */
  @Test
  void aPartialWrittenInTheLastTenMinutesIsLeftWhateverItsProcess() throws Exception {
    Path table = dir.resolve("out.csv");
    Path otherMachine =
        writtenAgo(Files.writeString(dir.resolve(".out.csv.partial-" + endedPid()), "n\n"), 9);
    StringWriter err = new StringWriter();

    StalePartials.remove(table, new PrintWriter(err, true));

    assertTrue(Files.exists(otherMachine));
    assertEquals("", err.toString());
  }

  /**
   * A live run keeps its partial fresh while it writes nothing to it (a Parquet writer holds a row
   * group in memory): another machine's sweep then leaves it.
   */
  @Test
  void aRunsHeartbeatKeepsItsPartialFreshWhileItWritesNothing() throws Exception {
    Path table = dir.resolve("out.parquet");
    Path partial =
        writtenAgo(Files.writeString(dir.resolve(".out.parquet.partial-" + endedPid()), "x"), 60);
    Instant oneMinuteAgo = Instant.now().minus(Duration.ofMinutes(1));
    ScheduledFuture<?> heartbeat = PartialHeartbeat.start(partial, Duration.ofMillis(50));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (Files.getLastModifiedTime(partial).toInstant().isBefore(oneMinuteAgo)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      heartbeat.cancel(false);
    }
    StringWriter err = new StringWriter();

    StalePartials.remove(table, new PrintWriter(err, true));

    assertTrue(Files.exists(partial));
    assertEquals("", err.toString());
  }

  /** {@code demo-data} (as every command writing a table) removes the partial on start. */
  @Test
  void aCommandWritingTheOutputRemovesItsStalePartialNamingIt() throws Exception {
    Path out = dir.resolve("people.avro");
    long dead = endedPid();
    Path stale =
        writtenAgo(Files.writeString(dir.resolve(".people.avro.partial-" + dead), "half"), 30);

    CommandRun run = CommandRun.run("demo-data", "--rows", "10", "--out", out.toString());

    run.assertOk();
    assertFalse(Files.exists(stale));
    assertEquals(
        "removed "
            + stale
            + ", the partial table of an earlier run writing "
            + out
            + " that stopped without finishing (process "
            + dead
            + " no longer runs)"
            + System.lineSeparator(),
        run.err());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }
}
