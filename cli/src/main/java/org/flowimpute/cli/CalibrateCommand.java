package org.flowimpute.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.calibrate.CalibrationData;
import org.flowimpute.calibrate.CalibrationException;
import org.flowimpute.calibrate.CalibrationProblem;
import org.flowimpute.calibrate.CalibrationResult;
import org.flowimpute.calibrate.Calibrator;
import org.flowimpute.calibrate.ConstraintReport;
import org.flowimpute.calibrate.HouseholdProblem;
import org.flowimpute.calibrate.NotConvergedException;
import org.flowimpute.calibrate.OnInfeasible;
import org.flowimpute.calibrate.ProblemBuilder;
import org.flowimpute.calibrate.RecordColumns;
import org.flowimpute.calibrate.SolveReport;
import org.flowimpute.calibrate.SolverOptions;
import org.flowimpute.calibrate.WeightBounds;
import org.flowimpute.calibrate.targets.TargetColumns;
import org.flowimpute.calibrate.targets.TargetLabel;
import org.flowimpute.calibrate.targets.TargetSpec;
import org.flowimpute.calibrate.targets.TargetsFile;
import org.flowimpute.calibrate.targets.TargetsReader;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.table.IoErrors;
import org.flowimpute.table.RowNames;
import org.flowimpute.table.TableException;
import org.flowimpute.table.TableFormat;
import org.flowimpute.table.Tables;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flowimpute calibrate}: recalibrates a table's survey weights to the targets of a YAML or
 * JSON targets file with Entropic Marginal Matching (raking), or with R survey's linear (GREG) or
 * logit distance ({@code --calfun}), and writes the table back with the calibrated weight as an
 * extra column, plus an optional JSON report of the solve. See docs/calibration.md.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Calibrate survey weights to target statistics (Entropic Marginal Matching, i.e. raking;"
          + " linear (GREG) or logit with --calfun).",
      "Writes the data with a calibrated weight column; infeasible targets fail naming them,"
          + " or are softened to least squares with --on-infeasible=soften."
    })
public final class CalibrateCommand implements Callable<Integer> {
  /** Relative miss of a soft target above which the summary warns. */
  static final double SOFT_MISS_WARNING = 0.1;

