package org.flowimpute.training.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.TrainingDataFingerprint;
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

  /**
   * The splits named by {@code which}: simple, cps, both or none (empty).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static List<BenchmarkSplit> load(Path dir, String which) throws IOException {
    List<BenchmarkSplit> out = new ArrayList<>();
    switch (which) {
      case "simple" -> out.add(simple(dir));
      case "cps" -> out.add(cps(dir));
      case "both" -> {
        out.add(simple(dir));
        out.add(cps(dir));
      }
      case "none" -> {}
      default ->
          throw new IllegalArgumentException(
              "--split must be simple, cps, both or none, got '" + which + "'");
    }
    return out;
  }

  /** simple: train_data.csv / test_data.csv; age, education, region -> 4 targets; no weight. */
  public static BenchmarkSplit simple(Path dir) {
    return new BenchmarkSplit(
        "simple",
        Tables.readAll(dir.resolve("train_data.csv")),
        Tables.readAll(dir.resolve("test_data.csv")),
        new TrainingColumns(
            List.of("age", "education", "region"),
            List.of("income", "assets", "debt", "savings"),
            Set.of("education", "region"),
            null),
        "education",
        List.of("region", "education"));
  }

  /** CPS-like: cps_test_data.csv split by the listed row indices; 10 conditions, 8 targets. */
  public static BenchmarkSplit cps(Path dir) throws IOException {
    List<GenericRecord> all = Tables.readAll(dir.resolve("cps_test_data.csv"));
    return new BenchmarkSplit(
        "cps",
        rows(all, dir.resolve("cps_split_train_rows.txt")),
        rows(all, dir.resolve("cps_split_test_rows.txt")),
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

  private static List<GenericRecord> rows(List<GenericRecord> all, Path indexFile)
      throws IOException {
    List<GenericRecord> out = new ArrayList<>();
    for (String line : Files.readAllLines(indexFile)) {
      if (!line.isBlank()) {
        out.add(all.get(Integer.parseInt(line.trim())));
      }
    }
    return out;
  }
}
