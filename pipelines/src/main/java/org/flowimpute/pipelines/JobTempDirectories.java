package org.flowimpute.pipelines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.flowimpute.pipelines.io.ShardFileNames;
import org.flowimpute.pipelines.io.TempDirectoryCleanup;
import org.flowimpute.pipelines.options.ImputeOptions;

/**
 * Where a batch imputation job's file sinks keep their temporary files. Beam deletes them when a
 * job succeeds, but a job stopped before (Ctrl-C, SIGTERM) left its {@code .temp-beam-*} shards
 * beside the output for good. A command that runs a job in this JVM (the DirectRunner, or Flink's
 * {@code [local]} cluster) therefore gives it a run id ({@link #assign}): its sinks then keep their
 * temporary files in a directory of their own beside each output, {@code .flowimpute-temp-<run
 * id>}, which the command deletes when the job ends or the JVM stops, or the next run into the same
 * directory when the JVM was killed ({@link TempDirectoryCleanup}). A job without a run id (a
 * library caller of {@link ImputePipeline#run}) and a job on a cluster, which may go on after the
 * command that submitted it has stopped, keep Beam's place: the output's directory.
 */
public final class JobTempDirectories {

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private JobTempDirectories() {}

  /**
   * Gives the job of {@code options} a run id of its own if it runs in this JVM (none otherwise),
   * and returns the local directories its temporary files will go to, for the command to delete:
   * none for a job on a cluster or outputs on another file system.
   */
  public static List<Path> assign(ImputeOptions options) {
    List<Path> directories = new ArrayList<>();
    if (!runsInThisJvm(options)) {
      options.setRunId(null);
      return directories;
    }
    options.setRunId(UUID.randomUUID().toString());
    for (String prefix : List.of(options.getOutput(), ImputePipeline.deadLetterPrefix(options))) {
      ResourceId directory = of(options, outputDirectory(prefix));
      if ("file".equals(directory.getScheme())) {
        Path path = Path.of(directory.toString());
        if (!directories.contains(path)) {
          directories.add(path);
        }
      }
    }
    return directories;
  }

  /**
   * The directory for the temporary files of the sink writing to {@code outputDirectory}: the run's
   * own beside it, or the output directory itself for a job without a run id.
   *
   * @throws IllegalArgumentException if the run id is not a UUID's letters, digits and dashes (one
   *     with {@code ..} would name a directory that the command then deletes)
   */
  static ResourceId of(ImputeOptions options, ResourceId outputDirectory) {
    String runId = options.getRunId();
    if (runId == null) {
      return outputDirectory;
    }
    if (!RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException(
          "--runId=" + runId + ": expected 1 to 64 letters, digits and dashes");
    }
    return outputDirectory.resolve(
        TempDirectoryCleanup.PREFIX + runId, StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  /** The directory of the files named by {@code prefix}. */
  static ResourceId outputDirectory(String prefix) {
    return ShardFileNames.of(prefix, ShardFileNames.UNWINDOWED, ".avro").directory();
  }

  private static boolean runsInThisJvm(ImputeOptions options) {
    if (DirectRunner.class.equals(options.getRunner())) {
      return true;
    }
    return RunnerKinds.isFlink(options)
        && "[local]".equals(options.as(FlinkPipelineOptions.class).getFlinkMaster());
  }
}
