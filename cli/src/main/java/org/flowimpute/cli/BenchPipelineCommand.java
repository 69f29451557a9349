package org.flowimpute.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.avro.DemoPerson;
import org.flowimpute.bundle.BundleException;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.demo.DemoPopulation;
import org.flowimpute.encode.ConditionEncoder;
import org.flowimpute.infer.BatchImputer;
import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.pipelines.ImputePipeline;
import org.flowimpute.pipelines.JobCounts;
import org.flowimpute.pipelines.JobTempDirectories;
import org.flowimpute.pipelines.io.TempDirectoryCleanup;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.table.TableWriter;
import org.flowimpute.table.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flowimpute bench pipeline}: how much of ONNX Runtime's raw speed the Beam job keeps.
 * Times, in one run on the same demo records and model, (1) raw generation with core's {@code
 * BatchImputer} (noise included, 1 intra-op thread, batch 256 and 1024) and (2) the whole {@code
 * impute} job, Avro in to Avro out, on embedded Flink with parallelism 2, and prints both and their
 * ratio next to the seed's (micro's) generation speed measured on this machine kind. The job's rate
 * is given end to end and marginal: minus the time of a job of min(2,000, rows / 2) records of the
 * same graph run first in the same JVM (Flink start, scheduling, stage changes, file finalization).
 * Both jobs and the raw generation run {@code --repeat} times after one untimed run (warm-up) of
 * each, and the medians count: the first full job in a JVM ran 25-40 % longer than later ones (the
 * JIT still compiling the per-record path), and single runs differed by up to a fifth (single raw
 * runs by up to 7 %). The first full run's time is printed too; it comes after the raw runs and one
 * small job, so a single {@code impute} command, which starts from a cold JVM, takes longer (docs:
 * "Seventh round"). The demo records are generated and dropped before the jobs run, so the jobs do
 * not share the heap with a large live set that a single {@code impute} command would not have.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Raw ONNX Runtime rows/s vs the Avro->Avro impute job on embedded Flink, on demo records.",
      "Give a bundle trained on demo data (e.g. flowimpute train on flowimpute demo-data output)."
    })
public final class BenchPipelineCommand implements Callable<Integer> {

  /** Rows/s of the seed's generator (micro), measured on this machine kind, 1 thread. */
  static final String MICRO_ROWS_PER_SECOND =
      "21-47 k rows/s (micro generate, 1 thread; data/micro-benchmarks/README.md)";

  /**
   * Most records of the job whose time is taken as the fixed cost of a job (start, stage changes);
   * it takes half of {@code --rows} when that is fewer.
   */
  static final int SMALL_JOB_ROWS = 2_000;

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Bundle trained on demo data.")
  Path model;

  @Option(
      names = "--rows",
      defaultValue = "200000",
      description =
          "Demo records, more than "
              + SMALL_JOB_ROWS
              + "; the small job takes min("
              + SMALL_JOB_ROWS
              + ", rows / 2) of them (the marginal rate is the difference between the two jobs)."
              + " Default: ${DEFAULT-VALUE}.")
  int rows;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Flink parallelism. Default: ${DEFAULT-VALUE}.")
  int parallelism;

  @Option(
      names = "--batch-size",
      defaultValue = "1024",
      description = "Pipeline batch size. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--repeat",
      defaultValue = "3",
      description = "Timed runs of each job; medians are reported. Default: ${DEFAULT-VALUE}.")
  int repeat;

  @Option(
      names = "--work-dir",
      description = "Where input and output files go. Default: a new temporary directory.")
  Path workDir;

