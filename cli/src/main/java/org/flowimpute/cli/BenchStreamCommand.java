package org.flowimpute.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.avro.DemoPerson;
import org.flowimpute.bundle.BundleException;
import org.flowimpute.bundle.ModelBundle;
import org.flowimpute.demo.DemoPopulation;
import org.flowimpute.encode.ConditionEncoder;
import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.pipelines.StreamPipeline;
import org.flowimpute.pipelines.options.StreamOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code flowimpute bench stream}: sustained records/s and ingest-to-imputed latency of the
 * streaming job ({@link StreamPipeline}) on embedded Flink, next to raw ONNX Runtime rows/s on the
 * same records measured in the same run. Demo records are written as Avro files into a watched
 * directory at a controlled rate; each record's event time is the wall clock when its file was
 * written, and {@link ProbeIngestLatency} stamps it again as it leaves imputation (before the
 * windows), so latency excludes the window wait. See docs/streaming.md (Benchmark).
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Streaming job records/s and p50/p99 ingest-to-imputed latency on embedded Flink, fed by"
          + " Avro files written at --rate into a watched directory; raw ONNX Runtime rows/s as"
          + " baseline.",
      "Give a bundle trained on demo data. Unknown --name=value options go to Beam."
    })
public final class BenchStreamCommand implements Callable<Integer> {

  /** Records written (and waited for) before timing starts: job start, JIT, first model call. */
  static final int WARM_UP_RECORDS = 1_000;

  /** Most timed records {@code --records} accepts: with the warm-up, the most a list holds. */
  static final int MAX_RECORDS = Integer.MAX_VALUE - WARM_UP_RECORDS;

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Bundle trained on demo data.")
  Path model;

  @Option(
      names = "--records",
      defaultValue = "200000",
      description = "Timed demo records. Default: ${DEFAULT-VALUE}.")
  int records;

  @Option(
      names = "--rate",
      defaultValue = "20000",
      description =
          "Offered records/s (files written on this schedule). Default: ${DEFAULT-VALUE}.")
  int rate;

  @Option(
      names = "--file-records",
      defaultValue = "2000",
      description = "Records per file. Default: ${DEFAULT-VALUE}.")
  int fileRecords;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Flink parallelism. Default: ${DEFAULT-VALUE}.")
  int parallelism;

  @Option(
      names = "--batch-size",
      defaultValue = "512",
      description = "Records per model call. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--window",
      defaultValue = "5s",
      description = "Event-time window of the job. Default: ${DEFAULT-VALUE}.")
  String window;

  @Option(
      names = "--poll-interval",
      defaultValue = "100ms",
      description = "How often the directory is listed. Default: ${DEFAULT-VALUE}.")
  String pollInterval;

  @Option(
      names = "--timeout",
      defaultValue = "10m",
      description = "Give up waiting for the job's output after this long. Default: 10m.")
  String timeout;

  @Option(
      names = "--work-dir",
      description = "Where input and output files go. Default: a new temporary directory.")
  Path workDir;

  @Unmatched List<String> beamArguments = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    OptionRanges.requireBetween(spec, "--records", records, 1, MAX_RECORDS);
    OptionRanges.requireAtLeast(spec, "--rate", rate, 1);
    OptionRanges.requireAtLeast(spec, "--file-records", fileRecords, 1);
    OptionRanges.requireBetween(
        spec, "--batch-size", batchSize, 1, InferenceOptions.MAX_BATCH_SIZE);
    OptionRanges.requireAtLeast(spec, "--parallelism", parallelism, 1);
    org.joda.time.Duration windowSize =
        OptionRanges.requirePositiveDuration(spec, "--window", window);
    OptionRanges.requirePositiveDuration(spec, "--poll-interval", pollInterval);
    Duration limit =
        Duration.ofMillis(
            OptionRanges.requirePositiveDuration(spec, "--timeout", timeout).getMillis());
    Path dir = WorkDirectory.create("--work-dir", workDir, "flowimpute-bench-stream");
    ModelBundle bundle;
    try {
      bundle = OptionFiles.bundle("--model", model);
    } catch (BundleException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Schema schema = timedSchema();
    List<GenericRecord> people = demoRecords(schema, WARM_UP_RECORDS + records);
    double raw = rawRowsPerSecond(bundle, people.subList(WARM_UP_RECORDS, people.size()));

    Path in = Files.createDirectories(dir.resolve("in"));
    Path schemaFile = dir.resolve("records.avsc");
    Files.writeString(schemaFile, schema.toString(true));
    Path targets = dir.resolve("targets.yaml");
    Files.writeString(targets, meanAgeTarget(people));
    writeFile(in, 0, people.subList(0, WARM_UP_RECORDS), System.currentTimeMillis());

    StreamOptions options = options(dir, in, schemaFile, targets);
    Path stamps = Files.createDirectories(dir.resolve("stamps"));
    PipelineResult result =
        StreamPipeline.run(
            options, new ProbeIngestLatency(stamps.resolve("part").toString(), windowSize));
    Measured measured;
    try {
      awaitOrFail(() -> readStamps(stamps).length, WARM_UP_RECORDS, limit, "warm-up records");
      long start = System.currentTimeMillis();
      long written = writeAtRate(in, people.subList(WARM_UP_RECORDS, people.size()), start);
      double writeSeconds = (written - start) / 1e3;
      awaitOrFail(
          () -> Arrays.stream(readStamps(stamps)).filter(s -> s[0] >= start).count(),
          records,
          limit,
          "imputed records");
      long total = WARM_UP_RECORDS + (long) records;
      awaitOrFail(
          () -> countRecords(dir.resolve("out")) + countRecords(dir.resolve("dead")),
          total,
          limit,
          "calibrated records and dead letters");
      measured = measure(stamps, start, writeSeconds, dir);
    } finally {
      result.cancel();
    }
    print(bundle, measured, raw);
    return ExitCodes.OK;
  }

