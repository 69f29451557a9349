package org.flowimpute.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;

/**
 * Reads and writes Flink configuration directories for the jobs. Beam's only hook into the
 * configuration of the Flink environment it creates is a directory ({@code --flinkConfDir}), so a
 * setting the job needs goes into a copy of the directory the job would have used: its other files
 * copied, its configuration as Flink reads it ({@code flink-conf.yaml}, else {@code config.yaml},
 * nested keys included) merged with the settings and written back in the same format by Flink's own
 * writer, with flat keys: nested YAML cannot hold a key that is the prefix of another ({@code
 * state.backend} beside {@code state.backend.incremental}), which Flink reads from a flat file, and
 * one of the two was lost or the job failed. Copies are deleted when the JVM exits.
 */
public final class FlinkConfDirs {

  /** The prefix of the network memory keys. */
  static final String NETWORK_MEMORY_KEYS = "taskmanager.memory.network.";

  private static final List<String> CONFIGURATION_FILES =
      List.of(
          GlobalConfiguration.LEGACY_FLINK_CONF_FILENAME, GlobalConfiguration.FLINK_CONF_FILENAME);

  private FlinkConfDirs() {}

  /**
   * A new directory holding the files of {@code given} (none when null) and its configuration with
   * {@code settings} set on top.
   *
   * @throws UncheckedIOException naming {@code purpose} if it cannot be written
   */
  public static Path copyWith(Path given, Configuration settings, String purpose) {
    Configuration merged = read(given);
    merged.addAll(settings);
    try {
      Path dir = Files.createTempDirectory("flowimpute-flink-conf");
      dir.toFile().deleteOnExit();
      if (given != null) {
        copyOtherFiles(given, dir);
      }
      String name =
          GlobalConfiguration.isStandardYaml()
              ? GlobalConfiguration.FLINK_CONF_FILENAME
              : GlobalConfiguration.LEGACY_FLINK_CONF_FILENAME;
      Path file =
          Files.write(
              dir.resolve(name),
              ConfigurationUtils.convertConfigToWritableLines(merged, true),
              StandardCharsets.UTF_8);
      file.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the Flink configuration " + purpose + ": " + e.getMessage(), e);
    }
  }

  /**
   * The configuration of {@code dir} as Flink reads it: empty when {@code dir} is null or holds no
   * configuration file.
   *
   * @throws IllegalArgumentException naming the directory if Flink cannot parse its file
   */
  public static Configuration read(Path dir) {
    if (dir == null
        || CONFIGURATION_FILES.stream().noneMatch(name -> Files.isRegularFile(dir.resolve(name)))) {
      return new Configuration();
    }
    try {
      return GlobalConfiguration.loadConfiguration(dir.toString());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the Flink configuration in " + dir + " cannot be read: " + describe(e), e);
    }
  }

  /**
   * The error and, as Flink's own message is generic ("Error parsing YAML"), its cause on one line
   * ("… found duplicate key a.b in reader, line 2, column 1").
   */
  private static String describe(RuntimeException error) {
    Throwable cause = error.getCause();
    return cause == null || cause.getMessage() == null
        ? error.getMessage()
        : error.getMessage()
            + " "
            + String.join(" ", cause.getMessage().lines().map(String::strip).toList()).strip();
  }

  /**
   * Whether the configuration of {@code dir} (null: none) sets the network memory ({@code
   * taskmanager.memory.network.*}).
   */
  public static boolean setsNetworkMemory(Path dir) {
    return read(dir).keySet().stream().anyMatch(key -> key.startsWith(NETWORK_MEMORY_KEYS));
  }

  /**
   * The {@code parallelism.default} the configuration of {@code dir} (null: none) sets, or 0 if it
   * sets none.
   *
   * @throws IllegalArgumentException naming the directory if the value is not a whole number
   */
  public static int defaultParallelism(Path dir) {
    Configuration configuration = read(dir);
    Optional<Integer> parallelism;
    try {
      parallelism = configuration.getOptional(CoreOptions.DEFAULT_PARALLELISM);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          CoreOptions.DEFAULT_PARALLELISM.key()
              + " in "
              + dir
              + ": '"
              + configuration.toMap().get(CoreOptions.DEFAULT_PARALLELISM.key())
              + "' is not a whole number",
          e);
    }
    return parallelism.orElse(0);
  }

  /** The configuration directory a job would use: {@code --flinkConfDir}, else FLINK_CONF_DIR. */
  public static Path given(String flinkConfDir) {
    String given = flinkConfDir != null ? flinkConfDir : System.getenv("FLINK_CONF_DIR");
    return given == null ? null : Path.of(given);
  }

  /** Copies the files of {@code from} other than its configuration files into {@code to}. */
  private static void copyOtherFiles(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      throw new IOException("the Flink configuration directory " + from + " does not exist");
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(from)) {
      files =
          listing
              .filter(Files::isRegularFile)
              .filter(file -> !CONFIGURATION_FILES.contains(file.getFileName().toString()))
              .toList();
    }
    for (Path file : files) {
      Path copy = Files.copy(file, to.resolve(file.getFileName()));
      copy.toFile().deleteOnExit();
    }
  }
}
