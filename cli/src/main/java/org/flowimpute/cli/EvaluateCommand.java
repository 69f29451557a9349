package org.flowimpute.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.avro.CalibrationWindowReport;
import org.flowimpute.bundle.CategoricalTarget;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.bundle.TargetSpec;
import org.flowimpute.evaluation.Baselines;
import org.flowimpute.evaluation.CalibrationWindows;
import org.flowimpute.evaluation.EvaluationReport;
import org.flowimpute.evaluation.Evaluator;
import org.flowimpute.evaluation.MeansAndTotalsTable;
import org.flowimpute.evaluation.MethodMetrics;
import org.flowimpute.evaluation.ModelDraws;
import org.flowimpute.evaluation.ModelVsBaselines;
import org.flowimpute.evaluation.RecordCopies;
import org.flowimpute.evaluation.ReportWriter;
import org.flowimpute.evaluation.SummaryTable;
import org.flowimpute.evaluation.TargetTable;
import org.flowimpute.table.RowNames;
import org.flowimpute.table.TableReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flowimpute evaluate}: real vs synthetic (imputed) data → fidelity, utility and privacy
 * metrics for the model beside a hot-deck and an unconditional-resampling baseline drawn in the
 * same run, written as metrics.json and report.html with PNG plots.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Compare synthetic with real data: metrics.json and report.html, with baselines.")