  private void print(ModelBundle bundle, Measured m, double raw) {
    var out = spec.commandLine().getOut();
    out.printf(
        "model %s; %d demo records (+%d warm-up) in %d-record Avro files offered at %,d"
            + " records/s (written in %.1f s) to dir:// on embedded Flink, parallelism %d,"
            + " batch %d, poll %s, window %s%n",
        bundle.manifest().modelId(),
        records,
        WARM_UP_RECORDS,
        fileRecords,
        rate,
        m.writeSeconds(),
        parallelism,
        batchSize,
        pollInterval,
        window);
    out.printf(
        "records: %d written, %d imputed, %d calibrated + %d dead letters (warm-up included in"
            + " the last two)%n",
        records, m.imputed(), m.calibrated(), m.deadLetters());
    out.printf("seconds: %.2f (first timed file written -> last record imputed)%n", m.seconds());
    out.printf("sustained: %,.0f records/s (target 20,000)%n", m.imputed() / m.seconds());
    out.printf(
        "latency ingest->imputed (excluding the window wait): p50 %d ms, p99 %d ms, max %d ms"
            + " (target p99 < 1000 ms)%n",
        m.p50(), m.p99(), m.max());
    out.printf(
        "baseline raw ONNX Runtime (BatchImputer, same records, batch 1024, 1 thread): %,.0f"
            + " rows/s%n",
        raw);
    out.printf(
        "ratio sustained / (raw x %d cores): %.3f%n",
        parallelism, m.imputed() / m.seconds() / (raw * parallelism));
  }

