package org.flowimpute.cli;

import java.nio.file.Path;
import java.util.List;
import org.flowimpute.training.bench.BenchmarkSplit;
import picocli.CommandLine.Option;

/** The benchmark data options that {@code bench train} and {@code bench evaluate} share. */
public final class MicroBenchmarkData {

  @Option(
      names = "--data-dir",
      required = true,
      description =
          "Directory with train_data.csv, test_data.csv, cps_test_data.csv and split files.")
  Path dataDir;

  @Option(
      names = "--split",
      defaultValue = "both",
      description =
          "simple, cps or both (default ${DEFAULT-VALUE}); bench train also takes none (no"
              + " split).")
  String split;

  /**
   * The selected splits, read from {@code --data-dir}; a file there that is missing, unreadable or
   * malformed is refused naming the option and the file ({@code --data-dir data/train_data.csv row
   * 3: ...}): only a missing directory named the option.
   */
  List<BenchmarkSplit> splits() {
    OptionFiles.requireDirectory("--data-dir", dataDir);
    for (Path file : BenchmarkSplit.files(dataDir, split)) {
      OptionFiles.requireReadableFile("--data-dir", file);
    }
    return OptionFiles.reading("--data-dir", dataDir, () -> BenchmarkSplit.load(dataDir, split));
  }
}