  private static final long PROGRESS_MIN_RECORDS = 100_000L;

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE",
      description =
          "Records to calibrate (.csv, .avro, .parquet; or a glob of such files, e.g. the"
              + " shards' out-[0-9]*.avro that `impute` prints, read in name order as one table).")
  Path data;

  @Option(
      names = "--weight",
      required = true,
      paramLabel = "FIELD",
      description = "Field holding the base weights q.")
  String weight;

  @Option(
      names = "--targets",
      required = true,
      paramLabel = "FILE",
      description = "Targets file (.yaml/.yml or .json).")
  Path targets;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Output table (.csv, .avro, .parquet): the data plus the calibrated weight.")
  Path out;

  @Option(
      names = "--weight-out",
      paramLabel = "FIELD",
      description = "Name of the calibrated weight field (default: <weight>_calibrated).")
  String weightOut;

  @Option(
      names = "--calfun",
      defaultValue = "raking",
      paramLabel = "raking|linear|logit",
      converter = CalibrationFunction.Converter.class,
      description =
          "Distance to the base weights, as R survey's calfun: raking (default: EMM, entropy,"
              + " weights never negative), linear (GREG, chi-square: without --bounds weights may"
              + " be negative; with --bounds truncated linear) or logit (needs finite --bounds)."
              + " Each works with --on-infeasible=soften.")
  CalibrationFunction calfun;

  @Option(
      names = "--household-id",
      paramLabel = "FIELD",
      description =
          "Integrated household calibration: one weight per household (persons sharing this id),"
              + " person targets summed per household, householdTargets counted once per"
              + " household.")
  String householdId;

  @Option(
      names = "--lambda",
      defaultValue = "1",
      paramLabel = "λ",
      description =
          "Weight of the distance to the base weights (the entropy for raking, see --calfun)"
              + " against least-squares/KL targets (default: ${DEFAULT-VALUE}).")
  double lambda;

  @Option(
      names = "--bounds",
      paramLabel = "L,U",
      description =
          "Keep L·q <= w <= U·q, with L <= 1 <= U and L < U (e.g. 0.5,3). Without it: w >= 0"
              + " (raking), no bounds (--calfun linear).")
  String bounds;

  @Option(
      names = "--on-infeasible",
      defaultValue = "fail",
      paramLabel = "fail|soften",
      converter = InfeasiblePolicy.class,
      description =
          "Infeasible hard targets: fail (default) or soften the conflicting ones to least"
              + " squares (with every --calfun).")
  OnInfeasible onInfeasible;

  @Option(
      names = "--soften-lambda",
      defaultValue = "1e-4",
      paramLabel = "λ",
      description =
          "λ of the least-squares re-solve with --on-infeasible=soften (default:"
              + " ${DEFAULT-VALUE}).")
  double softenLambda;

  @Option(names = "--report", paramLabel = "FILE", description = "Write a JSON report here.")
  Path report;

  @Option(
      names = "--tolerance",
      defaultValue = "1e-10",
      description = "Relative optimality tolerance (default: ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(
      names = "--max-iterations",
      defaultValue = "100",
      description =
          "Newton step limit of one solve, counted over all stages of the continuation that"
              + " weight bounds with soft targets use (default: ${DEFAULT-VALUE}).")
  int maxIterations;

  @Option(
      names = "--progress",
      description = "Print one line per Newton step on stderr (automatic for >= 100000 records).")
  boolean progress;

  @Override
  public Integer call() {
    String outputField = weightOut != null ? weightOut : weight + "_calibrated";
    SolverOptions options = solverOptions();
    checkOutputOptions();
    OptionFiles.requireReadableTable("--data", data);
    StalePartials.remove(out, spec.commandLine().getErr());
    OptionFiles.requireReadableFile("--targets", targets);
    TargetsFile targetsFile = TargetsReader.read(targets);
    if (householdId == null && targetsFile.hasHouseholdTargets()) {
      throw new ParameterException(
          spec.commandLine(),
          "--targets "
              + targets
              + " has householdTargets (householdTargets[0] is '"
              + targetsFile.householdTargets().get(0).name()
              + "'): they need the records' household id column, --household-id FIELD");
    }
    RowNames rowNames = new RowNames();
    List<GenericRecord> records =
        OptionFiles.reading("--data", data, () -> Tables.readAll(data, rowNames));
    if (records.isEmpty()) {
      throw new IllegalArgumentException("--data " + data + " has no records to calibrate");
    }
    try {
      TargetColumns.requireIn(targetsFile, records.get(0).getSchema());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(targetsSource() + ": " + e.getMessage(), e);
    }
    CalibrationData calibrationData = calibrationData(records, rowNames, targetsFile);
    if (records.get(0).getSchema().getField(outputField) != null) {
      throw new IllegalArgumentException(
          "the data already has a field '" + outputField + "': choose another --weight-out");
    }
    HouseholdProblem households =
        householdId == null
            ? null
            : HouseholdProblem.build(
                targetsFile, calibrationData, householdIds(records, rowNames), targetsSource());
    CalibrationProblem problem =
        households == null
            ? ProblemBuilder.build(targetsFile, calibrationData, targetsSource())
            : households.problem();
    PrintWriter err = spec.commandLine().getErr();
    if (progress || records.size() >= PROGRESS_MIN_RECORDS) {
      options =
          options.withProgress(
              step -> {
                err.println(step.describe());
                err.flush();
              });
    }
    CalibrationResult result = solve(options, problem, outputField);
    double[] weights =
        households == null ? result.weights() : households.personWeights(result.weights());
    writeOutput(records, outputField, weights);
    VanishingWeights vanishing = VanishingWeights.of(weights, calibrationData);
    NegativeWeights negative = NegativeWeights.of(weights, calibrationData);
    if (report != null) {
      writeReport(result.report(), outputField, vanishing.summary(), negative.summary());
    }
    printSummary(
        result.report(),
        outputField,
        records.size(),
        targetsFile.targets().size() + targetsFile.householdTargets().size(),
        negative.count());
    Stream.of(negative.warning(result.report().softened(), options.bounds()), vanishing.warning())
        .flatMap(Optional::stream)
        .forEach(
            warning -> {
              err.println(warning);
              err.flush();
            });
    return ExitCodes.OK;
  }

  /**
   * Calibrates; a solve that does not converge fails with its message, after writing the report of
   * its last iterate (marked not converged) to --report if one is given: the constraints still
   * missed are what a user needs then, and no report was written.
   */
  private CalibrationResult solve(
      SolverOptions options, CalibrationProblem problem, String outputField) {
    try {
      return Calibrator.with(options).calibrate(problem);
    } catch (NotConvergedException e) {
      if (report == null) {
        throw new CalibrationException(
            e.getMessage()
                + " (--report FILE writes the report of the last iterate, constraint by"
                + " constraint)",
            e);
      }
      writeReport(e.report(), outputField, null, null);
      throw new CalibrationException(
          e.getMessage()
              + "; wrote the report of the last iterate (marked not converged) to "
              + report
              + ", and no --out",
          e);
    }
  }

  /**
   * The solver settings of the options, refused as usage errors naming the option when out of range
   * ({@link #checkSolverOptions}), when --calfun cannot go with them ({@link #checkCalfun}) or when
   * the --bounds do not suit the divergence ({@link #parseBounds}, {@link
   * #requireBoundsOfDivergence}). Without --bounds the bounds are those R uses for the --calfun.
   */
  private SolverOptions solverOptions() {
    checkSolverOptions();
    checkCalfun();
    SolverOptions options =
        SolverOptions.defaults()
            .withDivergence(calfun.divergence())
            .withBounds(bounds == null ? calfun.defaultBounds() : parseBounds())
            .withLambda(lambda)
            .withTolerance(tolerance)
            .withMaxIterations(maxIterations)
            .withOnInfeasible(onInfeasible)
            .withSoftenLambda(softenLambda);
    requireBoundsOfDivergence(options);
    return options;
  }

  /**
   * Refuses, as a usage error naming both options, --calfun logit without --bounds: its distance
   * needs finite bounds, as R's does.
   */
  private void checkCalfun() {
    if (calfun == CalibrationFunction.LOGIT && bounds == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--calfun logit needs finite --bounds L,U with 0 <= L < 1 < U (the logit distance keeps"
              + " every w/q strictly inside them), e.g. --bounds 0.5,2.2");
    }
  }

  /**
   * Refuses bounds the divergence in use cannot keep, as a usage error naming --bounds: a negative
   * lower bound for entropy calibration, whose weights are never negative, failed with exit 1 after
   * the data had been read, in words that named no option; and bounds that are not finite on both
   * sides of 1 for logit calibration, naming --calfun too.
   */
  private void requireBoundsOfDivergence(SolverOptions options) {
    try {
      options.divergence();
    } catch (IllegalArgumentException e) {
      String hint =
          calfun == CalibrationFunction.LOGIT
              ? "--calfun logit keeps every w/q strictly inside finite bounds, e.g. 0.5,2.2"
              : "L = 0 puts no lower bound beyond w >= 0, e.g. 0,3";
      throw new ParameterException(
          spec.commandLine(), "--bounds: " + e.getMessage() + ": " + hint, e);
    }
  }

  /**
   * The --bounds, refused as a usage error naming the option when they are no interval L < U that
   * contains 1 (the error named neither the option nor the rule's reason).
   */
  private WeightBounds parseBounds() {
    try {
      return WeightBounds.parse(bounds);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--bounds: "
              + e.getMessage()
              + ": the solve starts from the base weights (w = q), so L <= 1 <= U with L < U,"
              + " e.g. 0.5,3");
    }
  }

  /**
   * Refuses solver settings out of range as usage errors naming the option (the solver's own check
   * named its Java field, e.g. "maxIterations must be >= 1", and exited 1).
   */
  private void checkSolverOptions() {
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new ParameterException(
          spec.commandLine(), "--lambda must be positive and finite, got " + lambda);
    }
    if (!(softenLambda > 0) || Double.isInfinite(softenLambda)) {
      throw new ParameterException(
          spec.commandLine(), "--soften-lambda must be positive and finite, got " + softenLambda);
    }
    if (!(tolerance > 0) || tolerance >= 1) {
      throw new ParameterException(
          spec.commandLine(), "--tolerance must be in (0, 1), got " + tolerance);
    }
    if (maxIterations < 1) {
      throw new ParameterException(
          spec.commandLine(), "--max-iterations must be at least 1, got " + maxIterations);
    }
  }

  /**
   * Refuses, before any data is read or solved, output options that could only fail at the end: an
   * --out without a table extension, a --weight-out that is no field name, and an --out or --report
   * that is a directory or lies where no directory can be made; a --report that is a file --data
   * names, or an --out that is one of several files a --data glob names; and outputs that name the
   * same file as each other or as --targets ({@link #checkOutputsApart}).
   */
  private void checkOutputOptions() {
    try {
      TableFormat.of(out);
    } catch (TableException e) {
      throw new ParameterException(spec.commandLine(), "--out: " + e.getMessage());
    }
    if (weightOut != null) {
      requireFieldName(weightOut);
    }
    OutputFile.check("--out", out);
    OutputFile.requireNotAmongInputs(spec, "--out", out, "--data", data);
    if (report != null) {
      OutputFile.check("--report", report);
      OutputFile.requireNotInput(spec, "--report", report, "--data", data);
    }
    checkOutputsApart();
  }

  /**
   * The columns the targets read, from {@code records}; a value that is no number in a column a
   * target reads as one is named with that target (it named the row and the field only, never why a
   * number was expected there: a mean of the text column region).
   */
  private CalibrationData calibrationData(
      List<GenericRecord> records, RowNames rowNames, TargetsFile targetsFile) {
    try {
      return RecordColumns.toData(
          records,
          rowNames::of,
          weight,
          targetsFile.numericColumns(),
          targetsFile.categoricalColumns());
    } catch (EncodingException e) {
      Optional<String> reader =
          Stream.concat(
                  readersOf(targetsFile.targets(), "targets", e.field()),
                  readersOf(targetsFile.householdTargets(), "householdTargets", e.field()))
              .findFirst();
      if (reader.isEmpty()) {
        throw e;
      }
      throw new IllegalArgumentException(
          e.getMessage()
              + " ("
              + reader.get()
              + " of "
              + targetsSource()
              + " reads it as a number)",
          e);
    }
  }

  /**
   * "target 'income'" or "household target 'income'" for each target of {@code list} that reads
   * {@code field} as a number.
   */
  private static Stream<String> readersOf(List<TargetSpec> targets, String list, String field) {
    return targets.stream()
        .filter(target -> target.numericColumns().contains(field))
        .map(target -> TargetLabel.named(list, target.name()));
  }

  /** How errors about targets that do not fit the data name the targets file. */
  private String targetsSource() {
    return "targets file " + targets;
  }

  /**
   * Refuses a --weight-out that is no Avro field name, as a usage error. The default name, {@code
   * <weight>_calibrated}, is not checked: the data's own reading refuses a --weight column that is
   * no field name, naming the file and the column (checking the derived name first blamed a
   * --weight such as 'poids final' on the --weight-out the user never gave), and a field name with
   * "_calibrated" appended is one.
   */
  private void requireFieldName(String field) {
    try {
      new Schema.Field(field, Schema.create(Schema.Type.DOUBLE));
    } catch (SchemaParseException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--weight-out: '"
              + field
              + "' is not a valid field name ("
              + e.getMessage()
              + "): use letters, digits and '_', starting with a letter or '_'");
    }
  }

  /**
   * Refuses, as usage errors, a --report that names the --out file and a --out or --report that
   * names the --targets file: {@code --out x.csv --report x.csv} exited 0 with the JSON report
   * written over the calibrated table, and {@code --report t.yaml} replaced the user's targets.
   */
  private void checkOutputsApart() {
    OutputFile.requireDistinct(
        spec, "--out", out, "--targets", targets, "writing the output would replace the targets");
    if (report != null) {
      OutputFile.requireDistinct(
          spec, "--report", report, "--out", out, "the report would replace the calibrated table");
      OutputFile.requireDistinct(
          spec,
          "--report",
          report,
          "--targets",
          targets,
          "writing the report would replace the targets");
    }
  }

  private List<String> householdIds(List<GenericRecord> records, RowNames rowNames) {
    if (records.get(0).getSchema().getField(householdId) == null) {
      throw new IllegalArgumentException(
          "--household-id: no field '" + householdId + "' in the data");
    }
    List<String> ids = new ArrayList<>(records.size());
    for (int row = 0; row < records.size(); row++) {
      Object id = records.get(row).get(householdId);
      if (id == null) {
        throw new IllegalArgumentException(
            rowNames.of(row)
                + ", field '"
                + householdId
                + "': expected a household id, found no value");
      }
      ids.add(id.toString());
    }
    return ids;
  }

  private void writeOutput(List<GenericRecord> records, String field, double[] weights) {
    Schema input = records.get(0).getSchema();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field existing : input.getFields()) {
      fields.add(new Schema.Field(existing, existing.schema()));
    }
    fields.add(
        new Schema.Field(
            field,
            Schema.create(Schema.Type.DOUBLE),
            "calibrated weight (calfun " + calfun.optionName() + ")",
            null));
    Schema output =
        Schema.createRecord(input.getName(), input.getDoc(), input.getNamespace(), false, fields);
    PartialFile.writeTable(
        out,
        output,
        writer -> {
          for (int row = 0; row < records.size(); row++) {
            GenericData.Record copy = new GenericData.Record(output);
            for (Schema.Field existing : input.getFields()) {
              copy.put(existing.name(), records.get(row).get(existing.name()));
            }
            copy.put(field, weights[row]);
            writer.write(copy);
          }
        });
  }

  /**
   * Writes the JSON report; {@code vanishingWeights} and {@code negativeWeights} are null for a
   * solve that did not converge, whose weights are not written.
   */
  private void writeReport(
      SolveReport solve,
      String outputField,
      Map<String, Object> vanishingWeights,
      Map<String, Object> negativeWeights) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("data", data.toString());
    content.put("targets", targets.toString());
    content.put("weight", weight);
    content.put("weightOut", outputField);
    content.put("householdId", householdId);
    content.put("calfun", calfun.optionName());
    content.put("bounds", bounds);
    content.put("onInfeasible", onInfeasible.name().toLowerCase(Locale.ROOT));
    content.put("solve", solve);
    if (vanishingWeights != null) {
      content.put("vanishingWeights", vanishingWeights);
      content.put("negativeWeights", negativeWeights);
    }
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try {
      Files.createDirectories(report.toAbsolutePath().getParent());
      Files.writeString(report, mapper.writeValueAsString(content));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "--report: cannot write " + report + ": " + IoErrors.describe(e), e);
    }
  }

  /**
   * Names, on stderr, the soft targets (least squares, KL) whose relative error (the report's
   * scaled residual) exceeds {@link #SOFT_MISS_WARNING}, with the worst one's achieved value and
   * target: for a mean or share the relative error is scaled by Σw|x − m|, so the residual alone
   * (0.922 for a mean of 47.6 against 70) read as a miss of 92 %. After softening the misses are
   * the compromise between targets that cannot all be met; otherwise the divergence from the base
   * weights outweighs them, which grows with how far the targets are from the base weights' amounts
   * (about λ · r · log r relative for a ratio r): targets a thousand times the base totals were met
   * to within half while the solve reported "converged".
   */
  private void warnOfMissedSoftTargets(SolveReport solve) {
    List<ConstraintReport> missed =
        solve.constraintReports().stream()
            .filter(c -> c.loss().equals("least_squares") || c.loss().equals("kl"))
            .filter(c -> c.relativeError() > SOFT_MISS_WARNING)
            .sorted(Comparator.comparingDouble(ConstraintReport::relativeError).reversed())
            .toList();
    if (missed.isEmpty()) {
      return;
    }
    ConstraintReport worst = missed.get(0);
    String why =
        solve.softened()
            ? "the softened targets cannot all be met, so the weights are their least-squares"
                + " compromise (--soften-lambda weighs it against the distance from the base"
                + " weights)"
            : "the divergence from the base weights outweighs them when the targets are far from"
                + " the base weights' amounts; scale the base weights to the population, lower"
                + " --lambda, or make those targets hard";
    spec.commandLine()
        .getErr()
        .printf(
            Locale.ROOT,
            "warning: %d soft target%s with a relative error above %s (worst '%s': achieved %s,"
                + " target %s, relative error %.3g): %s%n",
            missed.size(),
            missed.size() == 1 ? "" : "s",
            InspectCommand.number(SOFT_MISS_WARNING),
            worst.name(),
            InspectCommand.number(worst.achieved()),
            InspectCommand.number(worst.target()),
            worst.relativeError(),
            why);
  }

  /**
   * Converts --on-infeasible ({@link OnInfeasible#parse}: fail or soften, any case), refusing any
   * other value as a usage error in picocli's words for a choice: an unknown policy exited 1.
   */
  static final class InfeasiblePolicy implements CommandLine.ITypeConverter<OnInfeasible> {
    @Override
    public OnInfeasible convert(String value) {
      try {
        return OnInfeasible.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "expected one of [fail, soften] (any case) but was '" + value + "'");
      }
    }
  }

  private void printSummary(
      SolveReport solve, String outputField, int records, int targets, int negativeWeights) {
    PrintWriter outWriter = spec.commandLine().getOut();
    long held =
        solve.constraintReports().stream().filter(ConstraintReport::holdsGroupWeight).count();
    outWriter.printf(
        Locale.ROOT,
        "calibrated %s to %d constraints (%d target%s)%s: %s in %d Newton steps, max relative"
            + " error %.3g%n",
        householdId == null
            ? solve.records() + " records"
            : solve.records() + " households (" + records + " records, one weight per household)",
        solve.constraints() - held,
        targets,
        targets == 1 ? "" : "s",
        held == 0 ? "" : " (and " + held + " held group weights of softened means or shares)",
        solve.converged() ? "converged" : "NOT converged",
        solve.iterations(),
        solve.maxRelativeError());
    outWriter.printf(
        Locale.ROOT,
        "calfun %s: Kish effective sample size %.1f, w/q in [%.4g, %.4g]%s, %d ms%n",
        calfun.optionName(),
        solve.kishEffectiveSampleSize(),
        solve.minWeightRatio(),
        solve.maxWeightRatio(),
        negativeWeights == 0
            ? ""
            : String.format(
                Locale.ROOT,
                ", %d NEGATIVE weight%s",
                negativeWeights,
                negativeWeights == 1 ? "" : "s"),
        solve.elapsedMillis());
    if (solve.softened()) {
      outWriter.println("targets were SOFTENED to least squares: " + solve.softenedBecause());
    }
    warnOfMissedSoftTargets(solve);
    outWriter.println("wrote " + out + " with weight field '" + outputField + "'");
    outWriter.flush();
  }
}
