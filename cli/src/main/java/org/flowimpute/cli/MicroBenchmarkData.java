package org.flowimpute.cli;

import java.io.IOException;
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

  /** The selected splits, read from {@code --data-dir}. */
  List<BenchmarkSplit> splits() throws IOException {
    OptionFiles.requireDirectory("--data-dir", dataDir);
    return BenchmarkSplit.load(dataDir, split);
  }
}
