package org.flowimpute.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the committed output of the streaming smoke job (one file per window, one id per line) and
 * checks it: every file holds exactly one complete window of consecutive ids, no id appears twice,
 * and the windows found form the unbroken run 0..n-1. In-progress files (Beam writes them under a
 * hidden temporary directory and renames them on commit) are not committed output and are ignored.
 */
final class WindowedIds {

  private WindowedIds() {}

  /**
   * Polls the committed output until {@code count} complete windows are there and returns how many
   * there are; on timeout fails with the job's state, exceptions and watermarks.
   */
  static int awaitWindows(
      FlinkRest rest,
      String jobId,
      Path outputDir,
      long recordsPerWindow,
      int count,
      Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      int windows = verifyExactlyOnce(outputDir, recordsPerWindow);
      if (windows >= count) {
        return windows;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "only "
                + windows
                + " of "
                + count
                + " windows after "
                + timeout
                + "; job "
                + rest.jobState(jobId)
                + "; "
                + rest.exceptions(jobId)
                + "; watermarks "
                + rest.watermarks(jobId));
      }
      Thread.sleep(500);
    }
  }

  /** The committed window files in {@code outputDir}. */
  static List<Path> committedFiles(Path outputDir) throws IOException {
    if (!Files.isDirectory(outputDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(outputDir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> !file.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    }
  }

  /**
   * Verifies the committed output and returns how many windows 0, 1, ..., n-1 are all committed.
   * Every committed file must hold exactly one complete window of ids, and no id may appear twice;
   * otherwise an {@link AssertionError} names the file and the record. Windows after a gap are
   * checked the same way but not counted (a job stopped mid-stream may have finalized window k+1
   * just before window k).
   */
  static int verifyExactlyOnce(Path outputDir, long recordsPerWindow) throws IOException {
    Set<Long> windows = new HashSet<>();
    Set<Long> seen = new HashSet<>();
    for (Path file : committedFiles(outputDir)) {
      List<Long> ids = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        ids.add(Long.parseLong(line.trim()));
      }
      if (ids.isEmpty()) {
        throw new AssertionError(file + ": empty window file");
      }
      long window = ids.get(0) / recordsPerWindow;
      Set<Long> inFile = new HashSet<>();
      for (long id : ids) {
        if (id / recordsPerWindow != window) {
          throw new AssertionError(file + ": id " + id + " does not belong to window " + window);
        }
        if (!inFile.add(id) || !seen.add(id)) {
          throw new AssertionError(file + ": id " + id + " duplicated");
        }
      }
      if (inFile.size() != recordsPerWindow) {
        throw new AssertionError(
            file
                + ": window "
                + window
                + " holds "
                + inFile.size()
                + " of "
                + recordsPerWindow
                + " ids");
      }
      if (!windows.add(window)) {
        throw new AssertionError(file + ": window " + window + " committed twice");
      }
    }
    int prefix = 0;
    while (windows.contains((long) prefix)) {
      prefix++;
    }
    return prefix;
  }
}
