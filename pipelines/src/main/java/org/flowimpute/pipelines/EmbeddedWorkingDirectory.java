package org.flowimpute.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowimpute.pipelines.io.TempDirectoryCleanup;
import org.flowimpute.table.IoErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The working directory ({@code process.working-dir}) of this process's embedded Flink clusters.
 * Flink makes a {@code minicluster_<id>} tree for each cluster under it and deletes the tree when
 * it closes the cluster, which it does after the job has ended, while a command's JVM exits at
 * once: every embedded run left an empty {@code minicluster_*} tree in the temporary directory.
 * This one directory per process is deleted at JVM shutdown ({@link TempDirectoryCleanup}), and one
 * a killed process left by the next run.
 */
final class EmbeddedWorkingDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedWorkingDirectory.class);

  private static Path directory;

  private EmbeddedWorkingDirectory() {}

  /** The directory, created (and its deletion at shutdown registered) on first use. */
  static synchronized Path path() {
    if (directory == null) {
      try {
        directory = Files.createTempDirectory(TempDirectoryCleanup.PREFIX + "flink-");
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot create a working directory for the embedded Flink cluster in "
                + System.getProperty("java.io.tmpdir")
                + ": "
                + IoErrors.describe(e),
            e);
      }
      TempDirectoryCleanup.register(List.of(directory), EmbeddedWorkingDirectory::log);
    }
    return directory;
  }

  private static void log(String line) {
    if (line.startsWith("warning:")) {
      LOG.warn(line);
    } else {
      LOG.info(line);
    }
  }
}
