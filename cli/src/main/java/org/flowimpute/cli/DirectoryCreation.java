package org.flowimpute.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowimpute.table.IoErrors;

/**
 * Creates an output directory of a command before its work, failing with a one-line message that
 * names the option, the directory and why: the file system's exceptions carry only a path for some
 * causes ({@code evaluate --out /proc/evx} printed "error: /proc/evx"), or a parent's path and a
 * reason without the option ("error: /sys/evx: Operation not permitted"). {@link #probe} tries the
 * creation without keeping its result, for commands whose output is written only at the end.
 */
final class DirectoryCreation {

  private DirectoryCreation() {}

  /** Creates {@code directory} and its missing parents; throws naming {@code option} otherwise. */
  static Path create(String option, Path directory) throws IOException {
    try {
      return Files.createDirectories(directory);
    } catch (FileSystemException e) {
      throw new IllegalArgumentException(
          option + ": cannot create directory " + directory + ": " + reason(e, directory), e);
    }
  }

  /**
   * Creates {@code directory} as {@link #create} does, then removes the directories this call
   * created, deepest first: the file system itself says whether the directory can be made (a
   * writability check passes under root for /proc, where creation fails), and a command failing
   * later in its work leaves no empty directories behind.
   */
  static void probe(String option, Path directory) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path part = directory.toAbsolutePath().normalize();
        part != null && !Files.exists(part);
        part = part.getParent()) {
      missing.add(part);
    }
    create(option, directory);
    for (Path created : missing) {
      Files.delete(created);
    }
  }

  /** Why {@code e} happened, with the path it happened on when that is not {@code directory}. */
  static String reason(FileSystemException e, Path directory) {
    String reason = IoErrors.describe(e);
    if (e.getFile() == null || Path.of(e.getFile()).equals(directory)) {
      return reason;
    }
    return e.getFile() + ": " + reason;
  }
}
