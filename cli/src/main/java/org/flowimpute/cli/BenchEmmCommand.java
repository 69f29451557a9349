package org.flowimpute.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.calibrate.CalibrationProblem;
import org.flowimpute.calibrate.CalibrationResult;
import org.flowimpute.calibrate.Constraint;
import org.flowimpute.calibrate.ConstraintMatrix;
import org.flowimpute.calibrate.EmmSolver;
import org.flowimpute.calibrate.Loss;
import org.flowimpute.calibrate.SolveReport;
import org.flowimpute.calibrate.SolverOptions;
import org.flowimpute.calibrate.SyntheticCalibrationProblem;
import org.flowimpute.table.TableReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flowimpute bench emm}: times the EMM solver on the R scaling fixture (raking with K = 100
 * model-matrix constraints on N = 10⁵ records) or on a generated problem, checks the accuracy (max
 * relative constraint error, weights against R's reference) and prints the time next to the R
 * packages' times for the same problem size, with the speed-up over the fastest.
 */
@Command(
    name = "emm",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Benchmark the EMM raking solver against R (survey, laeken, sampling) timings.",
      "Either --data/--targets (R fixture coding, see fixtures README) or --generate N K."
    })
public final class BenchEmmCommand implements Callable<Integer> {

  /**
   * Median elapsed seconds of R 4.2.2 raking to max relative error ≤ 1e-9 on this machine kind (2
   * cores, one BLAS thread), from the R fixtures' README (fixtures/r-survey): survey::calibrate,
   * laeken::calibWeights, sampling::calib.
   */
  private static final Map<String, double[]> R_SECONDS =
      Map.of(
          "100000x20", new double[] {1.16, 0.70, 0.56},
          "100000x100", new double[] {3.94, 2.35, 4.1},
          "100000x400", new double[] {24.2, 9.0, 11.7},
          "1000000x20", new double[] {10.4, 4.9, 4.8},
          "1000000x100", new double[] {56.0, 17.8, 21.2});

  private static final String[] R_PACKAGES = {"survey", "laeken", "sampling"};

  /** The columns of a targets fixture, as {@code --targets}' description lists them. */
  private static final List<String> TARGETS_COLUMNS =
      List.of("column", "variable", "level", "type", "target", "eta_raking");

  /** The column of a weights reference the solver's weights are compared with. */
  private static final String REFERENCE_WEIGHT = "w_survey_raking_tight";

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @ArgGroup(exclusive = false)
    Fixture fixture;

