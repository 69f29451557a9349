package org.flowimpute.pipelines.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;

/**
 * Registers {@link SubmittedFlinkJobs} with the Flink environment Beam creates for a job. Beam's
 * only hook into that environment's configuration is a configuration directory, so this writes a
 * new one: a copy of the directory the job would have used ({@code --flinkConfDir}, else {@code
 * FLINK_CONF_DIR}, else none) with {@code execution.job-listeners} added to the file Flink reads
 * from it ({@code flink-conf.yaml}, else {@code config.yaml}).
 */
final class JobListenerConfig {

  static final String KEY = "execution.job-listeners";

  private JobListenerConfig() {}

  /** Points {@code options} at a copy of their configuration that registers the listener. */
  static void apply(FlinkPipelineOptions options) {
    String given =
        options.getFlinkConfDir() != null
            ? options.getFlinkConfDir()
            : System.getenv("FLINK_CONF_DIR");
    options.setFlinkConfDir(write(given == null ? null : Path.of(given)).toString());
  }

  private static Path write(Path given) {
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
          "\n" + KEY + ": " + SubmittedFlinkJobs.class.getName() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      file.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the Flink configuration that lets --run-for stop the job: "
              + e.getMessage(),
          e);
    }
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
