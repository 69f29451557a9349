package org.flowimpute.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.flowimpute.table.IoErrors;
import org.flowimpute.table.TableException;
import org.flowimpute.table.TableFormat;
import org.flowimpute.table.TableWriter;
import org.flowimpute.table.Tables;

/**
 * A command's output table written under a temporary name beside it and moved into place only when
 * the command succeeds ({@link #commit}). A run that fails half-way then leaves no file that looks
 * complete (a closed Parquet or Avro file is readable whatever it holds), and an output that is
 * also the input is read to the end before it is replaced. Closing without a commit deletes the
 * temporary file, and so does the JVM's shutdown while it is open (a command stopped with Ctrl-C or
 * {@code kill} left its hidden partial table, gigabytes for a large {@code generate}).
 */
final class PartialFile implements AutoCloseable {

  /** What comes between the target's name and the process id in a partial file's name. */
  private static final String PID_SEPARATOR = ".partial-";

  private final Path target;
  private final Path partial;
  private final TableFormat format;
  private final Thread shutdownHook;
  private final ScheduledFuture<?> heartbeat;
  private volatile boolean committed;

  private PartialFile(Path target, Path partial, TableFormat format) {
    this.target = target;
    this.partial = partial;
    this.format = format;
    this.shutdownHook = new Thread(this::deleteUnlessCommitted, "delete " + partial.getFileName());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    this.heartbeat = PartialHeartbeat.start(partial, PartialHeartbeat.PERIOD);
  }

  /**
   * A temporary file in {@code target}'s directory, hidden and without a table extension ({@link
   * #name}), written in {@code target}'s table format ({@link #format}).
   */
  static PartialFile beside(Path target) {
    TableFormat format = TableFormat.of(target);
    return new PartialFile(
        target, target.resolveSibling(name(target, ProcessHandle.current().pid())), format);
  }

  /**
   * The name of the partial file process {@code pid} writes {@code target} under: {@code
   * .<name>.partial-<pid>}, hidden and not ending in a table extension, so that a glob such as
   * {@code *.csv} over the directory never takes a half-written table for one of its files (until
   * 2026-12-04 it was {@code .<name>.partial-<pid><extension>}).
   */
  static String name(Path target, long pid) {
    return "." + target.getFileName() + PID_SEPARATOR + pid;
  }

  /**
   * The process id in {@code fileName} if it names a partial file of {@code target} ({@link #name},
   * or the name with {@code target}'s extension that runs until 2026-12-04 wrote); empty otherwise.
   */
  static OptionalLong pidOf(Path target, String fileName) {
    String prefix = "." + target.getFileName() + PID_SEPARATOR;
    if (!fileName.startsWith(prefix)) {
      return OptionalLong.empty();
    }
    String pid = fileName.substring(prefix.length());
    String extension = TableFormat.of(target).extension();
    if (pid.endsWith(extension)) {
      pid = pid.substring(0, pid.length() - extension.length());
    }
    if (pid.isEmpty() || pid.length() > 18 || !pid.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(pid));
  }

  /** The table format to write {@link #path} in: the target's, which the partial name lacks. */
  TableFormat format() {
    return format;
  }

  /**
   * {@code error} (from writing {@link #path}) naming the target, the file the user asked for,
   * instead of the hidden temporary file.
   */
  TableException namedAsTarget(TableException error) {
    String message =
        error
            .getMessage()
            .replace(partial.toString(), target.toString())
            .replace(partial.getFileName().toString(), target.getFileName().toString());
    return new TableException(message, error);
  }

  /** Where to write the table. */
  Path path() {
    return partial;
  }

  /**
   * Moves the written table to the target, replacing a file there: atomically where the file system
   * can (a reader never sees half a file), else by a plain move.
   */
  void commit() throws IOException {
    heartbeat.cancel(false);
    try {
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    }
    committed = true;
  }

  /**
   * Writes a table of {@code schema} to {@code target} through a partial file: {@code rows} writes
   * the rows, and the table replaces {@code target} only once all are written, so a full disk or a
   * killed command never leaves a cut table there (nor destroys an input written to itself).
   */
  static void writeTable(Path target, Schema schema, Consumer<TableWriter> rows) {
    try (PartialFile file = beside(target)) {
      try (TableWriter writer = Tables.writer(file.path(), file.format(), schema)) {
        rows.accept(writer);
      } catch (TableException e) {
        throw file.namedAsTarget(e);
      }
      file.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(target + ": cannot write: " + IoErrors.describe(e), e);
    }
  }

  /** The shutdown hook that deletes the temporary file while it is open (for tests). */
  Thread shutdownHook() {
    return shutdownHook;
  }

  /** At JVM shutdown: deletes the temporary file unless it was committed, quietly. */
  private void deleteUnlessCommitted() {
    if (!committed) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        System.err.println("cannot delete " + partial + ": " + IoErrors.describe(e));
      }
    }
  }

  /**
   * Deletes the temporary file unless it was committed, and drops the shutdown hook (unless the JVM
   * is already shutting down, when the hook does the same).
   */
  @Override
  public void close() throws IOException {
    heartbeat.cancel(false);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs (or ran) anyway
    }
    if (!committed) {
      Files.deleteIfExists(partial);
    }
  }
}
