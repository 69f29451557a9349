package org.flowimpute.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowimpute.pipelines.io.DirectoryWatchSource;
import org.flowimpute.pipelines.io.RecordSources;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Refuses, as a usage error, a stream output written into the local directory a {@code dir://}
 * source watches (or into a directory under it): the job would list its own record, report and
 * dead-letter files (and Beam's temporary files beside them) as new input and read them back.
 */
final class WatchedDirectoryOutputs {

  private static final String DIRECTORY_SCHEME = RecordSources.DIRECTORY + "://";

  private WatchedDirectoryOutputs() {}

  /**
   * Throws naming both options when one of {@code outputs} (each option and prefix) lies in or
   * under the watched directory of {@code source}; sources and prefixes of other file systems
   * ({@code gs://...}) and Kafka sources are not checked.
   */
  static void requireOutside(
      CommandSpec spec, String source, List<Map.Entry<String, String>> outputs) {
    if (!source.startsWith(DIRECTORY_SCHEME)) {
      return;
    }
    String directory =
        DirectoryWatchSource.watching(source.substring(DIRECTORY_SCHEME.length()))
            .watchedDirectory();
    if (directory.contains("://")) {
      return;
    }
    Path watched = OutputFile.resolved(Path.of(directory));
    for (Map.Entry<String, String> output : outputs) {
      String prefix = output.getValue();
      if (prefix.contains("://")) {
        continue;
      }
      Path written = OutputFile.resolved(Path.of(prefix)).getParent();
      if (written != null && written.startsWith(watched)) {
        throw new ParameterException(
            spec.commandLine(),
            output.getKey()
                + " "
                + prefix
                + " writes into "
                + written
                + ", which --source "
                + source
                + " watches ("
                + watched
                + " and the directories under it): the job would read its own .avro files back"
                + " as new records; give "
                + output.getKey()
                + " a prefix outside "
                + watched);
      }
    }
  }
}
