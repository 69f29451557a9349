package org.flowimpute.pipelines.io;

import java.nio.file.Paths;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.flowimpute.table.OutputDirectory;

/**
 * Checks, before a job starts, that the files of an output prefix can be written: Beam's file sinks
 * find a local prefix under a regular file (or in a directory they may not write) only when they
 * create their first temporary file, after the job has read and imputed its input. Prefixes on
 * other file systems (gs://, s3://, hdfs://) are left to the sink.
 */
public final class OutputPrefixes {

  private OutputPrefixes() {}

  /**
   * Refuses {@code prefix} (given as {@code option}) when files cannot be written into its local
   * directory ({@link OutputDirectory}).
   */
  public static void requireWritable(PipelineOptions options, String option, String prefix) {
    FileSystems.setDefaultPipelineOptions(options);
    ResourceId resource = FileSystems.matchNewResource(prefix, false);
    if (!"file".equals(resource.getScheme())) {
      return;
    }
    OutputDirectory.problem(Paths.get(resource.getCurrentDirectory().toString()))
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(
                  option
                      + " "
                      + prefix
                      + ": cannot write the output files: "
                      + problem
                      + "; choose a prefix in a directory");
            });
  }
}
