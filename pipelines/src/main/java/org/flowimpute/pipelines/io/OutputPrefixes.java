package org.flowimpute.pipelines.io;

import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.flowimpute.table.OutputDirectory;

/**
 * Checks, before a job starts, that the files of its output prefixes can be written and found
 * again. Beam's file sinks find a local prefix under a regular file (or in a directory they may not
 * write) only when they create their first temporary file, after the job has read and imputed its
 * input; a prefix ending in {@code /} failed with Beam's "Expected file path but received directory
 * path"; a prefix holding glob characters escaped the check for an earlier run's shards, and the
 * glob the commands print for it matched nothing; and two outputs given one prefix wrote files of
 * the same names, so the dead letters replaced imputed shards while the counts said otherwise.
 * Directories on other file systems (gs://, s3://, hdfs://) are left to the sink.
 */
public final class OutputPrefixes {

  /** Characters a file glob gives a meaning to. */
  private static final String GLOB_CHARACTERS = "*?[]{}";

  private OutputPrefixes() {}

  /**
   * Refuses {@code prefix} (given as {@code option}) when it ends in {@code /}, holds a glob
   * character, or names a local directory files cannot be written into ({@link OutputDirectory}).
   */
  public static void requireUsable(PipelineOptions options, String option, String prefix) {
    if (prefix.endsWith("/")) {
      throw new IllegalArgumentException(
          option
              + " "
              + prefix
              + ": a prefix ends in the start of a file name (e.g. "
              + prefix
              + "imputed), not in '/'");
    }
    if (prefix.chars().anyMatch(c -> GLOB_CHARACTERS.indexOf(c) >= 0)) {
      throw new IllegalArgumentException(
          option
              + " "
              + prefix
              + ": a prefix cannot hold the glob characters "
              + GLOB_CHARACTERS
              + " (its files are found again by a glob, in which they would mean something else)");
    }
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

  /**
   * Refuses outputs whose files could be taken for each other's: two options naming one prefix
   * (their shards have the same names and replace each other), or one prefix that is another's
   * followed by {@code -} and a digit (its files match the other's shard glob, {@code
   * <prefix>-[0-9]*...}).
   *
   * @param outputs each output's option and prefix, in the order the messages should name them
   */
  public static void requireSeparate(
      PipelineOptions options, List<Map.Entry<String, String>> outputs) {
    FileSystems.setDefaultPipelineOptions(options);
    for (int i = 0; i < outputs.size(); i++) {
      for (int j = i + 1; j < outputs.size(); j++) {
        requireSeparate(outputs.get(i), outputs.get(j));
      }
    }
  }

  private static void requireSeparate(Map.Entry<String, String> a, Map.Entry<String, String> b) {
    String first = resolved(a.getValue());
    String second = resolved(b.getValue());
    if (first.equals(second)) {
      throw new IllegalArgumentException(
          a.getKey()
              + " "
              + a.getValue()
              + " and "
              + b.getKey()
              + " "
              + b.getValue()
              + " name the same prefix: their files would have the same names and replace each"
              + " other; give each its own prefix");
    }
    requireNotExtending(b, second, a, first);
    requireNotExtending(a, first, b, second);
  }

  private static void requireNotExtending(
      Map.Entry<String, String> longer,
      String longerResolved,
      Map.Entry<String, String> shorter,
      String shorterResolved) {
    String start = shorterResolved + "-";
    if (longerResolved.length() > start.length()
        && longerResolved.startsWith(start)
        && Character.isDigit(longerResolved.charAt(start.length()))) {
      throw new IllegalArgumentException(
          longer.getKey()
              + " "
              + longer.getValue()
              + " is "
              + shorter.getKey()
              + " "
              + shorter.getValue()
              + " followed by '-' and a digit: its files would match "
              + shorter.getKey()
              + "'s ("
              + shorter.getValue()
              + "-[0-9]*.avro); give it a prefix of its own");
    }
  }

  private static String resolved(String prefix) {
    return FileSystems.matchNewResource(prefix, false).toString();
  }
}
