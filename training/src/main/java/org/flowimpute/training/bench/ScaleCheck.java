package org.flowimpute.training.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.flowimpute.bundle.TrainingDataFingerprint;
import org.flowimpute.training.data.BundleTrainer;
import org.flowimpute.training.data.TrainingColumns;
import org.flowimpute.training.data.TrainingTable;
import org.flowimpute.training.fit.EpochReport;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;

/**
 * The scale check: writes a synthetic CSV of {@code rows} x 40 columns (10 conditions, 4 of them
 * categorical; 30 targets, half zeros, some negative), reads it with the streaming table reader,
 * trains for a few epochs and reports seconds per epoch and the largest heap in use against the
 * JVM's limit (run with -Xmx4g to check the 4 GiB budget).
 */
public final class ScaleCheck {

  /** Name of the synthetic CSV written into the given directory. */
  public static final String FILE_NAME = "scale.csv";

  private static final int CONDITIONS = 10;
  private static final int CATEGORICAL = 4;
  private static final int TARGETS = 30;

  private ScaleCheck() {}

  /** Runs the check and prints its result. */
  public static void run(
      Path dir, int rows, Architecture architecture, TrainingSettings settings, PrintWriter out)
      throws IOException {
    Path csv = dir.resolve(FILE_NAME);
    long start = System.nanoTime();
    write(csv, rows, settings.seed());
    double writeSeconds = (System.nanoTime() - start) / 1e9;
    List<String> conditions = new ArrayList<>();
    Set<String> categorical = new HashSet<>();
    for (int c = 0; c < CONDITIONS; c++) {
      conditions.add("c" + c);
      if (c < CATEGORICAL) {
        categorical.add("c" + c);
      }
    }
    List<String> targets = new ArrayList<>();
    for (int t = 0; t < TARGETS; t++) {
      targets.add("t" + t);
    }
    TrainingColumns columns = new TrainingColumns(conditions, targets, categorical, null);
    HeapWatch heap = new HeapWatch();
    start = System.nanoTime();
    TrainingTable table = TrainingTable.read(csv, columns);
    double readSeconds = (System.nanoTime() - start) / 1e9;
    heap.sample();
    BundleTrainer.TrainedBundle bundle =
        BundleTrainer.of(columns)
            .withArchitecture(architecture)
            .withSettings(settings)
            .train(table, TrainingDataFingerprint.ofFile(csv, rows), heap);
    out.printf(
        Locale.ROOT,
        "%n== scale check: %d rows x %d columns (%.0f MB CSV) ==%nwrite %.1f s, streaming read %.1f s;"
            + " %d epoch(s) at %.1f s/epoch (batch %d);%nlargest heap in use %.0f MiB of %.0f MiB"
            + " max heap%n",
        rows,
        CONDITIONS + TARGETS,
        Files.size(csv) / 1e6,
        writeSeconds,
        readSeconds,
        bundle.summary().epochsRun(),
        bundle.summary().secondsPerEpoch(),
        settings.batchSize(),
        heap.peak / 1048576.0,
        Runtime.getRuntime().maxMemory() / 1048576.0);
    out.flush();
  }

  private static void write(Path csv, int rows, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    try (BufferedWriter writer = Files.newBufferedWriter(csv)) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < CONDITIONS; c++) {
        line.append(c == 0 ? "" : ",").append('c').append(c);
      }
      for (int t = 0; t < TARGETS; t++) {
        line.append(",t").append(t);
      }
      writer.write(line.append('\n').toString());
      double[] condition = new double[CONDITIONS];
      for (int r = 0; r < rows; r++) {
        line.setLength(0);
        for (int c = 0; c < CONDITIONS; c++) {
          if (c < CATEGORICAL) {
            int level = random.nextInt(5);
            condition[c] = level;
            line.append(c == 0 ? "" : ",").append((char) ('a' + level));
          } else {
            condition[c] = random.nextGaussian();
            line.append(',').append(String.format(Locale.ROOT, "%.4f", condition[c]));
          }
        }
        double shared = random.nextGaussian();
        for (int t = 0; t < TARGETS; t++) {
          double drive =
              condition[CATEGORICAL + t % (CONDITIONS - CATEGORICAL)]
                  + 0.3 * condition[t % CATEGORICAL];
          double u = random.nextDouble();
          double value;
          if (u < 0.5) {
            value = 0;
          } else {
            double magnitude =
                Math.exp(8 + 0.5 * drive + 0.5 * shared + 0.5 * random.nextGaussian());
            value = u < 0.55 && t % 5 == 0 ? -magnitude : magnitude;
          }
          line.append(',').append(String.format(Locale.ROOT, "%.2f", value));
        }
        writer.write(line.append('\n').toString());
      }
    }
  }

  /** Samples heap use at every step and epoch. */
  private static final class HeapWatch implements TrainingListener {
    private long peak;

    void sample() {
      Runtime runtime = Runtime.getRuntime();
      peak = Math.max(peak, runtime.totalMemory() - runtime.freeMemory());
    }

    @Override
    public void stepEnded(int epoch, int step, int steps) {
      if (step % 50 == 0) {
        sample();
      }
    }

    @Override
    public void epochEnded(EpochReport report) {
      sample();
    }
  }
}
