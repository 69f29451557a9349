package org.flowimpute.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flowimpute.table.OutputDirectory;

/**
 * The working directory of a benchmark ({@code --work-dir}): the one named, created if missing, or
 * a new temporary one. A name that is a regular file, or under one, is refused naming the option
 * before any work ({@code bench pipeline --work-dir FILE} printed only "error: FILE").
 */
final class WorkDirectory {

  private WorkDirectory() {}

  /**
   * {@code path} created if missing, or a new temporary directory named with {@code prefix} when
   * {@code path} is null; throws naming {@code option} when {@code path} cannot be a directory.
   */
  static Path create(String option, Path path, String prefix) throws IOException {
    if (path == null) {
      return Files.createTempDirectory(prefix);
    }
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw new IllegalArgumentException(
          option
              + ": "
              + path
              + " is a file, not a directory (name a directory, created if missing)");
    }
    OutputDirectory.problem(path)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(
                  option + ": " + path + " is not a directory and cannot be created: " + problem);
            });
    return DirectoryCreation.create(option, path);
  }
}
