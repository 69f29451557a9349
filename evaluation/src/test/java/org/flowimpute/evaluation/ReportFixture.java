package org.flowimpute.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.flowimpute.avro.CalibrationWindowReport;

/**
 * A small known-truth evaluation written to a directory for the report tests: real and synthetic
 * tables of two weighted targets (income with zeros, savings with negatives) by region, three
 * calibration windows (two converged).
 */
final class ReportFixture {

  static final List<String> TARGETS = List.of("income", "savings");
  static final List<String> BY = List.of("region");

  /** Images the report shows: per target histogram, QQ, one share chart; 2 heatmaps; 3 windows. */
  static final int IMAGES = 2 * 3 + 2 + 3;

  final TargetTable real;
  final TargetTable synthetic;
  final EvaluationReport report;
  final List<CalibrationWindowReport> windows;

  private ReportFixture(Path dir) throws IOException {
    real = table(600, 1, 0.0);
    synthetic = table(500, 2, 0.3);
    Baselines baselines = Baselines.from(table(800, 3, 0.0), BY);
    List<MethodMetrics> methods =
        ModelVsBaselines.evaluate(
            Evaluator.create().withBy(BY).withDcr(table(800, 3, 0), real, TARGETS),
            real,
            "model",
            synthetic,
            null,
            baselines,
            5);
    Path reports = dir.resolve("windows.avro");
    try (DataFileWriter<CalibrationWindowReport> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(CalibrationWindowReport.class))) {
      writer.create(CalibrationWindowReport.getClassSchema(), reports.toFile());
      for (int w = 2; w >= 0; w--) {
        writer.append(window(w));
      }
    }
    windows = CalibrationWindows.read(List.of(reports));
    report =
        new EvaluationReport(
            new EvaluationReport.Inputs(
                "real.csv",
                "synthetic.csv",
                "train.csv",
                "real.csv",
                null,
                0,
                5,
                TARGETS,
                BY,
                BY,
                "w",
                true,
                real.rows(),
                synthetic.rows(),
                TARGETS),
            methods,
            CalibrationWindows.summarize(windows));
  }

  /** Builds the fixture; {@code dir} receives the calibration-report file. */
  static ReportFixture create(Path dir) throws IOException {
    return new ReportFixture(dir);
  }

  /** Window {@code w}: starts at w minutes, converged unless w == 1, max error 0.001·(w+1). */
  static CalibrationWindowReport window(int w) {
    return CalibrationWindowReport.newBuilder()
        .setWindowStart(Instant.ofEpochSecond(60L * w))
        .setWindowEnd(Instant.ofEpochSecond(60L * (w + 1)))
        .setN(1000 + w)
        .setIterations(4 + w)
        .setConverged(w != 1)
        .setMaxRelativeError(0.001 * (w + 1))
        .setKishEss(900 - 10 * w)
        .setLambda(1.0)
        .build();
  }

  /** income: 30 % zeros else lognormal(9 + shift); savings: 20 % negative; regions a/b/c. */
  static TargetTable table(int rows, long seed, double shift) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] values = new double[rows][2];
    double[] weights = new double[rows];
    String[] region = new String[rows];
    for (int r = 0; r < rows; r++) {
      region[r] = List.of("a", "b", "c").get(random.nextInt(3));
      values[r][0] = random.nextDouble() < 0.3 ? 0 : Math.exp(9 + shift + random.nextGaussian());
      values[r][1] =
          (random.nextDouble() < 0.2 ? -1 : 1) * Math.exp(6 + 0.3 * random.nextGaussian())
              + 0.001 * values[r][0];
      weights[r] = 0.5 + random.nextDouble();
    }
    return new TargetTable(TARGETS, values, weights, Map.of("region", region));
  }
}
