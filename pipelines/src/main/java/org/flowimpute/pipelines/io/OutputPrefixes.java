package org.flowimpute.pipelines.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Checks, before a job starts, that the files of an output prefix can be written: Beam's file sinks
 * find a local prefix under a regular file (or in a directory they may not write) only when they
 * create their first temporary file, after the job has read and imputed its input. Prefixes on
 * other file systems (gs://, s3://, hdfs://) are left to the sink.
 */
public final class OutputPrefixes {

  private OutputPrefixes() {}

  /**
   * Refuses {@code prefix} (given as {@code option}) when the nearest existing directory on its
   * local path is a regular file or cannot be written to.
   */
  public static void requireWritable(PipelineOptions options, String option, String prefix) {
    FileSystems.setDefaultPipelineOptions(options);
    ResourceId resource = FileSystems.matchNewResource(prefix, false);
    if (!"file".equals(resource.getScheme())) {
      return;
    }
    Path directory = Paths.get(resource.getCurrentDirectory().toString());
    Path existing = directory;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return;
    }
    if (!Files.isDirectory(existing)) {
      throw new IllegalArgumentException(
          option
              + " "
              + prefix
              + ": "
              + existing
              + " is a file, so the output files cannot be written under it; choose a prefix in"
              + " a directory");
    }
    if (!Files.isWritable(existing)) {
      throw new IllegalArgumentException(
          option + " " + prefix + ": the directory " + existing + " cannot be written to");
    }
  }
}
