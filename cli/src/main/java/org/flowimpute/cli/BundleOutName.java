package org.flowimpute.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Reads the bundle name of {@code train --out} as typed, where a name ending in {@code /} names a
 * bundle directory. A {@link Path} drops that {@code /}, so {@code --out model.zip/} was taken as
 * the zip file {@code model.zip} and an existing zip was replaced. Such a name is refused, as a
 * usage error before the data is read, when it is an existing file (which is left unchanged) or
 * ends in {@code .zip} (a directory so named would be read as a zip file: {@code stream} watches
 * bundles by that name).
 */
final class BundleOutName {

  private BundleOutName() {}

  /**
   * The path {@code text} (given as {@code option}) names; throws a usage error naming the option
   * and the text when it ends in a name separator and names an existing file or a {@code .zip}.
   */
  static Path parse(CommandSpec spec, String option, String text) {
    Path path;
    try {
      path = Path.of(text);
    } catch (InvalidPathException e) {
      throw new ParameterException(
          spec.commandLine(), option + " '" + text + "': not a file name: " + e.getMessage(), e);
    }
    if (!(text.endsWith("/") || text.endsWith(File.separator))) {
      return path;
    }
    String named = option + " " + text + ": ends in '/', so it names a bundle directory, but ";
    if (Files.isRegularFile(path)) {
      throw new ParameterException(
          spec.commandLine(),
          named
              + path
              + " is an existing file (left unchanged): "
              + (OutputFile.isZip(path)
                  ? "give " + option + " " + path + " without the '/' to replace the zip bundle"
                  : "name a new or empty directory, or a file ending in .zip"));
    }
    if (OutputFile.isZip(path)) {
      throw new ParameterException(
          spec.commandLine(),
          named
              + "a bundle directory's name must not end in .zip (stream reads such a name as a zip"
              + " file): give "
              + option
              + " "
              + path
              + " without the '/' to write a zip bundle, or a directory name without .zip");
    }
    return path;
  }
}
