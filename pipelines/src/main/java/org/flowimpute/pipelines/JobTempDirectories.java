package org.flowimpute.pipelines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.flowimpute.pipelines.io.ShardFileNames;
import org.flowimpute.pipelines.options.ImputeOptions;

/**
 * Where a batch imputation job's file sinks keep their temporary files. Beam deletes them when a
 * job succeeds, but a job stopped before (Ctrl-C, SIGTERM) left its {@code .temp-beam-*} shards
 * beside the output for good. A job that runs in this JVM (the DirectRunner, or Flink's {@code
 * [local]} cluster) therefore keeps them in a directory of its own beside each output, {@code
 * .flowimpute-temp-<run id>}, which the command that runs it deletes when the job ends or the JVM
 * stops ({@link org.flowimpute.pipelines.io.TempDirectoryCleanup}). A job on a cluster keeps Beam's
 * place, the output's directory: it may go on after the command that submitted it has stopped.
 */
public final class JobTempDirectories {

  /** The name of a run's temporary directory, before its run id. */
  public static final String PREFIX = ".flowimpute-temp-";

  private JobTempDirectories() {}

  /** The directory for the temporary files of the sink writing to {@code outputDirectory}. */
  static ResourceId of(ImputeOptions options, ResourceId outputDirectory) {
    if (!runsInThisJvm(options)) {
      return outputDirectory;
    }
    return outputDirectory.resolve(
        PREFIX + options.getRunId(), StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  /**
   * The local directories this job's temporary files go to, which its command deletes: none for a
   * job on a cluster or outputs on another file system.
   */
  public static List<Path> local(ImputeOptions options) {
    List<Path> directories = new ArrayList<>();
    if (!runsInThisJvm(options)) {
      return directories;
    }
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
