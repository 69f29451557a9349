package org.flowimpute.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.flowimpute.avro.CalibrationWindowReport;
import org.flowimpute.table.AvroFileDamage;
import org.flowimpute.table.IoErrors;

/**
 * The calibration-window reports ({@code CalibrationWindowReport} Avro files that the streaming
 * pipeline writes beside each window) read for the report's diagnostics, in window order, and their
 * summary for metrics.json.
 */
public final class CalibrationWindows {

  /** What metrics.json says about the windows. */
  public record Summary(
      int windows,
      double convergedShare,
      double worstMaxRelativeError,
      double medianMaxRelativeError,
      double smallestKishEss,
      int softenedWindows) {}

  private CalibrationWindows() {}

  /**
   * Every report in the given files or directories (directories: their {@code .avro} files of
   * reports, at least one; other Avro files there are passed over), sorted by window start then
   * group. A file cut inside a data block is refused (Avro's reader takes the cut for the file's
   * end and would drop that block's reports without a word), and so are an empty file, a header cut
   * short and a data block that does not decompress, in the words other commands use for a damaged
   * Avro file ({@link AvroFileDamage}). A path that cannot be read or holds no reports fails with a
   * message that begins with the file or directory ({@code r.json: not a calibration report file:
   * ...}), so that a command can name its option before it: an {@link IllegalArgumentException}, or
   * an {@link UncheckedIOException} when the file system failed.
   */
  public static List<CalibrationWindowReport> read(List<Path> paths) {
    List<CalibrationWindowReport> out = new ArrayList<>();
    for (Path path : paths) {
      for (Path file : files(path)) {
        readFile(file, out);
      }
    }
    out.sort(
        Comparator.comparing(CalibrationWindowReport::getWindowStart)
            .thenComparing(r -> r.getGroupKey() == null ? "" : r.getGroupKey()));
    return out;
  }

  /** Adds the reports of {@code file}, an Avro file of reports, to {@code out}. */
  private static void readFile(Path file, List<CalibrationWindowReport> out) {
    int before = out.size();
    try (DataFileReader<CalibrationWindowReport> reader =
        new DataFileReader<>(
            file.toFile(), new SpecificDatumReader<>(CalibrationWindowReport.class))) {
      long blockStart = reader.previousSync();
      long block = 1;
      try {
        while (reader.hasNext()) {
          out.add(reader.next());
          if (reader.previousSync() != blockStart) {
            blockStart = reader.previousSync();
            block++;
          }
        }
      } catch (AvroRuntimeException e) {
        if (e.getCause() instanceof IOException damage) {
          throw new IllegalArgumentException(
              file
                  + " report "
                  + (out.size() - before + 1)
                  + ": "
                  + AvroFileDamage.damagedBlock(
                      block, reader.getMetaString(DataFileConstants.CODEC), damage, "reports"),
              e);
        }
        throw e;
      }
      if (reader.previousSync() < Files.size(file)) {
        throw new IllegalArgumentException(
            file
                + ": the file ends inside a data block (cut short, or still being written):"
                + " the reports from report "
                + (out.size() - before + 1)
                + " on cannot be read");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          file + ": cannot read calibration reports: " + IoErrors.describe(e), e);
    } catch (AvroRuntimeException e) {
      throw new IllegalArgumentException(
          file + ": cannot read calibration reports: " + e.getMessage(), e);
    }
  }

  private static List<Path> files(Path path) {
    if (!Files.isDirectory(path)) {
      if (isEmpty(path)) {
        throw new IllegalArgumentException(
            path
                + ": not a calibration report file: the file is empty (0 bytes), expected the Avro"
                + " window reports the streaming pipeline writes (<output>-reports-*.avro)");
      }
      if (!isAvro(path)) {
        throw new IllegalArgumentException(
            path
                + ": not a calibration report file: not an Avro file (the streaming pipeline"
                + " writes its window reports as Avro, <output>-reports-*.avro; the JSON report of"
                + " calibrate --report is not read here)");
      }
      String records = recordName(path);
      if (!records.equals(CalibrationWindowReport.SCHEMA$.getFullName())) {
        throw new IllegalArgumentException(
            path
                + ": not a calibration report file: its records are "
                + records
                + ", expected "
                + CalibrationWindowReport.SCHEMA$.getFullName()
                + " records (the reports the streaming pipeline writes)");
      }
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      List<Path> reports =
          walk.filter(p -> p.toString().endsWith(".avro"))
              .filter(CalibrationWindows::holdsReports)
              .sorted()
              .toList();
      if (reports.isEmpty()) {
        throw new IllegalArgumentException(
            path + ": no .avro calibration-window reports in this directory");
      }
      return reports;
    } catch (IOException e) {
      throw new UncheckedIOException(
          path + ": cannot list the directory: " + IoErrors.describe(e), e);
    }
  }

  /**
   * Whether an Avro file's records are {@link CalibrationWindowReport}s: a stream writes its
   * records, reports and dead letters side by side, so a directory holds other Avro files too (they
   * failed the whole command before).
   */
  private static boolean holdsReports(Path file) {
    return recordName(file).equals(CalibrationWindowReport.SCHEMA$.getFullName());
  }

  /** Whether {@code file} has no bytes. */
  private static boolean isEmpty(Path file) {
    try {
      return Files.size(file) == 0;
    } catch (IOException e) {
      throw new UncheckedIOException(
          file
              + ": cannot read its size (looking for calibration reports): "
              + IoErrors.describe(e),
          e);
    }
  }

  /** Whether {@code file} begins as an Avro object container file does ("Obj" and 1). */
  private static boolean isAvro(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return Arrays.equals(in.readNBytes(DataFileConstants.MAGIC.length), DataFileConstants.MAGIC);
    } catch (IOException e) {
      throw new UncheckedIOException(
          file + ": cannot read it (looking for calibration reports): " + IoErrors.describe(e), e);
    }
  }

  /**
   * The full name of the schema of an Avro file's records; a header cut short is named as other
   * commands name it ({@link AvroFileDamage#cutHeader}: it read "…: null").
   */
  private static String recordName(Path file) {
    try (DataFileReader<Object> reader =
        new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
      return reader.getSchema().getFullName();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          file
              + ": "
              + AvroFileDamage.cutHeader(e, file.toFile().length())
                  .orElse(
                      "not a readable Avro file (looking for calibration reports): "
                          + IoErrors.describe(e)),
          e);
    }
  }

  /** The summary of {@code reports} (at least one). */
  public static Summary summarize(List<CalibrationWindowReport> reports) {
    if (reports.isEmpty()) {
      throw new IllegalArgumentException("no calibration-window reports found");
    }
    double[] errors =
        reports.stream().mapToDouble(CalibrationWindowReport::getMaxRelativeError).toArray();
    return new Summary(
        reports.size(),
        reports.stream().filter(CalibrationWindowReport::getConverged).count()
            / (double) reports.size(),
        java.util.Arrays.stream(errors).max().orElseThrow(),
        DistanceToClosestRecord.median(errors),
        reports.stream().mapToDouble(CalibrationWindowReport::getKishEss).min().orElseThrow(),
        (int) reports.stream().filter(CalibrationWindowReport::getSoftened).count());
  }
}
