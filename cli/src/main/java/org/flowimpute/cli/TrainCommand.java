package org.flowimpute.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.UnknownCategoryPolicy;
import org.flowimpute.encode.AtomPolicy;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.synth.ConditionSynthesis;
import org.flowimpute.synth.ConditionSynthesisFitter;
import org.flowimpute.synth.NothingReleasedException;
import org.flowimpute.training.data.BundleTrainer;
import org.flowimpute.training.data.TrainingColumns;
import org.flowimpute.training.fit.EpochReport;
import org.flowimpute.training.fit.TrainingListener;
import org.flowimpute.training.fit.TrainingSettings;
import org.flowimpute.training.model.Architecture;
import org.flowimpute.training.model.FlowKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowimpute train}: learns how the targets depend on the conditions from a table (CSV, Avro
 * or Parquet) and writes a model bundle (model.onnx + manifest.json) that {@code generate}, {@code
 * impute} and {@code stream} use. Shows progress (epoch, train/validation NLL, ETA) on stderr and
 * prints the training summary that also goes into the manifest.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Train the gate model and conditional flow on a table; write a model bundle.")
public final class TrainCommand implements Callable<Integer> {

  /** Most flow layers {@code --layers} accepts (the defaults use 4; 8 was measured). */
  static final int MAX_LAYERS = 64;

