package org.flowimpute.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowimpute.evaluation.ReportWriter;

/**
 * Checks the directory an evaluation report is written into ({@code evaluate --out}, each split's
 * directory of {@code bench evaluate --out}) before any metric is computed: its plots directory
 * must be creatable (it is created and removed again; the report creates it when it is written),
 * and its metrics.json and report.html must not be directories, so a bad {@code --out} fails at
 * once naming the option rather than after all the work, and a run failing in its work leaves no
 * empty directories.
 */
final class ReportDirectory {

  private ReportDirectory() {}

  /** Throws naming {@code option} unless the report can be written into {@code out}. */
  static void check(String option, Path out) {
    OutputFile.checkDirectory(option, out, ReportWriter.PLOTS);
    for (String file : List.of(ReportWriter.METRICS, ReportWriter.HTML)) {
      Path target = out.resolve(file);
      if (Files.isDirectory(target)) {
        throw new IllegalArgumentException(
            option + ": " + target + " is a directory, where the report writes its file " + file);
      }
    }
  }

  /** {@link #check}s {@code out} and that it can be created with its plots directory. */
  static void prepare(String option, Path out) throws IOException {
    check(option, out);
    DirectoryCreation.probe(option, out.resolve(ReportWriter.PLOTS));
  }
}