public final class EvaluateCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @Option(
      names = "--real",
      required = true,
      description = "Real table (.csv/.avro/.parquet, or a glob of such files).")
  Path real;

  @Option(
      names = "--synthetic",
      required = true,
      description =
          "Synthetic (imputed) table with the same target columns (a file, or a glob such as"
              + " the shards' `out-[0-9]*.avro` that `impute` prints).")
  Path synthetic;

  @Option(
      names = "--targets",
      required = true,
      split = ",",
      description = "Numeric target columns to compare.")
  List<String> targets;

  @Option(
      names = "--by",
      split = ",",
      description = "Category columns for per-category mean errors and share plots.")
  List<String> by = List.of();

  @Option(
      names = "--cells",
      split = ",",
      description = "Hot-deck cell columns (default: the --by columns).")
  List<String> cells;

  @Option(
      names = "--weight",
      description =
          "Weight column of the real and training tables (and of the synthetic one if it has it).")
  String weight;

  @Option(
      names = "--train",
      description =
          "Training data of the model: the baselines' donors and the DCR reference (default:"
              + " --real).")
  Path train;

  @Option(
      names = "--holdout",
      description = "Real rows the model never saw: enables DCR (synthetic vs holdout → train).")
  Path holdout;

  @Option(
      names = "--model",
      description = "Model bundle: enables CRPS from --draws imputations of the real rows.")
  Path model;

  @Option(
      names = "--dcr-columns",
      split = ",",
      paramLabel = "all|targets|COLUMN[,COLUMN...]",
      description =
          "Columns the DCR compares: all (the conditions of --model and the --targets), targets,"
              + " or a list of conditions and targets (default: all with --model, else targets).")
  List<String> dcrColumns;

  @Option(
      names = "--draws",
      defaultValue = "20",
      description = "Draws per real row for CRPS (default ${DEFAULT-VALUE}).")
  int draws;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of the baselines and the draws (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--calibration-reports",
      split = ",",
      description = "CalibrationWindowReport Avro files or directories: adds window diagnostics.")
  List<Path> calibrationReports = List.of();

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (draws < 1) {
      throw new ParameterException(spec.commandLine(), "--draws must be at least 1, got " + draws);
    }
    refuseRepeats("--targets", targets);
    refuseRepeats("--by", by);
    if (cells != null) {
      refuseRepeats("--cells", cells);
    }
    if (dcrColumns != null && holdout == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--dcr-columns needs --holdout: the DCR compares synthetic and holdout rows with the"
              + " training rows");
    }
    ReportDirectory.prepare("--out", out);
    List<CalibrationWindowReport> windows = calibrationWindows();
    List<String> cellColumns = cells == null ? by : cells;
    List<String> groupColumns =
        java.util.stream.Stream.concat(by.stream(), cellColumns.stream()).distinct().toList();
    ModelBundle bundle = model == null ? null : OptionFiles.bundle("--model", model);
    if (bundle != null) {
      refuseCategoricalTargets(bundle);
    }
    DcrColumns dcr = DcrColumns.of(spec.commandLine(), dcrColumns, bundle, model, targets);
    requireReadableTables();
    List<String> weightColumn = weight == null ? List.of() : List.of(weight);
    RowNames realNames = new RowNames();
    List<GenericRecord> realRows =
        requireRows(
            "--real", real, readReal(bundle, realNames, concat(groupColumns, weightColumn)));
    TargetTable realTable =
        TargetTable.of(realRows, realNames::of, targets, weight, groupColumns, "real");
    if (holdout != null) {
      dcr.requireColumns("--real", real, realRows.get(0));
      realTable = realTable.withDcrFeatures(dcr.features("--real", realRows, realNames::of));
    }
    RowNames syntheticNames = new RowNames();
    List<GenericRecord> syntheticRows =
        requireRows("--synthetic", synthetic, read("--synthetic", synthetic, syntheticNames, by));
    boolean syntheticWeighted =
        weight != null && syntheticRows.get(0).getSchema().getField(weight) != null;
    TargetTable syntheticTable =
        TargetTable.of(
            syntheticRows,
            syntheticNames::of,
            targets,
            syntheticWeighted ? weight : null,
            by,
            "synthetic");
    if (holdout != null) {
      dcr.requireColumns("--synthetic", synthetic, syntheticRows.get(0));
      syntheticTable =
          syntheticTable.withDcrFeatures(
              dcr.features("--synthetic", syntheticRows, syntheticNames::of));
    }
    RowNames trainNames = realNames;
    List<GenericRecord> trainRows = realRows;
    TargetTable donors = realTable;
    if (train != null) {
      trainNames = new RowNames();
      trainRows =
          requireRows(
              "--train",
              train,
              read("--train", train, trainNames, concat(cellColumns, weightColumn)));
      donors = TargetTable.of(trainRows, trainNames::of, targets, weight, cellColumns, "train");
      if (holdout != null) {
        dcr.requireColumns("--train", train, trainRows.get(0));
        donors = donors.withDcrFeatures(dcr.features("--train", trainRows, trainNames::of));
      }
    }
    Evaluator evaluator = Evaluator.create().withBy(by);
    if (holdout != null) {
      RowNames holdoutNames = new RowNames();
      List<GenericRecord> holdoutRows =
          requireRows("--holdout", holdout, read("--holdout", holdout, holdoutNames, List.of()));
      HoldoutOverlap.refuse(
          holdoutRows, holdoutNames, trainRows, trainNames, train == null ? "--real" : "--train");
      dcr.requireColumns("--holdout", holdout, holdoutRows.get(0));
      TargetTable holdoutTable =
          TargetTable.of(holdoutRows, holdoutNames::of, targets, null, List.of(), "holdout")
              .withDcrFeatures(dcr.features("--holdout", holdoutRows, holdoutNames::of));
      evaluator = evaluator.withDcr(donors, holdoutTable, dcr.targets());
    }
    double[][][] modelDraws = null;
    if (bundle != null) {
      modelDraws =
          ModelDraws.of(
              bundle.manifest(),
              bundle::modelBytes,
              realRows,
              row -> "real " + realNames.of(row),
              targets,
              draws,
              seed);
    }
    List<MethodMetrics> methods =
        ModelVsBaselines.evaluate(
            evaluator,
            realTable,
            "model",
            syntheticTable,
            modelDraws,
            Baselines.from(donors, cellColumns),
            seed);
    EvaluationReport report =
        new EvaluationReport(
            new EvaluationReport.Inputs(
                real.toString(),
                synthetic.toString(),
                train == null ? real.toString() : train.toString(),
                holdout == null ? null : holdout.toString(),
                model == null ? null : model.toString(),
                model == null ? 0 : draws,
                seed,
                targets,
                by,
                cellColumns,
                weight,
                syntheticWeighted,
                realTable.rows(),
                syntheticTable.rows(),
                holdout == null ? null : dcr.names()),
            methods,
            windows.isEmpty() ? null : CalibrationWindows.summarize(windows));
    Path page = ReportWriter.write(out, report, realTable, syntheticTable, windows);
    PrintWriter printer = spec.commandLine().getOut();
    warnOfUncoveredCategories(methods);
    if (weight != null && !syntheticWeighted) {
      printer.printf("note: %s has no column '%s'; its rows count once each%n", synthetic, weight);
    }
    printer.print(SummaryTable.text(methods, by));
    printer.printf("%nper target (err: synthetic / real − 1, – where the real mean is 0):%n");
    printer.print(MeansAndTotalsTable.text(methods));
    if (holdout != null) {
      printCopies(printer, methods.get(0), trainNames, dcr);
    }
    printer.printf("wrote %s and %s%n", out.resolve(ReportWriter.METRICS), page);
    printer.flush();
    return ExitCodes.OK;
  }

  /**
   * The calibration-window reports of {@code --calibration-reports}; a path that is missing, cannot
   * be read or holds no reports is refused naming the option ({@code --calibration-reports r.json:
   * not a calibration report file: ...}): only a missing one did, the others named the file alone.
   */
  private List<CalibrationWindowReport> calibrationWindows() {
    for (Path reports : calibrationReports) {
      OptionFiles.requireExists("--calibration-reports", reports);
    }
    try {
      return CalibrationWindows.read(calibrationReports);
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("--calibration-reports " + e.getMessage(), e.getCause());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--calibration-reports " + e.getMessage(), e);
    }
  }

  /**
   * A usage error for a {@code --targets} column that is a categorical target of {@code --model}:
   * evaluate compares numeric targets only.
   */
  private void refuseCategoricalTargets(ModelBundle bundle) {
    for (TargetSpec target : bundle.manifest().targets()) {
      if (target instanceof CategoricalTarget && targets.contains(target.name())) {
        throw new ParameterException(
            spec.commandLine(),
            "--targets "
                + target.name()
                + ": evaluate compares numeric targets only, and '"
                + target.name()
                + "' is a categorical target of --model "
                + model
                + "; leave it out of --targets");
      }
    }
  }

  /**
   * Refuses, naming the option, an input table that is missing or cannot be read, before any table
   * is read: a missing --holdout was found only after --real, --synthetic and --train had been
   * read.
   */
  private void requireReadableTables() {
    OptionFiles.requireReadableTable("--real", real);
    OptionFiles.requireReadableTable("--synthetic", synthetic);
    if (train != null) {
      OptionFiles.requireReadableTable("--train", train);
    }
    if (holdout != null) {
      OptionFiles.requireReadableTable("--holdout", holdout);
    }
  }

  /**
   * The rows of {@code option}'s {@code table}, checked as it is opened ({@link EvaluatedTable}).
   */
  private List<GenericRecord> read(
      String option, Path table, RowNames names, List<String> otherColumns) {
    try (TableReader reader = OptionFiles.reader(option, table)) {
      return EvaluatedTable.read(
          spec.commandLine(), option, table, reader, names, targets, otherColumns);
    }
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return java.util.stream.Stream.concat(first.stream(), second.stream()).distinct().toList();
  }

  /** {@code rows}, read from {@code option}'s {@code table}, unless there are none. */
  private static List<GenericRecord> requireRows(
      String option, Path table, List<GenericRecord> rows) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(option + " " + table + " has no rows to evaluate");
    }
    return rows;
  }

  /** Throws a usage error naming {@code option} when {@code columns} names a column twice. */
  private void refuseRepeats(String option, List<String> columns) {
    Set<String> seen = new HashSet<>();
    for (String column : columns) {
      if (!seen.add(column)) {
        throw new ParameterException(
            spec.commandLine(),
            option + " names column '" + column + "' more than once; name each column once");
      }
    }
  }

  /**
   * Prints the copies of unique training rows of the model's synthetic table ({@link
   * RecordCopies}), and warns of them on stderr, naming the most copied training row; the
   * baselines' copies go to the report only (both draw training rows' targets, so they copy by
   * design). The lines name the columns the DCR compared ({@code --dcr-columns}).
   */
  private void printCopies(
      PrintWriter printer, MethodMetrics model, RowNames trainNames, DcrColumns dcr) {
    RecordCopies.Result copies = model.dcr().copies();
    printer.printf("%nDCR on %s (%s): %s%n", dcr.describe(), model.method(), copies.summary());
    if (copies.flagged()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "warning: "
              + model.method()
              + " ("
              + synthetic
              + "): "
              + copies.warning(trainNames::of)
              + " (DCR on "
              + dcr.describe()
              + ", against "
              + (train == null ? "--real " + real : "--train " + train)
              + ")");
      err.flush();
    }
  }

  /**
   * Warns, on stderr, of the categories of one table only, which the category errors leave out: a
   * real category without synthetic rows scored as synthetic mean 0 before, silently.
   */
  private void warnOfUncoveredCategories(List<MethodMetrics> methods) {
    PrintWriter err = spec.commandLine().getErr();
    for (MethodMetrics method : methods) {
      method
          .categoryCoverage()
          .forEach(
              (column, coverage) -> {
                String line = coverage.describe(column, method.method());
                if (!line.isEmpty()) {
                  err.println("warning: " + line);
                }
              });
    }
    err.flush();
  }

  /**
   * The real table; with a household-aware {@code bundle} (null: none) its household ids are text
   * from CSV, as {@code generate} reads them, so the model's draws group the same households.
   */
  private List<GenericRecord> readReal(
      ModelBundle bundle, RowNames names, List<String> otherColumns) {
    String householdId =
        bundle != null && bundle.manifest().household().isPresent()
            ? bundle.manifest().household().idField()
            : null;
    try (TableReader reader = TextColumnInput.of("--real", real, householdId).open()) {
      return EvaluatedTable.read(
          spec.commandLine(), "--real", real, reader, names, targets, otherColumns);
    }
  }
}
