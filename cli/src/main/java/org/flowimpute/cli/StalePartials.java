package org.flowimpute.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.flowimpute.table.IoErrors;

/**
 * Removes, when a command starts writing a table, the partial files ({@link PartialFile}) of that
 * table that earlier runs left when they were killed ({@code kill -9}, a crashed machine: no
 * shutdown hook ran), gigabytes each for a large {@code generate}, which piled up beside the output
 * unseen as they are hidden. A partial file whose process is still alive belongs to a run writing
 * the same table now and is left alone, and so is one written in the last {@link #QUIET_MINUTES}
 * minutes: a process id names a process of this machine only, and a run on another machine (or in
 * another container) writing the same table in a shared directory keeps its file fresh.
 */
final class StalePartials {

  /** How long a partial file must have gone unwritten before it counts as left behind. */
  static final long QUIET_MINUTES = 10;

  private StalePartials() {}

  /**
   * Deletes the partial files of {@code target} whose process no longer runs and that have not been
   * written for {@link #QUIET_MINUTES} minutes, saying on {@code err} in one line which were
   * removed; a file that cannot be deleted, or a directory that cannot be listed, is a warning line
   * (the command's own output is not affected by them).
   */
  static void remove(Path target, PrintWriter err) {
    Path directory = target.toAbsolutePath().getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      return;
    }
    Map<Path, Long> stale = new TreeMap<>();
    Instant cutoff = Instant.now().minus(Duration.ofMinutes(QUIET_MINUTES));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        OptionalLong pid = PartialFile.pidOf(target, file.getFileName().toString());
        if (pid.isPresent()
            && ProcessHandle.of(pid.getAsLong()).isEmpty()
            && quietSince(file, cutoff)) {
          stale.put(target.resolveSibling(file.getFileName()), pid.getAsLong());
        }
      }
    } catch (IOException e) {
      err.println(
          "warning: cannot look for partial files of earlier runs writing "
              + target
              + " in "
              + directory
              + ": "
              + IoErrors.describe(e));
      return;
    }
    List<Path> removed = new ArrayList<>();
    List<Long> pids = new ArrayList<>();
    stale.forEach(
        (partial, pid) -> {
          if (delete(partial, target, err)) {
            removed.add(partial);
            pids.add(pid);
          }
        });
    if (!removed.isEmpty()) {
      err.println(removedLine(target, removed, pids));
    }
  }

  /**
   * Whether {@code file} was last written before {@code cutoff}; a file gone meanwhile (its run
   * just finished) is not.
   */
  private static boolean quietSince(Path file, Instant cutoff) throws IOException {
    try {
      return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
    } catch (NoSuchFileException finishedMeanwhile) {
      return false;
    }
  }

  /** Deletes {@code partial}; false, with a warning line, when it cannot be deleted. */
  private static boolean delete(Path partial, Path target, PrintWriter err) {
    try {
      return Files.deleteIfExists(partial);
    } catch (IOException e) {
      err.println(
          "warning: cannot remove "
              + partial
              + ", left by an earlier run writing "
              + target
              + ": "
              + IoErrors.describe(e)
              + "; remove it by hand");
      return false;
    }
  }

  private static String removedLine(Path target, List<Path> removed, List<Long> pids) {
    String names = removed.stream().map(Path::toString).collect(Collectors.joining(", "));
    String processes = pids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    return removed.size() == 1
        ? "removed "
            + names
            + ", the partial table of an earlier run writing "
            + target
            + " that stopped without finishing (process "
            + processes
            + " no longer runs)"
        : "removed "
            + names
            + ", the partial tables of "
            + removed.size()
            + " earlier runs writing "
            + target
            + " that stopped without finishing (processes "
            + processes
            + " no longer run)";
  }
}
