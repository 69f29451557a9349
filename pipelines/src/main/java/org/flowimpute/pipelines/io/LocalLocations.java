package org.flowimpute.pipelines.io;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Makes a relative local file location absolute against the working directory of the process that
 * builds the job. Workers of a cluster resolve a relative location against their own working
 * directory: on a Flink cluster a relative {@code --input} matched no file (the job failed with
 * "Task is not running") and a relative {@code dir://} source watched an empty directory, while
 * {@code --output}, which Beam resolves when the job is built, was written where the user meant.
 * Locations of other file systems ({@code gs://...}, {@code file:/...}) are left as they are.
 */
public final class LocalLocations {

  /** A scheme as Beam's {@code FileSystems} recognises one: letters, then {@code :/}. */
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][-a-zA-Z0-9+.]*:/.*");

  private LocalLocations() {}

  /**
   * {@code location} made absolute when it is a relative local path (a glob's wildcards kept);
   * otherwise (absolute, another file system, null or empty) unchanged.
   */
  public static String absolute(String location) {
    if (location == null || location.isEmpty() || SCHEME.matcher(location).matches()) {
      return location;
    }
    Path path = Path.of(location);
    return path.isAbsolute() ? location : path.toAbsolutePath().toString();
  }
}