  @Override
  public Integer call() throws IOException {
    if (rows <= SMALL_JOB_ROWS) {
      throw new ParameterException(
          spec.commandLine(),
          "--rows must be more than "
              + SMALL_JOB_ROWS
              + " (the small job takes min("
              + SMALL_JOB_ROWS
              + ", rows / 2) of them; the marginal rate is the difference between the two jobs),"
              + " got "
              + rows);
    }
    OptionRanges.requireAtLeast(spec, "--parallelism", parallelism, 1);
    OptionRanges.requireAtLeast(spec, "--repeat", repeat, 1);
    Path dir = WorkDirectory.create("--work-dir", workDir, "flowimpute-bench");
    ModelBundle bundle;
    try {
      bundle = OptionFiles.bundle("--model", model);
    } catch (BundleException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    ConditionEncoder encoder = ConditionEncoder.of(bundle.manifest());
    RawRates raw = writeInputAndTimeRaw(bundle, encoder, dir);
    Rate raw256 = raw.batch256();
    Rate raw1024 = raw.batch1024();
    System.gc();

    runPipeline(dir, "small", 0);
    Timed cold = runPipeline(dir, "input", 0);
    List<Timed> smallRuns = new ArrayList<>();
    List<Timed> fullRuns = new ArrayList<>();
    for (int run = 1; run <= repeat; run++) {
      smallRuns.add(runPipeline(dir, "small", run));
      fullRuns.add(runPipeline(dir, "input", run));
    }
    Timed small = median(smallRuns);
    Timed full = median(fullRuns);
    double pipeline = full.counts().imputed() / full.seconds();
    double marginal =
        (full.counts().imputed() - small.counts().imputed()) / (full.seconds() - small.seconds());
    double marginalPerCpu =
        (full.counts().imputed() - small.counts().imputed())
            / (full.cpuSeconds() - small.cpuSeconds());

    var out = spec.commandLine().getOut();
    out.printf(
        "model %s: %d encoded context columns, %d targets; %d demo records%n",
        bundle.manifest().modelId(), encoder.width(), bundle.manifest().targets().size(), rows);
    out.printf(
        "raw ONNX Runtime (core's batch imputer, noise included, 1 intra-op thread; median of %d"
            + " runs after a warm-up):%n",
        repeat);
    out.printf(
        "  batch  256: %,.0f rows/s (runs: %s)%n", raw256.rowsPerSecond(), raw256.runsText());
    out.printf(
        "  batch 1024: %,.0f rows/s (%,.0f rows per CPU second; runs: %s)%n",
        raw1024.rowsPerSecond(), raw1024.rowsPerCpuSecond(), raw1024.runsText());
    out.printf(
        "pipeline (impute, Avro -> Avro, embedded Flink, parallelism %d, batch %d):%n",
        parallelism, batchSize);
    out.printf(
        "  %,.0f rows/s end to end (%d records imputed, %d dead letters, %.1f s including job"
            + " start; median of %d runs after one untimed run: %s s)%n",
        pipeline,
        full.counts().imputed(),
        full.counts().deadLetters(),
        full.seconds(),
        repeat,
        seconds(fullRuns));
    if (full.seconds() > small.seconds()) {
      out.printf(
          "  %,.0f rows/s marginal (minus a %d-record job of the same graph: %.1f s of fixed"
              + " cost, %.1f CPU s; runs: %s s)%n",
          marginal,
          small.counts().imputed(),
          small.seconds(),
          small.cpuSeconds(),
          seconds(smallRuns));
    } else {
      out.printf(
          "  marginal rate not measurable: a %d-record job took %.1f s, as long as this one"
              + " (fixed cost dominates; use more --rows)%n",
          small.counts().imputed(), small.seconds());
    }
    out.printf(
        "  first run of the full job in this JVM (after the raw runs and one small job; JIT not"
            + " yet warm; a single impute command starts colder): %.1f s, %,.0f rows/s end to end%n",
        cold.seconds(), cold.counts().imputed() / cold.seconds());
    out.printf(
        "  JIT compiler threads' CPU while the job ran: %s s (timed full jobs), %s s (small jobs),"
            + " %.1f s (first full job), of %s CPU s (timed full jobs)%n",
        compileSeconds(fullRuns),
        compileSeconds(smallRuns),
        cold.compileSeconds(),
        cpuSeconds(fullRuns));
    out.printf(
        "ratio pipeline / (raw batch 1024 x %d cores): %.3f end to end%s (target >= 0.5)%n",
        parallelism,
        pipeline / (raw1024.rowsPerSecond() * parallelism),
        full.seconds() > small.seconds()
            ? String.format(", %.3f marginal", marginal / (raw1024.rowsPerSecond() * parallelism))
            : "");
    if (full.cpuSeconds() > small.cpuSeconds()) {
      out.printf(
          "per CPU second (all threads of this JVM; less sensitive to other load on the machine):"
              + " pipeline marginal %,.0f rows, raw batch 1024 %,.0f rows, ratio %.3f%n",
          marginalPerCpu, raw1024.rowsPerCpuSecond(), marginalPerCpu / raw1024.rowsPerCpuSecond());
    }
    double fullOutsideJit = Medians.of(fullRuns.stream().map(Timed::cpuSecondsOutsideJit).toList());
    double smallOutsideJit =
        Medians.of(smallRuns.stream().map(Timed::cpuSecondsOutsideJit).toList());
    if (fullOutsideJit > smallOutsideJit) {
      double marginalOutsideJit =
          (full.counts().imputed() - small.counts().imputed()) / (fullOutsideJit - smallOutsideJit);
      out.printf(
          "per CPU second outside the JIT compilers (CPU minus the compiler threads' CPU, medians;"
              + " the per-record code's own cost, which the compilers' job-to-job share does not"
              + " blur):"
              + " pipeline marginal %,.0f rows (full job %.1f CPU s, small job %.1f), raw batch"
              + " 1024 %,.0f rows, ratio %.3f%n",
          marginalOutsideJit,
          fullOutsideJit,
          smallOutsideJit,
          raw1024.rowsPerCpuSecondOutsideJit(),
          marginalOutsideJit / raw1024.rowsPerCpuSecondOutsideJit());
    }
    out.printf("seed baseline: %s%n", MICRO_ROWS_PER_SECOND);
    return ExitCodes.OK;
  }

  /**
   * Writes the demo input files and times raw generation on the same records. The records, their
   * contexts and keys are dropped on return: kept alive through the timed jobs they would be a
   * large old-generation live set whose concurrent marking competes with the jobs for the cores,
   * which a single {@code impute} command does not have; the caller collects them before timing.
   */
  private RawRates writeInputAndTimeRaw(ModelBundle bundle, ConditionEncoder encoder, Path dir) {
    List<DemoPerson> people = writeDemoInput(dir);
    float[] contexts = new float[people.size() * encoder.width()];
    List<String> keys = new ArrayList<>(people.size());
    for (int r = 0; r < people.size(); r++) {
      encoder.encode(people.get(r), "row " + (r + 1), contexts, r * encoder.width());
      keys.add(people.get(r).getPersonId());
    }
    return new RawRates(
        rawRate(bundle, contexts, keys, 256, repeat),
        rawRate(bundle, contexts, keys, 1024, repeat));
  }

  /** Raw generation rates at batch 256 and 1024. */
  private record RawRates(Rate batch256, Rate batch1024) {}

  /**
   * The runs' counts (every run of a job reads the same input) with the median wall time, CPU time
   * and compiler time, each taken over the runs on its own.
   */
  private static Timed median(List<Timed> runs) {
    return new Timed(
        runs.get(0).counts(),
        Medians.of(runs.stream().map(Timed::seconds).toList()),
        Medians.of(runs.stream().map(Timed::cpuSeconds).toList()),
        Medians.of(runs.stream().map(Timed::compileSeconds).toList()));
  }

  private static String seconds(List<Timed> runs) {
    return String.join(
        ", ", runs.stream().map(run -> String.format("%.1f", run.seconds())).toList());
  }

  private static String compileSeconds(List<Timed> runs) {
    return String.join(
        ", ", runs.stream().map(r -> String.format("%.1f", r.compileSeconds())).toList());
  }

  private static String cpuSeconds(List<Timed> runs) {
    return String.join(
        ", ", runs.stream().map(r -> String.format("%.1f", r.cpuSeconds())).toList());
  }

  private Timed runPipeline(Path dir, String inputPrefix, int run) throws IOException {
    Path output = dir.resolve("output-" + inputPrefix + "-" + run);
    deleteTree(output);
    ImputeOptions options = PipelineOptionsFactory.create().as(ImputeOptions.class);
    options.setRunner(FlinkRunner.class);
    options.as(FlinkPipelineOptions.class).setFlinkMaster("[local]");
    options.as(FlinkPipelineOptions.class).setParallelism(parallelism);
    options.setModel(model.toString());
    options.setInput(dir.resolve(inputPrefix + "-*.avro").toString());
    options.setOutput(output.resolve("imputed").toString());
    options.setKeyField("person_id");
    options.setCheckKeys(false);
    options.setBatchSize(batchSize);
    long cpuStart = processCpuNanos();
    double compileStart = CompilerThreadCpu.seconds();
    long start = System.nanoTime();
    PipelineResult result;
    try (TempDirectoryCleanup cleanup =
        TempDirectoryCleanup.register(
            JobTempDirectories.assign(options), spec.commandLine().getErr()::println)) {
      result = ImputePipeline.run(options);
      result.waitUntilFinish();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    JobCounts counts = JobCounts.of(result);
    long written = recordsInFiles(Path.of(options.getOutput()));
    if (written != counts.imputed()) {
      throw new IllegalStateException(
          "the job counted "
              + counts.imputed()
              + " imputed records but its files under "
              + options.getOutput()
              + " hold "
              + written);
    }
    return new Timed(
        counts,
        seconds,
        (processCpuNanos() - cpuStart) / 1e9,
        CompilerThreadCpu.seconds() - compileStart);
  }

  /**
   * Deletes a job's output directory left by an earlier run in the same {@code --work-dir}: its
   * files would be counted with the new job's (a run at another parallelism writes other shards).
   */
  private static void deleteTree(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * Records in the imputed files of {@code prefix} ({@code prefix-SSSSS-of-NNNNN.avro}), counted
   * from the files' block headers without decoding the records.
   */
  private static long recordsInFiles(Path prefix) throws IOException {
    long records = 0;
    try (var files =
        Files.newDirectoryStream(
            prefix.getParent(), prefix.getFileName() + "-[0-9]*-of-[0-9]*.avro")) {
      for (Path file : files) {
        try (DataFileStream<Object> stream =
            new DataFileStream<>(Files.newInputStream(file), new GenericDatumReader<>())) {
          while (stream.hasNext()) {
            records += stream.getBlockCount();
            stream.nextBlock();
          }
        }
      }
    }
    return records;
  }

  /**
   * A finished job's counts, wall time, the CPU time of this JVM while it ran and the time the JIT
   * compilers spent meanwhile.
   */
  private record Timed(JobCounts counts, double seconds, double cpuSeconds, double compileSeconds) {

    /** CPU seconds of this JVM minus the JIT compiler threads' CPU: the job's own code. */
    double cpuSecondsOutsideJit() {
      return cpuSeconds - compileSeconds;
    }
  }

  /**
   * Rows per wall-clock second and per CPU second of this JVM (medians of the runs), and every
   * run's rows/s in run order.
   */
  record Rate(
      double rowsPerSecond,
      double rowsPerCpuSecond,
      double rowsPerCpuSecondOutsideJit,
      List<Double> runs) {

    /** The runs' rows/s in thousands, in run order. */
    String runsText() {
      return String.join(", ", runs.stream().map(r -> String.format("%.0f k", r / 1e3)).toList());
    }
  }

  /** CPU time of every thread of this JVM so far (JIT and GC included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private List<DemoPerson> writeDemoInput(Path dir) {
    List<DemoPerson> people = new ArrayList<>(rows);
    Iterator<DemoPerson> persons = DemoPopulation.withSeed(7).persons(rows);
    persons.forEachRemaining(people::add);
    int half = people.size() / 2;
    write(dir.resolve("input-1.avro"), people.subList(0, half));
    write(dir.resolve("input-2.avro"), people.subList(half, people.size()));
    int small = Math.min(SMALL_JOB_ROWS, half);
    write(dir.resolve("small-1.avro"), people.subList(0, small / 2));
    write(dir.resolve("small-2.avro"), people.subList(small / 2, small));
    return people;
  }

  private static void write(Path file, List<DemoPerson> people) {
    try (TableWriter writer = Tables.writer(file, DemoPerson.getClassSchema())) {
      people.forEach(writer::write);
    }
  }

  /** Raw generation rows/s with core's {@code BatchImputer}, batch {@code batch}, 1 thread. */
  static double rawRowsPerSecond(
      ModelBundle bundle, float[] contexts, List<String> keys, int batch) {
    return rawRate(bundle, contexts, keys, batch, 1).rowsPerSecond();
  }

  /**
   * Raw generation per wall-clock and per CPU second: the medians of {@code runs} timed runs over
   * all records, after an untimed warm-up, each rate's taken over the runs on its own.
   */
  static Rate rawRate(
      ModelBundle bundle, float[] contexts, List<String> keys, int batch, int runs) {
    InferenceOptions options =
        InferenceOptions.defaults().withIntraOpThreads(1).withBatchSize(batch);
    try (BatchImputer imputer = BatchImputer.open(bundle.manifest(), bundle::modelBytes, options)) {
      int warmup = Math.min(keys.size(), 20_000);
      int width = imputer.contextWidth();
      imputer.impute(
          java.util.Arrays.copyOf(contexts, warmup * width), keys.subList(0, warmup), 0L);
      List<Rate> rates = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        long cpuStart = processCpuNanos();
        double compileStart = CompilerThreadCpu.seconds();
        long start = System.nanoTime();
        imputer.impute(contexts, keys, 0L);
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        rates.add(
            new Rate(
                keys.size() / ((System.nanoTime() - start) / 1e9),
                keys.size() / cpuSeconds,
                keys.size() / (cpuSeconds - (CompilerThreadCpu.seconds() - compileStart)),
                List.of()));
      }
      return new Rate(
          Medians.of(rates.stream().map(Rate::rowsPerSecond).toList()),
          Medians.of(rates.stream().map(Rate::rowsPerCpuSecond).toList()),
          Medians.of(rates.stream().map(Rate::rowsPerCpuSecondOutsideJit).toList()),
          rates.stream().map(Rate::rowsPerSecond).toList());
    }
  }
}
