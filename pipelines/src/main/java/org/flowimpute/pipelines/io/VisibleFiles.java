package org.flowimpute.pipelines.io;

import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.flowimpute.table.TableFiles;

/**
 * Whether a file a job's input glob matched is read: not when it is hidden (name starting with
 * {@code .}) and the glob's file name is not ({@link TableFiles#skips}, the local commands' rule),
 * so that {@code in/*.csv} does not read a half-written {@code .out.csv.partial-4242} that a
 * command writing into the directory keeps there, an editor's {@code .#x.csv} or macOS's {@code
 * ._x.csv}.
 */
final class VisibleFiles implements SerializableFunction<MatchResult.Metadata, Boolean> {

  private static final long serialVersionUID = 1L;

  private final String pattern;

  /** The rule for the files {@code glob} (a path or URI, '/'-separated) matches. */
  VisibleFiles(String glob) {
    this.pattern = glob.substring(glob.lastIndexOf('/') + 1);
  }

  /** Whether the file named {@code name} (its last path segment) is read. */
  boolean reads(String name) {
    return !TableFiles.skips(pattern, name);
  }

  @Override
  public Boolean apply(MatchResult.Metadata file) {
    return reads(name(file));
  }

  /** The file name of {@code file}: its resource's last path segment. */
  static String name(MatchResult.Metadata file) {
    String path = file.resourceId().toString();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
