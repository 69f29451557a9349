package org.flowimpute.training.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.evaluation.Baselines;
import org.flowimpute.evaluation.EvaluationReport;
import org.flowimpute.evaluation.Evaluator;
import org.flowimpute.evaluation.MethodMetrics;
import org.flowimpute.evaluation.ModelDraws;
import org.flowimpute.evaluation.ModelVsBaselines;
import org.flowimpute.evaluation.ReportWriter;
import org.flowimpute.evaluation.SummaryTable;
import org.flowimpute.evaluation.TargetTable;
import org.flowimpute.training.data.BundleTrainer;
import org.flowimpute.training.data.TrainingColumns;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;

/**
 * train → generate → evaluate on one benchmark split: trains a bundle on the training rows, imputes
 * the test rows {@code draws} times through ONNX Runtime (draw 0 is the synthetic table, all draws
 * feed CRPS), and evaluates the model against the test rows beside the hot-deck and unconditional
 * baselines drawn from the training rows, with DCR of synthetic vs test rows against the training
 * rows; writes metrics.json and report.html per split.
 */
public final class EvaluationBenchmark {

  private final IntFunction<Architecture> architectureForTargets;
  private final TrainingSettings settings;
  private final int draws;

  /**
   * @param architectureForTargets the architecture of a split's model given its number of targets
   *     (e.g. {@link Architecture#defaultsFor}, what {@code train} uses without {@code --hidden})
   */
  public EvaluationBenchmark(
      IntFunction<Architecture> architectureForTargets, TrainingSettings settings, int draws) {
    this.architectureForTargets = architectureForTargets;
    this.settings = settings;
    this.draws = draws;
  }

  /** Runs one split, writes its report under {@code out/<split>} and returns its metrics. */
  public List<MethodMetrics> run(
      BenchmarkSplit split, Path out, TrainingListener listener, PrintWriter log)
      throws IOException {
    TrainingColumns columns = split.columns();
    Architecture architecture = architectureForTargets.apply(columns.targets().size());
    long start = System.nanoTime();
    BundleTrainer.TrainedBundle bundle =
        split.trainBundle(architecture, settings, MagnitudeTransform.DEFAULT_CLIP_FACTOR, listener);
    log.printf(
        java.util.Locale.ROOT,
        "%s: trained %d epochs in %.1f s (%d hidden)%n",
        split.name(),
        bundle.summary().epochsRun(),
        (System.nanoTime() - start) / 1e9,
        architecture.hidden());
    List<String> targets = columns.targets();
    List<String> by = List.of(split.categoryColumn());
    List<String> groups =
        Stream.concat(by.stream(), split.cellColumns().stream()).distinct().toList();
    TargetTable real = TargetTable.of(split.test(), targets, columns.weight(), groups, "test");
    TargetTable donors =
        TargetTable.of(split.train(), targets, columns.weight(), split.cellColumns(), "train");
    double[][][] modelDraws =
        ModelDraws.of(
            bundle.manifest(), bundle::onnx, split.test(), targets, draws, settings.seed());
    TargetTable synthetic = real.withValues(modelDraws[0]);
    Evaluator evaluator = Evaluator.create().withBy(by).withDcr(donors, real, targets);
    String model = "model (" + architecture.flow().name().toLowerCase(java.util.Locale.ROOT) + ")";
    List<MethodMetrics> methods =
        ModelVsBaselines.evaluate(
            evaluator,
            real,
            model,
            synthetic,
            modelDraws,
            Baselines.from(donors, split.cellColumns()),
            settings.seed());
    EvaluationReport report =
        new EvaluationReport(
            new EvaluationReport.Inputs(
                split.name() + " test rows",
                split.name() + " test rows imputed by the model (draw 0)",
                split.name() + " train rows",
                split.name() + " test rows",
                bundle.manifest().modelId(),
                draws,
                settings.seed(),
                targets,
                by,
                split.cellColumns(),
                columns.weight(),
                columns.weight() != null,
                real.rows(),
                synthetic.rows(),
                targets),
            methods,
            null);
    Path page = ReportWriter.write(out.resolve(split.name()), report, real, synthetic, List.of());
    log.print(SummaryTable.text(methods, by));
    log.printf("report: %s%n", page);
    log.flush();
    return methods;
  }
}
