package org.flowimpute.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes Flink configuration directories for the jobs. Beam's only hook into the configuration of
 * the Flink environment it creates is a directory ({@code --flinkConfDir}), so a setting the job
 * needs is added to a copy of the directory the job would have used (its files copied, the setting
 * appended to the file Flink reads: {@code flink-conf.yaml}, else {@code config.yaml}). Copies are
 * deleted when the JVM exits.
 */
public final class FlinkConfDirs {

  private FlinkConfDirs() {}

  /**
   * A new directory holding the files of {@code given} (none when null) with {@code settings} (YAML
   * lines) appended to its Flink configuration file.
   *
   * @throws UncheckedIOException naming {@code purpose} if it cannot be written
   */
  public static Path copyWith(Path given, String settings, String purpose) {
    try {
      Path dir = Files.createTempDirectory("flowimpute-flink-conf");
      dir.toFile().deleteOnExit();
      if (given != null) {
        copyFiles(given, dir);
      }
      Path file =
          Files.exists(dir.resolve("flink-conf.yaml")) || !Files.exists(dir.resolve("config.yaml"))
              ? dir.resolve("flink-conf.yaml")
              : dir.resolve("config.yaml");
      Files.writeString(
          file,
          "\n" + settings,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      file.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the Flink configuration " + purpose + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the configuration file of {@code dir} (null: none) already has the line {@code
   * setting}, so that a job configured twice (a timed stream, then the stream itself) does not get
   * a key twice, which Flink's YAML {@code config.yaml} refuses.
   */
  public static boolean holds(Path dir, String setting) {
    if (dir == null) {
      return false;
    }
    for (String name : List.of("flink-conf.yaml", "config.yaml")) {
      Path file = dir.resolve(name);
      try {
        if (Files.isRegularFile(file) && Files.readAllLines(file).contains(setting)) {
          return true;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the Flink configuration " + file, e);
      }
    }
    return false;
  }

  /** The configuration directory a job would use: {@code --flinkConfDir}, else FLINK_CONF_DIR. */
  public static Path given(String flinkConfDir) {
    String given = flinkConfDir != null ? flinkConfDir : System.getenv("FLINK_CONF_DIR");
    return given == null ? null : Path.of(given);
  }

  private static void copyFiles(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      throw new IOException("the Flink configuration directory " + from + " does not exist");
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(from)) {
      files = listing.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      Path copy = Files.copy(file, to.resolve(file.getFileName()));
      copy.toFile().deleteOnExit();
    }
  }
}
