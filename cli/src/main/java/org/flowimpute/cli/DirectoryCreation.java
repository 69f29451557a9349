package org.flowimpute.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flowimpute.table.IoErrors;

/**
 * Creates an output directory of a command before its work, failing with a one-line message that
 * names the option, the directory and why: the file system's exceptions carry only a path for some
 * causes ({@code evaluate --out /proc/evx} printed "error: /proc/evx"), or a parent's path and a
 * reason without the option ("error: /sys/evx: Operation not permitted").
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

  /** Why {@code e} happened, with the path it happened on when that is not {@code directory}. */
  static String reason(FileSystemException e, Path directory) {
    String reason = IoErrors.describe(e);
    if (e.getFile() == null || Path.of(e.getFile()).equals(directory)) {
      return reason;
    }
    return e.getFile() + ": " + reason;
  }
}
