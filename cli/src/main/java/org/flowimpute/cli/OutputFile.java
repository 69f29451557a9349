package org.flowimpute.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.flowimpute.table.OutputDirectory;

/**
 * Checks, before a command does its work, that a file option names a file it will be able to write:
 * not an existing directory, and in a directory that exists or can be created (missing directories
 * are created when the file is written), so that minutes of solving or training are not lost to a
 * bad output path.
 */
final class OutputFile {

  private OutputFile() {}

  /**
   * Throws naming {@code option} when {@code path} is a directory or its directory cannot be made.
   */
  static void check(String option, Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      throw new IllegalArgumentException(
          option + ": " + path + " is a directory, expected a file name");
    }
    Path directory = absolute.getParent();
    OutputDirectory.problem(directory)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(
                  option
                      + ": cannot create directory "
                      + directory
                      + " for "
                      + path
                      + ": "
                      + problem);
            });
  }
}
