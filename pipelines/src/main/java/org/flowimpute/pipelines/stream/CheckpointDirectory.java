package org.flowimpute.pipelines.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.flowimpute.pipelines.options.StreamOptions;

/**
 * A streaming job's checkpoint directory on the embedded Flink cluster ({@link
 * StreamOptions#getCheckpointDir}). Without one the embedded cluster keeps its checkpoints in
 * memory, so they ended with the command, and resuming a job took a Flink configuration directory,
 * two Beam options and the path of the newest {@code chk-N} found by hand. With one, checkpoints
 * are written to it and kept when the job is cancelled or fails, {@code --run-for} stops the job
 * with a savepoint there, and {@link #newest} finds what to resume from.
 */
public final class CheckpointDirectory {

  /** The file Flink writes last into a completed checkpoint or savepoint. */
  static final String METADATA = "_metadata";

  private CheckpointDirectory() {}

  /**
   * Checks that {@code options} can keep checkpoints in their checkpoint directory, if they name
   * one, and has Flink keep them when the job is cancelled or fails.
   *
   * @throws IllegalArgumentException if the job does not run on the embedded cluster, takes no
   *     checkpoints, or the directory's path cannot be passed to the cluster
   */
  public static void apply(FlinkPipelineOptions options) {
    String directory = options.as(StreamOptions.class).getCheckpointDir();
    if (directory == null) {
      return;
    }
    if (!"[local]".equals(options.getFlinkMaster())) {
      throw new IllegalArgumentException(
          "--checkpointDir applies to the embedded Flink cluster (--flinkMaster=[local]); a"
              + " cluster writes checkpoints to the state.checkpoints.dir of its configuration");
    }
    Long interval = options.getCheckpointingInterval();
    if (interval == null || interval <= 0) {
      throw new IllegalArgumentException(
          "--checkpointDir " + directory + " needs checkpoints: give a checkpoint interval");
    }
    uri(directory);
    options.setExternalizedCheckpointsEnabled(true);
    options.setRetainExternalizedCheckpointsOnCancellation(true);
  }

  /**
   * The directory as a URI for Flink's configuration.
   *
   * @throws IllegalArgumentException if the path holds '#' or a line break, which Flink's
   *     configuration file would cut
   */
  public static URI uri(String directory) {
    if (directory.indexOf('#') >= 0 || directory.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(
          "--checkpointDir "
              + directory
              + ": a path holding '#' or a line break cannot be passed to the embedded cluster"
              + " (Flink's configuration file reads '#' as the start of a comment); give a"
              + " symbolic link to it instead");
    }
    return directory.startsWith("file:")
        ? URI.create(directory)
        : Path.of(directory).toAbsolutePath().normalize().toUri();
  }

  /**
   * The newest completed checkpoint ({@code <job id>/chk-N}) or savepoint ({@code savepoint-*})
   * under {@code directory}, by the time its metadata was written.
   *
   * @throws IllegalArgumentException if there is none
   */
  public static Path newest(String directory) {
    Path root = Path.of(uri(directory));
    Optional<Path> newest;
    try (Stream<Path> files = Files.isDirectory(root) ? Files.walk(root, 3) : Stream.empty()) {
      newest =
          files
              .filter(file -> file.getFileName().toString().equals(METADATA))
              .map(Path::getParent)
              .filter(found -> isCheckpoint(root, found) || isSavepoint(root, found))
              .max(Comparator.comparing(CheckpointDirectory::written));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the checkpoints under " + directory, e);
    }
    return newest.orElseThrow(
        () ->
            new IllegalArgumentException(
                "no completed checkpoint or savepoint under "
                    + directory
                    + " to resume from (a job run with this checkpoint directory and a checkpoint"
                    + " interval writes <job id>/chk-N there, and --run-for a savepoint-*)"));
  }

  private static boolean isCheckpoint(Path root, Path found) {
    return found.getNameCount() == root.getNameCount() + 2
        && found.getFileName().toString().matches("chk-\\d+");
  }

  private static boolean isSavepoint(Path root, Path found) {
    return found.getNameCount() == root.getNameCount() + 1
        && found.getFileName().toString().startsWith("savepoint-");
  }

  private static FileTime written(Path found) {
    try {
      return Files.getLastModifiedTime(found.resolve(METADATA));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the time of " + found.resolve(METADATA), e);
    }
  }
}
