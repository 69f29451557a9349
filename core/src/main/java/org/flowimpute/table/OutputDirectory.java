package org.flowimpute.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Says, before a command does its work, why files could not be written into a local directory that
 * may not exist yet (its missing parts are created when the first file is written): the nearest
 * part of its path that exists is a regular file, or a directory that cannot be written. Commands
 * check their output locations with it so that minutes of reading, imputing or solving are not lost
 * to a bad path.
 */
public final class OutputDirectory {

  private OutputDirectory() {}

  /** Why files cannot be written into {@code directory}; empty when they can. */
  public static Optional<String> problem(Path directory) {
    Path existing = directory.toAbsolutePath().normalize();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return Optional.empty();
    }
    if (!Files.isDirectory(existing)) {
      return Optional.of(existing + " is a file");
    }
    if (!Files.isWritable(existing)) {
      return Optional.of("directory " + existing + " is not writable");
    }
    return probe(existing);
  }

  /**
   * Why a file cannot be created in the existing {@code directory}, found by creating and deleting
   * one: {@link Files#isWritable} asks for permission only, which root always has, so {@code train
   * --out /proc/m.zip} passed the check, trained for minutes, and then failed to write the bundle.
   */
  private static Optional<String> probe(Path directory) {
    Path probe;
    try {
      probe = Files.createTempFile(directory, ".flowimpute-write-check", ".tmp");
    } catch (IOException e) {
      return Optional.of("cannot create files in " + directory + ": " + IoErrors.describe(e));
    }
    try {
      Files.delete(probe);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete the file " + probe + " made to check that files can be written there", e);
    }
    return Optional.empty();
  }
}
