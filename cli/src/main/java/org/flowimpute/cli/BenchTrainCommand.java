package org.flowimpute.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.training.bench.BenchmarkSplit;
import org.flowimpute.training.bench.MicroBenchmark;
import org.flowimpute.training.bench.ScaleCheck;
import org.flowimpute.training.fit.EpochReport;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.flowimpute.training.model.FlowKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flowimpute bench train}: the seed's micro benchmark (simple and CPS-like splits exactly as
 * its README specifies) with the model beside an unconditional resampling floor and a hot-deck
 * baseline computed in the same run, fit seconds per epoch, generation rows/s against micro's, and
 * optionally the 1,000,000 x 40 scale check.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Train/generate benchmark on the micro benchmark data, with baselines.")
public final class BenchTrainCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @Mixin MicroBenchmarkData data;

  @Option(
      names = "--flow",
      defaultValue = "coupling",
      description = "maf, coupling or both (default ${DEFAULT-VALUE}).")
  String flow;

  @Option(
      names = "--epochs",
      defaultValue = "200",
      description = "Maximum epochs (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "256",
      description = "Mini-batch rows (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--layers",
      defaultValue = "4",
      description = "Flow layers (default ${DEFAULT-VALUE}).")
  int layers;

  @Option(
      names = "--hidden",
      description =
          "Hidden units of the flow conditioners and the gate trunk (default: by the split's"
              + " targets, clamp(8 x targets, 32, 128): simple 32, CPS-like 64).")
  Integer hidden;

  @Option(
      names = "--gate-hidden",
      defaultValue = "32",
      description = "Hidden units per gate head (default ${DEFAULT-VALUE}).")
  int gateHidden;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--lr",
      defaultValue = "1e-3",
      description = "Adam learning rate (default ${DEFAULT-VALUE}).")
  float learningRate;

  @Mixin LearningRateScheduleOption schedule;

  @Option(
      names = "--draws",
      defaultValue = "" + MicroBenchmark.DEFAULT_DRAWS,
      description =
          "Generation draws the metrics are averaged over (draw d = generate --seed seed+d;"
              + " floor and hot-deck get as many; default ${DEFAULT-VALUE}).")
  int draws;

  @Option(
      names = "--clip-factor",
      defaultValue = "" + MagnitudeTransform.DEFAULT_CLIP_FACTOR,
      description =
          "Cap of imputed magnitudes as a multiple of each target's largest training magnitude,"
              + " as train --clip-factor (default ${DEFAULT-VALUE}).")
  double clipFactor;

  @Option(
      names = "--auc-draws",
      defaultValue = "1",
      description =
          "Draws that also get the discriminator AUC, the slow metric (default ${DEFAULT-VALUE}).")
  int aucDraws;

  @Option(
      names = "--scale-rows",
      defaultValue = "0",
      description =
          "Also run the scale check with this many rows x 40 columns (0, the default: skip).")
  int scaleRows;

  @Option(
      names = "--scale-epochs",
      defaultValue = "1",
      description = "Epochs of the scale check (default ${DEFAULT-VALUE}).")
  int scaleEpochs;

  @Override
  public Integer call() throws Exception {
    OptionRanges.requireAtLeast(spec, "--draws", draws, 1);
    OptionRanges.requireBetween(spec, "--auc-draws", aucDraws, 0, draws);
    OptionRanges.requireAtLeast(spec, "--scale-rows", scaleRows, 0);
    requireValidSettings();
    List<FlowKind> flows = flows();
    PrintWriter out = spec.commandLine().getOut();
    TrainingSettings settings =
        TrainingSettings.defaults()
            .withEpochs(epochs)
            .withBatchSize(batchSize)
            .withSeed(seed)
            .withLearningRate(learningRate)
            .withSchedule(schedule.schedule());
    List<BenchmarkSplit> splits = data.splits();
    for (BenchmarkSplit benchmarkSplit : splits) {
      for (FlowKind kind : flows) {
        Architecture architecture =
            Architecture.defaultsFor(benchmarkSplit.columns().targets().size())
                .withFlow(kind)
                .withFlowLayers(layers)
                .withGateHidden(gateHidden);
        if (hidden != null) {
          architecture = architecture.withHidden(hidden);
        }
        new MicroBenchmark(architecture, settings, out)
            .withDraws(draws)
            .withAucDraws(aucDraws)
            .withClipFactor(clipFactor)
            .run(benchmarkSplit, epochLog(out));
      }
    }
    if (scaleRows > 0) {
      Path dir = Files.createTempDirectory("flowimpute-scale");
      try {
        ScaleCheck.run(
            dir,
            scaleRows,
            Architecture.defaults().withFlow(flows.get(0)),
            TrainingSettings.defaults()
                .withEpochs(scaleEpochs)
                .withBatchSize(2048)
                .withSeed(seed)
                .withValidationFraction(0.05),
            out);
      } finally {
        Files.deleteIfExists(dir.resolve(ScaleCheck.FILE_NAME));
        Files.deleteIfExists(dir);
      }
    }
    return ExitCodes.OK;
  }

  /**
   * Refuses the network sizes and training settings as {@code train} does, naming the option,
   * before the benchmark starts: {@code --scale-epochs 0} failed only after the whole split
   * benchmark, with "epochs must be at least 1, got 0", {@code --layers 0} with one message naming
   * no option.
   */
  private void requireValidSettings() {
    OptionRanges.requireAtLeast(spec, "--epochs", epochs, 1);
    OptionRanges.requireAtLeast(spec, "--batch-size", batchSize, 1);
    OptionRanges.requirePositiveFinite(spec, "--lr", learningRate);
    OptionRanges.requireSize(spec, "--layers", layers, TrainCommand.MAX_LAYERS);
    if (hidden != null) {
      OptionRanges.requireSize(spec, "--hidden", hidden, TrainCommand.MAX_HIDDEN);
    }
    OptionRanges.requireSize(spec, "--gate-hidden", gateHidden, TrainCommand.MAX_HIDDEN);
    OptionRanges.requireAtLeast(spec, "--scale-epochs", scaleEpochs, 1);
    OptionRanges.requireFiniteAtLeast(
        spec, "--clip-factor", clipFactor, 1, "1: never beyond the largest training magnitude");
  }

  /** The flows of --flow: maf, coupling or both (coupling first), in any case. */
  private List<FlowKind> flows() {
    return switch (flow.toLowerCase(Locale.ROOT)) {
      case "maf" -> List.of(FlowKind.MAF);
      case "coupling" -> List.of(FlowKind.COUPLING);
      case "both" -> List.of(FlowKind.COUPLING, FlowKind.MAF);
      default ->
          throw new ParameterException(
              spec.commandLine(), "--flow must be maf, coupling or both, got '" + flow + "'");
    };
  }

  private static TrainingListener epochLog(PrintWriter out) {
    return new TrainingListener() {
      @Override
      public void epochEnded(EpochReport report) {
        if (report.epoch() % 10 == 0) {
          out.printf(
              Locale.ROOT,
              "  epoch %d: train %.4f, validation %.4f, lr gate %.2g flow %.2g (%.2f s)%n",
              report.epoch(),
              report.trainNll(),
              report.validationNll(),
              report.gateLearningRate(),
              report.flowLearningRate(),
              report.seconds());
          out.flush();
        }
      }
    };
  }
}
