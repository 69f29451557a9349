package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Marks a job's temporary directory as in use for as long as the process running the job lives: an
 * exclusive lock on a file beside it, {@code <directory>.lock}, which the operating system releases
 * when the process ends, however it ends (SIGKILL, the kernel's out-of-memory killer), when no
 * shutdown hook runs. A later run that can take the lock knows the directory's run is gone and
 * deletes what it left ({@link LeftoverTempDirectories}).
 */
final class TempDirectoryLock implements AutoCloseable {

  /** What the lock file's name adds to its directory's. */
  static final String SUFFIX = ".lock";

  private final Path lockFile;
  private final FileChannel channel;

  private TempDirectoryLock(Path lockFile, FileChannel channel) {
    this.lockFile = lockFile;
    this.channel = channel;
  }

  /** The lock file of {@code directory}. */
  static Path lockFileOf(Path directory) {
    return directory.resolveSibling(directory.getFileName() + SUFFIX);
  }

  /**
   * Locks {@code directory} for this process, making its parent if needed. The lock file is created
   * under another name, locked, then renamed into place, so that no other run ever finds it
   * unlocked while this one lives.
   *
   * @throws IOException if the file cannot be made or the file system does not lock files
   */
  static TempDirectoryLock acquire(Path directory) throws IOException {
    Path lockFile = lockFileOf(directory);
    Files.createDirectories(lockFile.getParent());
    Path unlocked = lockFile.resolveSibling(lockFile.getFileName() + "-new");
    FileChannel channel =
        FileChannel.open(unlocked, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      channel.lock();
      Files.move(unlocked, lockFile, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(unlocked);
      throw e;
    }
    return new TempDirectoryLock(lockFile, channel);
  }

  /** Deletes the lock file, then releases the lock. */
  @Override
  public void close() throws IOException {
    try {
      Files.deleteIfExists(lockFile);
    } finally {
      channel.close();
    }
  }
}
