package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.flowimpute.table.IoErrors;

/**
 * Deletes a job's temporary directories when the job ends, and at JVM shutdown when the job is
 * stopped before (Ctrl-C, SIGTERM), so a stopped job leaves no temporary files beside its output.
 * At shutdown the job's writers may still be creating files, so a directory that is not empty after
 * one pass is walked again (a few times). A process killed outright runs no shutdown hook: each
 * directory is therefore locked while the job runs ({@link TempDirectoryLock}), and the next run
 * into the same output directory deletes the directories of runs that no longer hold their lock
 * ({@link LeftoverTempDirectories}).
 */
public final class TempDirectoryCleanup implements AutoCloseable {

  /** The start of a run's temporary directory's name (the run id follows). */
  public static final String PREFIX = ".flowimpute-temp-";

  private static final int PASSES = 5;

  private final List<Path> directories;
  private final Map<Path, TempDirectoryLock> locks = new HashMap<>();
  private final Consumer<String> errors;
  private final Thread shutdownHook;

  private TempDirectoryCleanup(List<Path> directories, Consumer<String> errors) {
    this.directories = List.copyOf(directories);
    this.errors = errors;
    for (Path directory : this.directories) {
      LeftoverTempDirectories.delete(directory.getParent(), errors);
      try {
        locks.put(directory, TempDirectoryLock.acquire(directory));
      } catch (IOException e) {
        errors.accept(
            "warning: cannot lock "
                + directory
                + " ("
                + IoErrors.describe(e)
                + "): if this run is killed, a later run will not delete it");
      }
    }
    this.shutdownHook = new Thread(this::deleteAll, "flowimpute-temp-cleanup");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Deletes {@code directories} with all they hold at {@link #close} or at JVM shutdown, whichever
   * comes first; a directory that cannot be deleted is named to {@code errors} with the reason.
   * First deletes what killed runs left in the directories' parents, and locks {@code directories}
   * for this process.
   */
  public static TempDirectoryCleanup register(List<Path> directories, Consumer<String> errors) {
    return new TempDirectoryCleanup(directories, errors);
  }

  /** The shutdown hook (for tests). */
  Thread shutdownHook() {
    return shutdownHook;
  }

  /** Drops the shutdown hook (unless the JVM is shutting down) and deletes the directories. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs (or ran) anyway
    }
    deleteAll();
  }

  /**
   * Deletes each directory, then its lock file, and releases the lock; a directory that cannot be
   * deleted keeps its lock file, so a later run deletes it.
   */
  private synchronized void deleteAll() {
    for (Path directory : directories) {
      TempDirectoryLock lock = locks.remove(directory);
      boolean deleted = false;
      try {
        delete(directory);
        deleted = true;
      } catch (IOException e) {
        errors.accept("cannot delete " + directory + ": " + IoErrors.describe(e));
      }
      if (lock != null) {
        try {
          if (deleted) {
            lock.releaseAndDelete();
          } else {
            lock.release();
          }
        } catch (IOException e) {
          errors.accept("cannot delete " + lock.file() + ": " + IoErrors.describe(e));
        }
      }
    }
  }

  private static void delete(Path directory) throws IOException {
    for (int pass = 1; ; pass++) {
      try {
        deleteTree(directory);
        return;
      } catch (DirectoryNotEmptyException filesStillBeingWritten) {
        if (pass == PASSES) {
          throw filesStillBeingWritten;
        }
      }
    }
  }

  /** Deletes {@code root} and everything under it; what is already gone is skipped. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path directory, IOException e)
              throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            Files.deleteIfExists(directory);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
