package org.flowimpute.pipelines.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.flowimpute.table.IoErrors;

/**
 * Deletes the temporary directories that runs killed before their shutdown hook could run (SIGKILL,
 * the out-of-memory killer) left in an output directory: those whose {@link TempDirectoryLock} no
 * process holds any more. A directory whose lock another process or this JVM holds belongs to a
 * running job and is left alone, as is one without a lock file (made by a version before the locks,
 * or by something else). Only regular files are taken for lock files (not links, pipes or devices).
 */
final class LeftoverTempDirectories {

  private LeftoverTempDirectories() {}

  /**
   * Deletes the leftover run directories ({@link TempDirectoryCleanup#PREFIX}) of {@code
   * outputDirectory}, each named to {@code notes}; what cannot be checked or deleted is named to
   * {@code notes} with the reason. One sweep at a time in this JVM: two at once would each open the
   * other's lock file, and closing it releases the lock.
   */
  static synchronized void delete(Path outputDirectory, Consumer<String> notes) {
    for (Path lockFile : lockFiles(outputDirectory, notes)) {
      try {
        deleteIfUnlocked(lockFile, notes);
      } catch (IOException e) {
        notes.accept(
            "warning: cannot check "
                + lockFile
                + " for a killed run's files: "
                + IoErrors.describe(e));
      }
    }
  }

  private static List<Path> lockFiles(Path outputDirectory, Consumer<String> notes) {
    List<Path> lockFiles = new ArrayList<>();
    if (!Files.isDirectory(outputDirectory)) {
      return lockFiles;
    }
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(
            outputDirectory, TempDirectoryCleanup.PREFIX + "*" + TempDirectoryLock.SUFFIX)) {
      entries.forEach(lockFiles::add);
    } catch (IOException e) {
      notes.accept(
          "warning: cannot list "
              + outputDirectory
              + " for killed runs' files: "
              + IoErrors.describe(e));
    }
    return lockFiles;
  }

  private static void deleteIfUnlocked(Path lockFile, Consumer<String> notes) throws IOException {
    BasicFileAttributes before = attributes(lockFile);
    if (before == null
        || !before.isRegularFile()
        || TempDirectoryLock.heldHere(before)
        || !ownedByThisUser(lockFile)) {
      return;
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException removedByItsRun) {
      return;
    }
    try (channel) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException heldInThisJvm) {
        return;
      }
      BasicFileAttributes after = attributes(lockFile);
      if (lock == null || after == null || !Objects.equals(before.fileKey(), after.fileKey())) {
        return;
      }
      String name = lockFile.getFileName().toString();
      Path directory =
          lockFile.resolveSibling(
              name.substring(0, name.length() - TempDirectoryLock.SUFFIX.length()));
      TempDirectoryCleanup.deleteTree(directory);
      Files.deleteIfExists(lockFile);
      notes.accept("note: deleted " + directory + ", left by a run that was killed");
    }
  }

  /**
   * Whether this process's user owns {@code lockFile}: another user's run (in a shared temporary or
   * output directory) is theirs to clean up, and its lock file cannot even be opened for the lock
   * here, which made every sweep of a shared /tmp warn about it.
   */
  private static boolean ownedByThisUser(Path lockFile) throws IOException {
    try {
      return Files.getOwner(lockFile, LinkOption.NOFOLLOW_LINKS)
          .getName()
          .equals(System.getProperty("user.name"));
    } catch (NoSuchFileException gone) {
      return false;
    }
  }

  /**
   * The attributes of {@code file} itself (a link is not followed), or null if it is gone (a run
   * that ended deletes its lock file before it releases the lock).
   */
  private static BasicFileAttributes attributes(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException gone) {
      return null;
    }
  }
}