  /** Most hidden units {@code --hidden} accepts (the defaults use at most 128). */
  static final int MAX_HIDDEN = 4096;

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      description = "Training table (.csv, .avro, .parquet, or a glob of such files).")
  Path data;

  @Option(
      names = "--conditions",
      required = true,
      split = ",",
      description = "Condition columns (demographics), comma-separated.")
  List<String> conditions;

  @Option(
      names = "--targets",
      required = true,
      split = ",",
      description = "Target columns to learn, comma-separated.")
  List<String> targets;

  @Option(
      names = "--categorical",
      split = ",",
      description = "Columns to treat as categories (conditions one-hot; targets categorical).")
  List<String> categorical = List.of();

  @Option(names = "--weight", description = "Survey weight column (default: equal weights).")
  String weight;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "<out>",
      description =
          "Bundle to write: a .zip file, or a directory that is new, empty or a bundle to replace"
              + " (checked before training; a name ending in '/' is a directory).")
  String outName;

  /** The bundle {@code --out} names ({@link BundleOutName}). */
  private Path out;

  @Option(
      names = "--epochs",
      defaultValue = "200",
      description = "Maximum epochs (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "512",
      description = "Mini-batch rows (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--lr",
      defaultValue = "0.001",
      description = "Adam learning rate (default ${DEFAULT-VALUE}).")
  float learningRate;

  @Mixin LearningRateScheduleOption schedule;

  @Option(
      names = "--flow",
      defaultValue = "coupling",
      description = "Flow family: maf or coupling (default ${DEFAULT-VALUE}).")
  String flow;

  @Option(
      names = "--layers",
      defaultValue = "4",
      description = "Flow layers (default ${DEFAULT-VALUE}).")
  int layers;

  @Option(
      names = "--hidden",
      description =
          "Hidden units of the flow conditioners and the gate trunk (default: by the number of"
              + " targets, clamp(8 x targets, 32, 128)).")
  Integer hidden;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--validation-fraction",
      defaultValue = "0.2",
      description = "Share of rows held out for early stopping (default ${DEFAULT-VALUE}).")
  double validationFraction;

  @Option(
      names = "--patience",
      defaultValue = "15",
      description =
          "Epochs without validation improvement before stopping (default ${DEFAULT-VALUE}).")
  int patience;

  @Option(
      names = "--unknown-category",
      defaultValue = "error",
      description =
          "What inference does with a category not seen in training: error (refuse the record)"
              + " or other (impute it as an average category: the known categories' weighted"
              + " training shares) (default ${DEFAULT-VALUE}).")
  String unknownCategory;

  @Option(
      names = "--max-atoms",
      defaultValue = "16",
      description =
          "Most point masses per continuous target: exact values (a benefit's maximum rate, a"
              + " tax credit's plateau) imputed exactly instead of by the flow; 0 turns them off"
              + " (default ${DEFAULT-VALUE}).")
  int maxAtoms;

  @Option(
      names = "--atom-min-share",
      defaultValue = "0.01",
      description =
          "A value becomes a point mass if it carries at least this share of the target's"
              + " nonzero weight (default ${DEFAULT-VALUE}) ...")
  double atomMinShare;

  @Option(
      names = "--atom-min-rows",
      defaultValue = "20",
      description =
          "... and occurs in at least this many rows (default ${DEFAULT-VALUE}; with --synthesis"
              + " K at least K, the default raised to it).")
  int atomMinRows;

  @Option(
      names = "--clip-factor",
      defaultValue = "" + MagnitudeTransform.DEFAULT_CLIP_FACTOR,
      description =
          "Imputed magnitudes of a continuous target are capped at this multiple of its largest"
              + " training magnitude: 1 never goes beyond what training saw, 2 leaves room for a"
              + " tail beyond it (default ${DEFAULT-VALUE}).")
  double clipFactor;

  @Option(
      names = "--missing-targets",
      description =
          "Train with random target masking so that generate/impute fill only the targets a record"
              + " lacks, conditioned on the ones it carries (the bundle then accepts observed"
              + " targets).")
  boolean missingTargets;

  @Option(
      names = "--synthesis",
      arity = "0..1",
      fallbackValue = "" + ConditionSynthesisFitter.DEFAULT_MIN_CELL_ROWS,
      paramLabel = "K",
      description =
          "Also store what `synthesize` needs (synthesis.json): weighted shares of categorical"
              + " condition cells seen in at least K training rows (default K 10; smaller cells are"
              + " suppressed), numeric quantiles (for integer conditions with at most 20 values: the"
              + " share of each value seen in at least K rows) and their copula. No training record"
              + " is stored.")
  Integer synthesis;

  /**
   * Refuses the training settings out of range as usage errors naming the option and the value
   * (they were one "epochs, batch size, learning rate and patience must be positive" with exit 1,
   * and {@code --lr Infinity} was accepted).
   */
  private void requireValidSettings() {
    OptionRanges.requireAtLeast(spec, "--epochs", epochs, 1);
    OptionRanges.requireAtLeast(spec, "--batch-size", batchSize, 1);
    OptionRanges.requireAtLeast(spec, "--patience", patience, 1);
    OptionRanges.requirePositiveFinite(spec, "--lr", learningRate);
    OptionRanges.requireAtLeast(spec, "--max-atoms", maxAtoms, 0);
    OptionRanges.requireShare(spec, "--atom-min-share", atomMinShare);
    OptionRanges.requireAtLeast(spec, "--atom-min-rows", atomMinRows, 2);
    OptionRanges.requireFiniteAtLeast(
        spec, "--clip-factor", clipFactor, 1, "1: never beyond the largest training magnitude");
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--validation-fraction must be in [0, 1) (0: no validation split), got "
              + validationFraction);
    }
  }

  /**
   * Refuses column names with a space before or after them ({@link ColumnOptions}), and household
   * options that clash with the other column options ({@link HouseholdColumnOptions}).
   */
  private void requireColumnNames() {
    CommandLine commandLine = spec.commandLine();
    Map<String, List<String>> lists = new LinkedHashMap<>();
    lists.put("--conditions", conditions);
    lists.put("--targets", targets);
    lists.put("--categorical", categorical);
    lists.put("--weight", weight == null ? List.of() : List.of(weight));
    lists.put("--household-id", householdId == null ? List.of() : List.of(householdId));
    lists.put("--household-age", householdAge == null ? List.of() : List.of(householdAge));
    lists.forEach((option, names) -> ColumnOptions.requireTrimmed(commandLine, option, names));
    if (householdId != null) {
      HouseholdColumnOptions.require(
          commandLine,
          lists,
          HouseholdContext.standard(householdId, householdAge),
          Set.copyOf(categorical));
    }
  }

  /**
   * The columns' roles; names listed twice, a target also listed as a condition, a categorical
   * column that is neither, or a weight that is one of them are usage errors (exit 2), as the other
   * errors in the options are: they exited 1 as if the data were at fault.
   */
  private TrainingColumns columns() {
    try {
      return new TrainingColumns(conditions, targets, new LinkedHashSet<>(categorical), weight);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** K of {@code --synthesis} (0: no synthesis data); K must be at least 1 when given. */
  private int synthesisMinCellRows() {
    if (synthesis == null) {
      return 0;
    }
    if (synthesis < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--synthesis K must be at least 1 (cells seen in fewer than K rows are suppressed), got "
              + synthesis);
    }
    return synthesis;
  }

  /**
   * The rows a point mass needs: {@code --atom-min-rows}, raised to K of {@code --synthesis} when
   * left at its default ({@link #printRaisedAtomRows} says so after training), since a synthesis
   * bundle releases a point mass as an exact value. An explicit {@code --atom-min-rows} below K is
   * a usage error: the bundle could not hold what it asks for.
   */
  private int atomRowsFor(int synthesisRows) {
    if (!atomRowsRaised(synthesisRows)) {
      return atomMinRows;
    }
    if (spec.commandLine().getParseResult().hasMatchedOption("--atom-min-rows")) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          String.format(
              Locale.ROOT,
              "--atom-min-rows %d is below --synthesis %d: a synthesis bundle releases a point mass"
                  + " as an exact value, so only a value held by at least %d rows may be one; give"
                  + " --atom-min-rows %d or more, or leave it out",
              atomMinRows,
              synthesisRows,
              synthesisRows,
              synthesisRows));
    }
    return synthesisRows;
  }

  /** Whether K of {@code --synthesis} ({@code synthesisRows}) raises {@code --atom-min-rows}. */
  private boolean atomRowsRaised(int synthesisRows) {
    return maxAtoms > 0 && atomMinRows < synthesisRows;
  }

  /** Says on stderr that the default {@code --atom-min-rows} was raised to K, if it was. */
  private void printRaisedAtomRows(int synthesisRows) {
    if (atomRowsRaised(synthesisRows)) {
      spec.commandLine()
          .getErr()
          .printf(
              Locale.ROOT,
              "note: --synthesis %d: point masses need at least %d rows (--atom-min-rows raised"
                  + " from its default %d): a synthesis bundle releases no exact value held by"
                  + " fewer than %d rows%n",
              synthesisRows,
              synthesisRows,
              atomMinRows,
              synthesisRows);
    }
  }

  @Option(
      names = "--household-id",
      paramLabel = "FIELD",
      description =
          "Household-aware model: group records by this field and add household_size (and with"
              + " --household-age household_adults, household_children) as conditions.")
  String householdId;

  @Option(
      names = "--household-age",
      paramLabel = "FIELD",
      description = "With --household-id: the age field whose members below 18 count as children.")
  String householdAge;

  @Option(
      names = "--no-progress",
      description =
          "Do not show progress (a bar on a terminal, else one line per epoch on stderr).")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    OptionRanges.requireSize(spec, "--layers", layers, MAX_LAYERS);
    if (hidden != null) {
      OptionRanges.requireSize(spec, "--hidden", hidden, MAX_HIDDEN);
    }
    requireValidSettings();
    requireColumnNames();
    out = BundleOutName.parse(spec, "--out", outName);
    OutputFile.checkBundle("--out", out);
    TrainingColumns columns = columns();
    BundleTrainer trainer =
        BundleTrainer.of(columns)
            .withArchitecture(
                Architecture.defaults()
                    .withFlow(parseFlow(flow))
                    .withFlowLayers(layers)
                    .withHidden(
                        hidden != null ? hidden : Architecture.hiddenFor(columns.targets().size())))
            .withSettings(
                new TrainingSettings(
                    epochs,
                    batchSize,
                    learningRate,
                    seed,
                    validationFraction,
                    patience,
                    schedule.schedule()))
            .withUnknownCategories(parsePolicy(unknownCategory))
            .withAtoms(new AtomPolicy(atomMinShare, atomRowsFor(synthesisMinCellRows()), maxAtoms))
            .withClipFactor(clipFactor)
            .withMissingTargets(missingTargets)
            .withSynthesis(synthesisMinCellRows());
    if (householdId != null && synthesis != null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--synthesis does not go with --household-id: synthesize draws persons one by one and"
              + " refuses a household-aware bundle, so its synthesis.json could never be used");
    }
    if (householdId != null) {
      trainer = trainer.withHousehold(HouseholdContext.standard(householdId, householdAge));
    } else if (householdAge != null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--household-age needs --household-id");
    }
    OptionFiles.requireReadableTable("--data", data);
    trainer = trainer.withDataReader(table -> OptionFiles.reader("--data", table));
    BundleTrainer.TrainedBundle trained;
    try (Progress progress =
        new Progress(!noProgress, System.console() != null, epochs, spec.commandLine().getErr())) {
      trained = trainer.train(data, out, progress);
    } catch (NothingReleasedException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--synthesis "
              + e.minCellRows()
              + ": "
              + e.getMessage()
              + "; use a K of at most "
              + e.largestK(),
          e);
    }
    Manifest manifest = trained.manifest();
    PrintWriter printer = spec.commandLine().getOut();
    var summary = manifest.training();
    printer.printf(
        Locale.ROOT,
        "model %s written to %s%nhidden %s, epochs %d (%s), train NLL %.4f, validation NLL"
            + " %s, %.1f s%n",
        manifest.modelId(),
        out,
        summary.settings().get("hidden"),
        summary.epochs(),
        BestEpochs.of(summary).brief(),
        summary.trainNll(),
        InspectCommand.validationNll(summary),
        summary.seconds());
    ConditionSynthesis synthesisData = trained.synthesis();
    if (synthesisData != null) {
      printRaisedAtomRows(synthesisData.minCellRows());
      printer.printf(
          Locale.ROOT,
          "synthesis: %d %s released (k = %d), %d suppressed (%.2f %% of the weight)%n",
          synthesisData.cells().size(),
          synthesisData.cells().size() == 1 ? "cell" : "cells",
          synthesisData.minCellRows(),
          synthesisData.suppressedCells(),
          100 * trained.suppressedWeightShare());
    }
    printer.flush();
    return ExitCodes.OK;
  }

  static FlowKind parseFlow(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "maf" -> FlowKind.MAF;
      case "coupling" -> FlowKind.COUPLING;
      default -> throw new IllegalArgumentException("--flow must be maf or coupling, got " + text);
    };
  }

  private static UnknownCategoryPolicy parsePolicy(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "error" -> UnknownCategoryPolicy.ERROR;
      case "other" -> UnknownCategoryPolicy.OTHER;
      default ->
          throw new IllegalArgumentException(
              "--unknown-category must be error or other, got " + text);
    };
  }

  /**
   * Shows training progress: a progress bar on the terminal when the JVM has one (drawn on standard
   * output, which {@link System#console()} being there says is the terminal: Java 17 cannot tell
   * whether standard error is one, and a bar on it went into the file of {@code 2>log}), otherwise
   * (a log, a pipe, CI) one complete line per epoch on stderr, since a redrawn bar in a file is
   * unreadable and cut to the assumed width.
   */
  private static final class Progress implements TrainingListener, AutoCloseable {
    private final boolean enabled;
    private final boolean terminal;
    private final int epochs;
    private final PrintWriter err;
    private ProgressBar bar;
    private double secondsSoFar;
    private final Thread endLineOnInterrupt = new Thread(this::endLine, "progress-end-line");

    Progress(boolean enabled, boolean terminal, int epochs, PrintWriter err) {
      this.enabled = enabled;
      this.terminal = terminal;
      this.epochs = epochs;
      this.err = err;
    }

    @Override
    public void warning(String message) {
      err.println("warning: " + message);
      err.flush();
    }

    @Override
    public void stepEnded(int epoch, int step, int steps) {
      if (!enabled || !terminal) {
        return;
      }
      if (bar == null) {
        bar =
            new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax((long) epochs * steps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.out))
                .build();
        Runtime.getRuntime().addShutdownHook(endLineOnInterrupt);
      }
      bar.stepTo((long) (epoch - 1) * steps + step);
    }

    @Override
    public void epochEnded(EpochReport report) {
      secondsSoFar += report.seconds();
      if (bar != null) {
        bar.setExtraMessage(nlls(report));
      } else if (enabled && !terminal) {
        err.println(
            nlls(report)
                + String.format(
                    Locale.ROOT,
                    ", %.1f s (at most %.0f s to go)",
                    report.seconds(),
                    secondsSoFar / report.epoch() * (report.epochs() - report.epoch())));
        err.flush();
      }
    }

    private static String nlls(EpochReport report) {
      return String.format(
          Locale.ROOT,
          "epoch %d/%d train %.3f val %s",
          report.epoch(),
          report.epochs(),
          report.trainNll(),
          Double.isNaN(report.validationNll())
              ? "n/a"
              : String.format(Locale.ROOT, "%.3f", report.validationNll()));
    }

    /** Ends the bar's line when Ctrl-C or kill stops training, so the next output starts anew. */
    private void endLine() {
      System.out.println();
      System.out.flush();
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.maxHint(bar.getCurrent());
        bar.close();
        Runtime.getRuntime().removeShutdownHook(endLineOnInterrupt);
      }
    }
  }
}