    @Option(
        names = "--generate",
        paramLabel = "<N> <K>",
        hideParamSyntax = true,
        parameterConsumer = GeneratedProblemSize.Consumer.class,
        description =
            "Generate an N-record problem with K constraints instead (N >= 1, K >= 9); one"
                + " problem per run, so given once.")
    GeneratedProblemSize generate;
  }

  static final class Fixture {
    @Option(
        names = "--data",
        required = true,
        paramLabel = "FILE",
        description = "scale_*.csv: id, d (base weight), factors, continuous columns.")
    Path data;

    @Option(
        names = "--targets",
        required = true,
        paramLabel = "FILE",
        description = "scale_*_targets.csv: column, variable, level, type, target, eta_raking.")
    Path targets;

    @Option(
        names = "--weights-ref",
        paramLabel = "FILE",
        description = "scale_*_weights_ref.csv with w_survey_raking_tight to compare against.")
    Path weightsReference;
  }

  @Option(
      names = "--repeat",
      defaultValue = "3",
      description = "Timed solves; the median is reported (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(
      names = "--warmup",
      defaultValue = "1",
      description =
          "Untimed solves first, so the JIT has compiled the solver (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--tolerance",
      defaultValue = "1e-10",
      description = "Solver tolerance on the scaled residual (default: ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(names = "--threads", description = "Solver threads (default: all processors).")
  Integer threads;

  @Option(
      names = "--seed",
      defaultValue = "20261124",
      description = "Seed for --generate (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    if (repeat < 1 || warmup < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--repeat must be at least 1 and --warmup at least 0, got " + repeat + " and " + warmup);
    }
    if (threads != null) {
      OptionRanges.requireAtLeast(spec, "--threads", threads, 1);
    }
    if (source.generate != null) {
      requireGeneratedSize(source.generate.records(), source.generate.constraints());
    } else {
      requireReadableFixture(source.fixture);
    }
    PrintWriter out = spec.commandLine().getOut();
    long loadStart = System.nanoTime();
    CalibrationProblem problem;
    Map<String, Double> referenceEta = new HashMap<>();
    List<GenericRecord> referenceWeights = null;
    if (source.generate != null) {
      problem =
          SyntheticCalibrationProblem.generate(
              source.generate.records(), source.generate.constraints(), seed);
    } else {
      problem = loadFixture(source.fixture.data, source.fixture.targets, referenceEta);
      if (source.fixture.weightsReference != null) {
        referenceWeights =
            readFixture(
                "--weights-ref", source.fixture.weightsReference, List.of(REFERENCE_WEIGHT));
      }
    }
    double loadSeconds = seconds(loadStart);
    SolverOptions options = SolverOptions.defaults().withTolerance(tolerance);
    if (threads != null) {
      options = options.withThreads(threads);
    }
    out.printf(
        Locale.ROOT,
        "problem: N=%d K=%d nnz=%d (%s), built in %.2f s; %d threads%n",
        problem.size(),
        problem.constraintCount(),
        problem.features().nonZeros(),
        source.generate != null ? "generated, seed " + seed : source.fixture.data.getFileName(),
        loadSeconds,
        options.threads());
    for (int w = 0; w < warmup; w++) {
      EmmSolver.with(options).solve(problem);
    }
    double[] times = new double[repeat];
    double[] cpuTimes = new double[repeat];
    CalibrationResult result = null;
    for (int r = 0; r < repeat; r++) {
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      result = EmmSolver.with(options).solve(problem);
      times[r] = seconds(start);
      cpuTimes[r] = (processCpuNanos() - cpuStart) / 1e9;
      out.printf(
          Locale.ROOT,
          "  solve %d: %.3f s wall, %.3f s CPU (load average %.1f on %d cores)%n",
          r + 1,
          times[r],
          cpuTimes[r],
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
      out.flush();
    }
    double median = Medians.of(times);
    double medianCpu = Medians.of(cpuTimes);
    SolveReport report = result.report();
    out.printf(
        Locale.ROOT,
        "EMM raking: median %.3f s wall (%.3f s CPU) over %d solves after %d warm-up, %d Newton steps, converged=%s, max relative"
            + " error %.2e (required <= 1e-8: %s), duality gap %.2e%n",
        median,
        medianCpu,
        repeat,
        warmup,
        report.iterations(),
        report.converged(),
        report.maxRelativeError(),
        report.maxRelativeError() <= 1e-8 ? "met" : "NOT MET",
        report.dualityGap());
    if (source.fixture != null) {
      compareWithR(out, problem, result, referenceEta, referenceWeights);
    }
    printBaseline(out, problem, median, medianCpu, source.generate != null);
    out.printf(
        Locale.ROOT,
        "peak heap %.2f GiB (limit %.2f GiB)%n",
        peakHeapGiB(),
        Runtime.getRuntime().maxMemory() / (double) (1L << 30));
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * Refuses a {@code --generate N K} the solver could not take before generating it: N whose
   * feature entries do not fit an array (300,000,000 failed with "error: -1894967296") as a usage
   * error, and K whose curvature sums could not fit the heap whatever their pattern, which K =
   * 100,000,000 was told only after more than 100 s of generating.
   */
  private void requireGeneratedSize(int n, int k) {
    OptionRanges.requireBetween(
        spec, "--generate N", n, 1, SyntheticCalibrationProblem.MAX_RECORDS);
    try {
      EmmSolver.requireCurvatureMemory(k);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--generate K " + k + ": " + e.getMessage(), e);
    }
  }

  private void compareWithR(
      PrintWriter out,
      CalibrationProblem problem,
      CalibrationResult result,
      Map<String, Double> eta,
      List<GenericRecord> referenceWeights) {
    double etaDifference = 0.0;
    for (Constraint constraint : problem.constraints()) {
      Double reference = eta.get(constraint.name());
      if (reference != null) {
        etaDifference =
            Math.max(
                etaDifference, Math.abs(result.dual().multiplier(constraint.name()) - reference));
      }
    }
    out.printf(Locale.ROOT, "dual η vs R eta_raking: max |difference| %.2e%n", etaDifference);
    if (referenceWeights != null) {
      List<GenericRecord> rows = referenceWeights;
      double max = 0.0;
      for (int i = 0; i < rows.size(); i++) {
        double reference = ((Number) rows.get(i).get(REFERENCE_WEIGHT)).doubleValue();
        max = Math.max(max, Math.abs(result.weight(i) / reference - 1.0));
      }
      out.printf(
          Locale.ROOT,
          "weights vs R w_survey_raking_tight: max relative difference %.2e (%d rows)%n",
          max,
          rows.size());
    }
  }

  private static void printBaseline(
      PrintWriter out,
      CalibrationProblem problem,
      double wallSeconds,
      double cpuSeconds,
      boolean generated) {
    String key = problem.size() + "x" + problem.constraintCount();
    double[] r = R_SECONDS.get(key);
    if (r == null) {
      out.printf(
          Locale.ROOT,
          "R baseline: none measured for N=%d K=%d (README rows: N=1e5 K=20/100/400, N=1e6"
              + " K=20/100)%n",
          problem.size(),
          problem.constraintCount());
      return;
    }
    int fastest = 0;
    for (int p = 1; p < r.length; p++) {
      if (r[p] < r[fastest]) {
        fastest = p;
      }
    }
    StringBuilder line =
        new StringBuilder("R baseline (fixtures README, same machine kind, ±30%):");
    for (int p = 0; p < r.length; p++) {
      line.append(String.format(Locale.ROOT, " %s %.2f s", R_PACKAGES[p], r[p]));
    }
    if (generated) {
      line.append(
          " (R timed the fixture generator's problem of this size; ours is similar, not"
              + " identical)");
    }
    out.println(line);
    for (String clock : new String[] {"wall", "CPU"}) {
      double seconds = clock.equals("wall") ? wallSeconds : cpuSeconds;
      double ratio = r[fastest] / seconds;
      out.printf(
          Locale.ROOT,
          "speed-up (EMM %s time %.3f s) over the fastest R package (%s %.2f s): %.1fx"
              + " (target >= 5x: %s)%n",
          clock,
          seconds,
          R_PACKAGES[fastest],
          r[fastest],
          ratio,
          ratio >= 5 ? "met" : "NOT MET");
    }
  }

  /** Refuses, naming the option, a fixture file that is missing or cannot be read. */
  private static void requireReadableFixture(Fixture fixture) {
    OptionFiles.requireReadableTable("--data", fixture.data);
    OptionFiles.requireReadableTable("--targets", fixture.targets);
    if (fixture.weightsReference != null) {
      OptionFiles.requireReadableTable("--weights-ref", fixture.weightsReference);
    }
  }

  /** Builds the model-matrix coding of the fixture: intercept, treatment dummies, totals. */
  static CalibrationProblem loadFixture(Path data, Path targetsFile, Map<String, Double> eta) {
    List<GenericRecord> targetRows = readFixture("--targets", targetsFile, TARGETS_COLUMNS);
    List<Constraint> constraints = new ArrayList<>();
    Map<String, Integer> levelColumn = new HashMap<>();
    Map<String, Integer> totalColumn = new HashMap<>();
    List<Integer> interceptColumns = new ArrayList<>();
    List<String> factors = new ArrayList<>();
    for (int j = 0; j < targetRows.size(); j++) {
      GenericRecord row = targetRows.get(j);
      String name = text(row, "column", j, "--targets", targetsFile);
      String type = text(row, "type", j, "--targets", targetsFile);
      double target = number(row, "target", j, "--targets", targetsFile);
      constraints.add(Constraint.of(name, type, Loss.equality(), target));
      Object etaValue = row.get("eta_raking");
      if (etaValue instanceof Number number) {
        eta.put(name, number.doubleValue());
      }
      switch (type) {
        case "count_all" -> interceptColumns.add(j);
        case "count_level" -> {
          String variable = text(row, "variable", j, "--targets", targetsFile);
          levelColumn.put(variable + "\u0000" + row.get("level"), j);
          if (!factors.contains(variable)) {
            factors.add(variable);
          }
        }
        case "total" -> totalColumn.put(text(row, "variable", j, "--targets", targetsFile), j);
        default ->
            throw new IllegalArgumentException(
                targetsFile.getFileName() + " row " + (j + 1) + ": unknown type '" + type + "'");
      }
    }
    List<String> dataColumns = new ArrayList<>(List.of("d"));
    factors.forEach(dataColumns::add);
    totalColumn.keySet().stream().sorted().forEach(dataColumns::add);
    List<GenericRecord> records = readFixture("--data", data, dataColumns);
    int n = records.size();
    double[] q = new double[n];
    int[] rowStart = new int[n + 1];
    int perRow = interceptColumns.size() + factors.size() + totalColumn.size();
    int[] columns = new int[n * perRow];
    double[] values = new double[n * perRow];
    int p = 0;
    int[] rowColumns = new int[perRow];
    double[] rowValues = new double[perRow];
    for (int i = 0; i < n; i++) {
      GenericRecord record = records.get(i);
      q[i] = number(record, "d", i, "--data", data);
      int count = 0;
      for (int column : interceptColumns) {
        rowColumns[count] = column;
        rowValues[count++] = 1.0;
      }
      for (String factor : factors) {
        Integer column = levelColumn.get(factor + "\u0000" + record.get(factor));
        if (column != null) {
          rowColumns[count] = column;
          rowValues[count++] = 1.0;
        }
      }
      for (Map.Entry<String, Integer> total : totalColumn.entrySet()) {
        double x = number(record, total.getKey(), i, "--data", data);
        if (x != 0.0) {
          rowColumns[count] = total.getValue();
          rowValues[count++] = x;
        }
      }
      Integer[] order = new Integer[count];
      for (int e = 0; e < count; e++) {
        order[e] = e;
      }
      Arrays.sort(order, (a, b) -> Integer.compare(rowColumns[a], rowColumns[b]));
      for (int e = 0; e < count; e++) {
        columns[p + e] = rowColumns[order[e]];
        values[p + e] = rowValues[order[e]];
      }
      p += count;
      rowStart[i + 1] = p;
    }
    ConstraintMatrix features =
        ConstraintMatrix.fromCsr(
            n, constraints.size(), rowStart, Arrays.copyOf(columns, p), Arrays.copyOf(values, p));
    return CalibrationProblem.of(q, features, constraints);
  }

  /**
   * The rows of {@code option}'s fixture {@code file}, refused naming the option if it cannot be
   * read or lacks one of the {@code expected} columns.
   */
  private static List<GenericRecord> readFixture(String option, Path file, List<String> expected) {
    try (TableReader reader = OptionFiles.reader(option, file)) {
      ExpectedColumns.require(option, file, reader.schema(), expected);
      List<GenericRecord> rows = new ArrayList<>();
      reader.forEachRemaining(rows::add);
      return rows;
    }
  }

  /** A number cell of {@code option}'s fixture; anything else is refused naming where it is. */
  private static double number(
      GenericRecord record, String field, int row, String option, Path file) {
    Object value = record.get(field);
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException(
          cell(option, file, row, field) + ": expected a number, found " + value);
    }
    return number.doubleValue();
  }

  /**
   * A text cell of {@code option}'s fixture; an empty one is refused naming where it is (it was a
   * bare NullPointerException message).
   */
  private static String text(
      GenericRecord record, String field, int row, String option, Path file) {
    Object value = record.get(field);
    if (value == null || value.toString().isBlank()) {
      throw new IllegalArgumentException(
          cell(option, file, row, field) + ": empty, expected a value");
    }
    return value.toString();
  }

  private static String cell(String option, Path file, int row, String field) {
    return option + " " + file + " row " + (row + 1) + ", field '" + field + "'";
  }

  /** CPU time of the whole process (all solver threads), robust to other load on the machine. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0L;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double peakHeapGiB() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / (double) (1L << 30);
  }
}
