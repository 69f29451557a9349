package org.flowimpute.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

  private final Path target;
  private final Path partial;
  private final Thread shutdownHook;
  private volatile boolean committed;

  private PartialFile(Path target, Path partial) {
    this.target = target;
    this.partial = partial;
    this.shutdownHook = new Thread(this::deleteUnlessCommitted, "delete " + partial.getFileName());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * A temporary file in {@code target}'s directory, hidden, with the same table format: {@code
   * .<name>.partial-<process id><extension>}.
   */
  static PartialFile beside(Path target) {
    String extension = TableFormat.of(target).extension();
    String name =
        "." + target.getFileName() + ".partial-" + ProcessHandle.current().pid() + extension;
    return new PartialFile(target, target.resolveSibling(name));
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
      try (TableWriter writer = Tables.writer(file.path(), schema)) {
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
