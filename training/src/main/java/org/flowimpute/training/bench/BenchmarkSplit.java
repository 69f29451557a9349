package org.flowimpute.training.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.table.IoErrors;
import org.flowimpute.table.TableException;
import org.flowimpute.table.Tables;
import org.flowimpute.training.data.BundleTrainer;
import org.flowimpute.training.data.TrainingColumns;
import org.flowimpute.training.data.TrainingTable;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;

/**
 * One split of the seed's benchmark data exactly as its README specifies: which files and rows are
 * train and test, the conditions, targets and weight, the column for per-category errors and the
 * hot-deck cell columns.
 *
 * @param name split name
 * @param train training rows
 * @param test test rows (real targets kept for comparison)
 * @param columns roles of the columns
 * @param categoryColumn column of the per-category mean error
 * @param cellColumns columns whose values form the hot-deck cells
 */
public record BenchmarkSplit(
    String name,
    List<GenericRecord> train,
    List<GenericRecord> test,
    TrainingColumns columns,
    String categoryColumn,
    List<String> cellColumns) {

  /**
   * Trains a bundle on this split's training rows (fingerprinted by the split name), imputed
   * magnitudes capped at {@code clipFactor} x each target's largest training magnitude.
   */
  public BundleTrainer.TrainedBundle trainBundle(
      Architecture architecture,
      TrainingSettings settings,
      double clipFactor,
      TrainingListener listener) {
    TrainingTable table = TrainingTable.of(train, columns);
    return BundleTrainer.of(columns)
        .withArchitecture(architecture)
        .withSettings(settings)
        .withClipFactor(clipFactor)
        .train(table, TrainingDataFingerprint.ofBytes(name.getBytes(), table.rows()), listener);
  }

  /** The simple split's training rows. */
  private static final String SIMPLE_TRAIN = "train_data.csv";

  /** The simple split's test rows. */
  private static final String SIMPLE_TEST = "test_data.csv";

  /** The rows the CPS-like split divides. */
  private static final String CPS_DATA = "cps_test_data.csv";

  /**
   * The indices (0-based, one a line) of the CPS-like split's training rows in {@link #CPS_DATA}.
   */
  private static final String CPS_TRAIN_ROWS = "cps_split_train_rows.txt";

  /** The indices of the CPS-like split's test rows in {@link #CPS_DATA}. */
  private static final String CPS_TEST_ROWS = "cps_split_test_rows.txt";

  /**
   * The splits named by {@code which}: simple, cps, both or none (empty). A file that cannot be
   * read fails with a {@link TableException} whose message begins with its path in {@code dir}
   * ({@code data/train_data.csv row 3: ...}), so that a command can name its option before it.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static List<BenchmarkSplit> load(Path dir, String which) {
    List<BenchmarkSplit> out = new ArrayList<>();
    for (String name : names(which)) {
      out.add(name.equals("simple") ? simple(dir) : cps(dir));
    }
    return out;
  }

  /** The files in {@code dir} that the splits named by {@code which} read. */
  public static List<Path> files(Path dir, String which) {
    List<Path> files = new ArrayList<>();
    for (String name : names(which)) {
      List<String> read =
          name.equals("simple")
              ? List.of(SIMPLE_TRAIN, SIMPLE_TEST)
              : List.of(CPS_DATA, CPS_TRAIN_ROWS, CPS_TEST_ROWS);
      read.forEach(file -> files.add(dir.resolve(file)));
    }
    return files;
  }

  /** "simple", "cps", both or none, as {@code which} names them. */
  private static List<String> names(String which) {
    return switch (which) {
      case "simple" -> List.of("simple");
      case "cps" -> List.of("cps");
      case "both" -> List.of("simple", "cps");
      case "none" -> List.of();
      default ->
          throw new IllegalArgumentException(
              "--split must be simple, cps, both or none, got '" + which + "'");
    };
  }

  /** simple: train_data.csv / test_data.csv; age, education, region -> 4 targets; no weight. */
  public static BenchmarkSplit simple(Path dir) {
    return new BenchmarkSplit(
        "simple",
        table(dir.resolve(SIMPLE_TRAIN)),
        table(dir.resolve(SIMPLE_TEST)),
        new TrainingColumns(
            List.of("age", "education", "region"),
            List.of("income", "assets", "debt", "savings"),
            Set.of("education", "region"),
            null),
        "education",
        List.of("region", "education"));
  }

  /** CPS-like: cps_test_data.csv split by the listed row indices; 10 conditions, 8 targets. */
  public static BenchmarkSplit cps(Path dir) {
    List<GenericRecord> all = table(dir.resolve(CPS_DATA));
    return new BenchmarkSplit(
        "cps",
        rows(all, dir.resolve(CPS_TRAIN_ROWS)),
        rows(all, dir.resolve(CPS_TEST_ROWS)),
        new TrainingColumns(
            List.of(
                "age",
                "is_female",
                "education",
                "marital_status",
                "region",
                "household_size",
                "n_children",
                "is_employed",
                "is_fulltime",
                "is_self_employed"),
            List.of(
                "wage_income",
                "self_emp_income",
                "ss_income",
                "ssi_income",
                "uc_income",
                "investment_income",
                "snap_benefit",
                "eitc"),
            Set.of("education", "marital_status", "region"),
            "weight"),
        "region",
        List.of("region", "is_female"));
  }

  /**
   * The rows of {@code file}; a failure names the file by its path, not its name alone as the
   * readers name it in a row's failure ({@code train_data.csv row 3: ...}).
   */
  private static List<GenericRecord> table(Path file) {
    try {
      return Tables.readAll(file);
    } catch (TableException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      String name = file.getFileName().toString();
      if (message.startsWith(file.toString())) {
        throw e;
      }
      throw new TableException(
          message.startsWith(name)
              ? file + message.substring(name.length())
              : file + ": " + message,
          e);
    }
  }

  /** The rows of {@code all} whose indices {@code indexFile} lists, one a line. */
  private static List<GenericRecord> rows(List<GenericRecord> all, Path indexFile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(indexFile);
    } catch (IOException e) {
      throw new TableException(indexFile + ": " + IoErrors.describe(e), e);
    }
    List<GenericRecord> out = new ArrayList<>();
    for (int l = 0; l < lines.size(); l++) {
      String line = lines.get(l).strip();
      if (line.isEmpty()) {
        continue;
      }
      int index = rowIndex(line, all.size());
      if (index < 0) {
        throw new TableException(
            indexFile
                + " line "
                + (l + 1)
                + ": expected a row index of "
                + CPS_DATA
                + " (0 to "
                + (all.size() - 1)
                + "), got '"
                + line
                + "'");
      }
      out.add(all.get(index));
    }
    return out;
  }

  /** {@code line} as an index below {@code rows}, or -1 if it is none. */
  private static int rowIndex(String line, int rows) {
    try {
      int index = Integer.parseInt(line);
      return index >= 0 && index < rows ? index : -1;
    } catch (NumberFormatException notAnIndex) {
      return -1;
    }
  }
}