  private Measured measure(Path stamps, long start, double writeSeconds, Path dir) {
    long[][] timed =
        Arrays.stream(readStamps(stamps)).filter(s -> s[0] >= start).toArray(long[][]::new);
    long[] latencies = Arrays.stream(timed).mapToLong(s -> s[1] - s[0]).sorted().toArray();
    long last = Arrays.stream(timed).mapToLong(s -> s[1]).max().orElseThrow();
    return new Measured(
        timed.length,
        countRecords(dir.resolve("out")),
        countRecords(dir.resolve("dead")),
        (last - start) / 1e3,
        writeSeconds,
        percentile(latencies, 0.50),
        percentile(latencies, 0.99),
        latencies[latencies.length - 1]);
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** What one run measured. */
  private record Measured(
      long imputed,
      long calibrated,
      long deadLetters,
      double seconds,
      double writeSeconds,
      long p50,
      long p99,
      long max) {}

  private StreamOptions options(Path dir, Path in, Path schemaFile, Path targets)
      throws IOException {
    List<String> arguments = new ArrayList<>(beamArguments);
    arguments.add("--runner=FlinkRunner");
    arguments.add("--flinkMaster=[local]");
    arguments.add("--attachedMode=false");
    arguments.add("--parallelism=" + parallelism);
    StreamOptions options =
        PipelineOptionsFactory.fromArgs(arguments.toArray(String[]::new)).as(StreamOptions.class);
    options.setModel(model.toString());
    options.setSource("dir://" + in);
    options.setRecordSchema(schemaFile.toString());
    options.setTargets(targets.toString());
    options.setWindow(window);
    options.setMaxOutOfOrderness("1s");
    options.setIdleTimeout("2s");
    options.setPollInterval(pollInterval);
    options.setOutput(Files.createDirectories(dir.resolve("out")).resolve("part").toString());
    options.setReportOutput(
        Files.createDirectories(dir.resolve("reports")).resolve("part").toString());
    options.setDeadLetterOutput(
        Files.createDirectories(dir.resolve("dead")).resolve("part").toString());
    options.setKeyField("person_id");
    options.setBatchSize(batchSize);
    return options;
  }

  /** Writes files of {@link #fileRecords} on the {@link #rate} schedule; returns when done (ms). */
  private long writeAtRate(Path in, List<GenericRecord> timed, long start) {
    int files = (timed.size() + fileRecords - 1) / fileRecords;
    for (int f = 0; f < files; f++) {
      long due = start + (long) f * fileRecords * 1000L / rate;
      long wait = due - System.currentTimeMillis();
      if (wait > 0) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(wait));
      }
      List<GenericRecord> chunk =
          timed.subList(f * fileRecords, Math.min(timed.size(), (f + 1) * fileRecords));
      writeFile(in, f + 1, chunk, Math.max(start, System.currentTimeMillis()));
    }
    return System.currentTimeMillis();
  }

  /**
   * Writes {@code chunk} with event time {@code now} to a temporary name and renames it into the
   * watched directory, so the reader never sees a partial file.
   */
  private static void writeFile(Path in, int index, List<GenericRecord> chunk, long now) {
    Path temp = in.resolve(String.format("part-%07d.avro.tmp", index));
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(chunk.get(0).getSchema()))) {
      writer.create(chunk.get(0).getSchema(), temp.toFile());
      for (GenericRecord record : chunk) {
        record.put("event_time", now);
        writer.append(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + temp, e);
    }
    try {
      Files.move(
          temp, in.resolve(String.format("part-%07d.avro", index)), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rename " + temp, e);
    }
  }

  private static void awaitOrFail(LongSupplier count, long expected, Duration limit, String what) {
    long deadline = System.nanoTime() + limit.toNanos();
    long seen = count.getAsLong();
    while (seen < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the streaming job produced " + seen + " of " + expected + " " + what + " in " + limit);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      seen = count.getAsLong();
    }
    if (seen > expected) {
      throw new IllegalStateException(
          "the streaming job produced " + seen + " " + what + ", expected " + expected);
    }
  }

  /**
   * {@code [eventTimeMs, imputedAtMs]} once per record: the finished stamp files' {@code
   * eventTimeMs,imputedAtMs,count} lines, each repeated {@code count} times.
   */
  private static long[][] readStamps(Path stamps) {
    List<long[]> lines = new ArrayList<>();
    for (Path file : finishedFiles(stamps)) {
      try (Stream<String> text = Files.lines(file)) {
        text.forEach(
            line -> {
              String[] parts = line.split(",");
              long[] stamp = {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
              for (long n = Long.parseLong(parts[2]); n > 0; n--) {
                lines.add(stamp);
              }
            });
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return lines.toArray(long[][]::new);
  }

  private static long countRecords(Path directory) {
    long count = 0;
    for (Path file : finishedFiles(directory)) {
      try (DataFileReader<GenericRecord> reader =
          new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
        while (reader.hasNext()) {
          reader.nextBlock();
          count += reader.getBlockCount();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return count;
  }

  /**
   * Regular files directly in {@code directory}, not Beam's temporary ones (in dot-directories).
   */
  private static List<Path> finishedFiles(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  /** DemoPerson with a long {@code event_time}. */
  static Schema timedSchema() {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : DemoPerson.getClassSchema().getFields()) {
      fields.add(new Schema.Field(field, field.schema()));
    }
    fields.add(
        new Schema.Field(
            "event_time", Schema.create(Schema.Type.LONG), "When the file was written (ms).", 0L));
    return Schema.createRecord("TimedDemoPerson", null, "org.flowimpute.bench", false, fields);
  }

  /** {@code count} demo persons as records of {@code schema} (demo fields first), seed 7. */
  static List<GenericRecord> demoRecords(Schema schema, int count) {
    List<GenericRecord> people = new ArrayList<>(count);
    Iterator<DemoPerson> persons = DemoPopulation.withSeed(7).persons(count);
    while (persons.hasNext()) {
      DemoPerson person = persons.next();
      GenericData.Record record = new GenericData.Record(schema);
      for (Schema.Field field : DemoPerson.getClassSchema().getFields()) {
        record.put(field.pos(), person.get(field.pos()));
      }
      people.add(record);
    }
    return people;
  }

  /** One target every window can meet: the weighted mean age of all records. */
  static String meanAgeTarget(List<GenericRecord> people) {
    double sum = 0;
    double weights = 0;
    for (GenericRecord person : people) {
      double weight = (Double) person.get("weight");
      sum += weight * (Integer) person.get("age");
      weights += weight;
    }
    return String.format(
        java.util.Locale.ROOT,
        "targets:%n  - name: mean_age%n    statistic: mean%n    column: age%n    value: %.6f%n",
        sum / weights);
  }

  private static double rawRowsPerSecond(ModelBundle bundle, List<GenericRecord> people) {
    ConditionEncoder encoder = ConditionEncoder.of(bundle.manifest());
    float[] contexts = new float[people.size() * encoder.width()];
    List<String> keys = new ArrayList<>(people.size());
    for (int r = 0; r < people.size(); r++) {
      encoder.encode(people.get(r), "row " + (r + 1), contexts, r * encoder.width());
      keys.add(people.get(r).get("person_id").toString());
    }
    return BenchPipelineCommand.rawRowsPerSecond(bundle, contexts, keys, 1024);
  }
}
