package org.flowimpute.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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

  /** The prefix of the network memory keys. */
  static final String NETWORK_MEMORY_KEYS = "taskmanager.memory.network.";

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
    return lines(dir).contains(setting);
  }

  /**
   * Whether the configuration file of {@code dir} (null: none) sets the network memory ({@code
   * taskmanager.memory.network.*}).
   */
  public static boolean setsNetworkMemory(Path dir) {
    return lines(dir).stream().anyMatch(line -> line.strip().startsWith(NETWORK_MEMORY_KEYS));
  }

  /**
   * The {@code parallelism.default} the configuration file of {@code dir} (null: none) sets, or 0
   * if it sets none or a value that is not a whole number (Flink then reports it). A comment after
   * the value and quotes around it are allowed, as in Flink's own reading.
   */
  public static int defaultParallelism(Path dir) {
    String key = "parallelism.default:";
    int parallelism = 0;
    for (String line : lines(dir)) {
      String setting = line.strip();
      if (setting.startsWith(key)) {
        String value = setting.substring(key.length());
        int comment = value.indexOf('#');
        value = (comment >= 0 ? value.substring(0, comment) : value).strip();
        value = value.replaceAll("^([\"'])(.*)\\1$", "$2");
        parallelism = value.matches("\\d{1,9}") ? Integer.parseInt(value) : 0;
      }
    }
    return parallelism;
  }

  /** The lines of the configuration files of {@code dir} (none when null). */
  private static List<String> lines(Path dir) {
    List<String> lines = new ArrayList<>();
    if (dir == null) {
      return lines;
    }
    for (String name : List.of("flink-conf.yaml", "config.yaml")) {
      Path file = dir.resolve(name);
      try {
        if (Files.isRegularFile(file)) {
          lines.addAll(Files.readAllLines(file));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the Flink configuration " + file, e);
      }
    }
    return lines;
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
