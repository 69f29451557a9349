package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Marks a job's temporary directory as in use for as long as the process running the job lives: an
 * exclusive lock on a file beside it, {@code <directory>.lock}, which the operating system releases
 * when the process ends, however it ends (SIGKILL, the kernel's out-of-memory killer), when no
 * shutdown hook runs. A later run that can take the lock knows the directory's run is gone and
 * deletes what it left ({@link LeftoverTempDirectories}).
 *
 * <p>The locks are POSIX record locks: closing any descriptor of the file in this process releases
 * them. So this JVM's held lock files are also listed here ({@link #heldHere}), and a sweep does
 * not open them.
 */
final class TempDirectoryLock {

  /** What the lock file's name adds to its directory's. */
  static final String SUFFIX = ".lock";

  private static final Set<Object> HELD_FILE_KEYS = ConcurrentHashMap.newKeySet();

  private final Path lockFile;
  private final Object fileKey;
  private final FileChannel channel;
  private final List<Path> createdDirectories;

  private TempDirectoryLock(
      Path lockFile, Object fileKey, FileChannel channel, List<Path> createdDirectories) {
    this.lockFile = lockFile;
    this.fileKey = fileKey;
    this.channel = channel;
    this.createdDirectories = createdDirectories;
  }

  /** The lock file of {@code directory}. */
  static Path lockFileOf(Path directory) {
    return directory.resolveSibling(directory.getFileName() + SUFFIX);
  }

  /** Whether this JVM holds the lock file whose attributes (not following links) are these. */
  static boolean heldHere(BasicFileAttributes lockFileAttributes) {
    Object key = lockFileAttributes.fileKey();
    return key != null && HELD_FILE_KEYS.contains(key);
  }

  /**
   * Locks {@code directory} for this process, making its parent directories if needed (they are
   * deleted again at {@link #releaseAndDelete} if still empty, so a job that fails leaves no empty
   * output directory). The lock file is created under another name, locked, then renamed into
   * place, so that no other run ever finds it unlocked while this one lives.
   *
   * @throws IOException if the file cannot be made or the file system does not lock files
   */
  static TempDirectoryLock acquire(Path directory) throws IOException {
    Path lockFile = lockFileOf(directory);
    List<Path> created = createParents(lockFile.getParent());
    Path unlocked = lockFile.resolveSibling(lockFile.getFileName() + "-new");
    FileChannel channel =
        FileChannel.open(unlocked, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Object fileKey = null;
    try {
      channel.lock();
      fileKey =
          Files.readAttributes(unlocked, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .fileKey();
      if (fileKey != null) {
        HELD_FILE_KEYS.add(fileKey);
      }
      Files.move(unlocked, lockFile, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      forget(fileKey);
      channel.close();
      Files.deleteIfExists(unlocked);
      deleteIfEmpty(created);
      throw e;
    }
    return new TempDirectoryLock(lockFile, fileKey, channel, created);
  }

  /**
   * The run's directory is gone: deletes the lock file, releases the lock and deletes the parent
   * directories {@link #acquire} made if they are empty.
   */
  void releaseAndDelete() throws IOException {
    try {
      Files.deleteIfExists(lockFile);
    } finally {
      release();
    }
    deleteIfEmpty(createdDirectories);
  }

  /**
   * The run's directory could not be deleted: releases the lock and keeps the lock file, so that a
   * later run deletes the directory.
   */
  void release() throws IOException {
    forget(fileKey);
    channel.close();
  }

  /** The lock file. */
  Path file() {
    return lockFile;
  }

  private static void forget(Object fileKey) {
    if (fileKey != null) {
      HELD_FILE_KEYS.remove(fileKey);
    }
  }

  /** Makes {@code directory} and its missing parents; returns those it made, deepest first. */
  private static List<Path> createParents(Path directory) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path each = directory.toAbsolutePath();
        each != null && !Files.exists(each);
        each = each.getParent()) {
      missing.add(each);
    }
    Files.createDirectories(directory);
    return missing;
  }

  private static void deleteIfEmpty(List<Path> directoriesDeepestFirst) throws IOException {
    for (Path directory : directoriesDeepestFirst) {
      try {
        Files.deleteIfExists(directory);
      } catch (DirectoryNotEmptyException inUse) {
        return;
      }
    }
  }
}
