package org.flowimpute.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.flowimpute.avro.CalibrationWindowReport;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.pipelines.io.CsvSchemas;
import org.flowimpute.pipelines.io.OutputPrefixes;
import org.flowimpute.pipelines.io.RecordSource;
import org.flowimpute.pipelines.io.RecordSources;
import org.flowimpute.pipelines.io.ShardFileNames;
import org.flowimpute.pipelines.io.kafka.KafkaAddress;
import org.flowimpute.pipelines.io.kafka.KafkaOptions;
import org.flowimpute.pipelines.io.kafka.KafkaTopics;
import org.flowimpute.pipelines.io.kafka.WriteKafkaRecords;
import org.flowimpute.pipelines.options.StreamOptions;
import org.flowimpute.pipelines.stream.CalibrateWindowFn;
import org.flowimpute.pipelines.stream.CalibratedSchema;
import org.flowimpute.pipelines.stream.CountClosedDeadLetterWindows;
import org.flowimpute.pipelines.stream.DurationText;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.flowimpute.pipelines.stream.ImputeStreamedHouseholds;
import org.flowimpute.pipelines.stream.LatestModel;
import org.flowimpute.pipelines.stream.LatestTargets;
import org.flowimpute.pipelines.stream.RecalibrateWindow;
import org.flowimpute.pipelines.stream.StreamWindows;
import org.flowimpute.pipelines.stream.TargetsSnapshot;
import org.flowimpute.pipelines.stream.WindowSolverSettings;
import org.flowimpute.pipelines.stream.WriteWindowedAvro;
import org.flowimpute.pipelines.transforms.BundleModelProvider;
import org.flowimpute.pipelines.transforms.ImputeRecords;
import org.flowimpute.pipelines.transforms.ModelProvider;
import org.flowimpute.pipelines.values.FastAvroCoder;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.SourcedRecordCoder;
import org.flowimpute.table.AvroLimits;
import org.joda.time.Duration;

/**
 * The streaming job: records from a {@link RecordSource} (watched directory or Kafka) → validate
 * and impute ({@link ImputeRecords}) → event-time windows → per-window EMM recalibration → windowed
 * Avro files of the calibrated records ({@link WriteWindowedAvro}), one calibration report per
 * window (and group), and windowed dead-letter files. See docs/streaming.md.
 *
 * <p>Steps (stable names, Flink operator ids): {@code ReadSource}, {@code ImputeRecords}, {@code
 * LatestTargets}, {@code RecalibrateWindow}, {@code WriteCalibrated}, {@code WriteReports}, {@code
 * FlattenDeadLetters}, {@code WindowDeadLetters}, {@code WriteDeadLetters}, {@code
 * CountClosedDeadLetterWindows} ({@link CountClosedDeadLetterWindows}); with {@code --kafkaOutput}
 * / {@code --kafkaDeadLetterOutput} also {@code WriteCalibratedToKafka} / {@code
 * WriteDeadLettersToKafka} ({@link WriteKafkaRecords}). With a household-aware model {@code
 * ImputeHouseholds} ({@link ImputeStreamedHouseholds}: members held until their household is
 * complete or timed out, then imputed per household) replaces {@code ImputeRecords}.
 */
public final class StreamPipeline {

  /** The shard count in a record file's name ({@code ...-of-NNNNN.avro}). */
  private static final Pattern SHARD_COUNT = Pattern.compile("-of-(\\d+)\\.avro$");

  private StreamPipeline() {}

  /**
   * Runs the job with options from the command line and waits while it runs, but on Dataflow
   * ({@link RunnerKinds#mainWaitsForTheJob}). Started by the JVM ({@code java -cp ...}), it ends
   * the process with exit code 1 when it fails ({@link ProcessEntryPoint}).
   */
  public static void main(String[] args) throws Exception {
    ProcessEntryPoint.run(StreamPipeline.class, () -> runMain(args));
  }

  private static void runMain(String[] args) throws InterruptedException {
    AvroLimits.install();
    PipelineOptionsFactory.register(StreamOptions.class);
    StreamOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(StreamOptions.class);
    OutputPrefixes.requireUsable(options, "--output", options.getOutput());
    OutputPrefixes.requireUsable(options, "--reportOutput", reportPrefix(options));
    OutputPrefixes.requireUsable(options, "--deadLetterOutput", deadLetterPrefix(options));
    OutputPrefixes.requireSeparate(
        options,
        List.of(
            Map.entry("--output", options.getOutput()),
            Map.entry("--reportOutput", reportPrefix(options)),
            Map.entry("--deadLetterOutput", deadLetterPrefix(options))));
    PipelineResult result = run(options);
    if (!RunnerKinds.mainWaitsForTheJob(options)) {
      System.out.println("the streaming job was submitted: " + result.getState());
      return;
    }
    PipelineResult.State state = result.waitUntilFinish();
    if (state != PipelineResult.State.DONE && state != PipelineResult.State.CANCELLED) {
      throw FailedJobs.ended(options, "the streaming job", state);
    }
  }

  /**
   * How often Flink's sources emit watermarks unless {@code --autoWatermarkInterval} says
   * otherwise: the interval Beam's source reader falls back to, set so that it does not warn about
   * it once per source and worker at every start.
   */
  static final long AUTO_WATERMARK_INTERVAL_MS = 200;

  /**
   * Runs the job with the bundle named by {@code --model}; returns once it is submitted (on the
   * DirectRunner too, whose {@code blockOnRun} is switched off: a streaming job never finishes, so
   * a blocking run would never hand back the result that cancels it).
   */
  public static PipelineResult run(StreamOptions options) {
    return run(options, null);
  }

  /**
   * Runs the job, applying {@code imputedProbe} (when not null) to the imputed records before
   * windowing (see {@link #build(Pipeline, StreamOptions, ModelProvider, RecordSource,
   * PTransform)}); returns once it is submitted, as {@link #run(StreamOptions)}.
   */
  public static PipelineResult run(
      StreamOptions options, PTransform<PCollection<GenericRecord>, ?> imputedProbe) {
    requireSameShardCount(options);
    ModelProvider model = ImputePipeline.modelFrom(options);
    options.as(StreamingOptions.class).setStreaming(true);
    if (DirectRunner.class.equals(options.getRunner())) {
      options.as(DirectOptions.class).setBlockOnRun(false);
    }
    if (RunnerKinds.isFlink(options)) {
      FlinkJobSetup.forStream(options, AUTO_WATERMARK_INTERVAL_MS);
    }
    Pipeline pipeline = Pipeline.create(options);
    build(
        pipeline,
        options,
        model,
        RecordSources.forOptions(options, model.fields(), policy(options)),
        imputedProbe);
    return pipeline.run();
  }

  /**
   * The input's fields that {@code model} computes itself (household features such as {@code
   * household_size}, household totals), in the input's order, as {@link
   * ImputePipeline#computedInputFields} finds them for {@code impute}: the job replaces their
   * values, which the command says. The input's schema is {@code --recordSchema}'s, or that of the
   * watched directory's first file; empty when neither can be read yet (the job then says why).
   */
  public static ComputedInputFields computedInputFields(StreamOptions options, ModelFields model) {
    FileSystems.setDefaultPipelineOptions(options);
    Schema schema;
    try {
      schema = RecordSources.inputSchema(options, model);
    } catch (IllegalArgumentException | UncheckedIOException unknownYet) {
      // no schema file, no file in the directory yet, ...: building the job reports it
      return new ComputedInputFields(List.of(), false);
    }
    return schema == null
        ? new ComputedInputFields(List.of(), false)
        : new ComputedInputFields(
            ImputePipeline.computedFields(schema, model),
            options.getRecordSchema() == null && CsvSchemas.RECORD_NAME.equals(schema.getName()));
  }

  /**
   * The input's fields a model computes ({@link #computedInputFields}).
   *
   * @param names the fields, in the input's order
   * @param csvColumns whether they are columns of a CSV header (the schema is a CSV file's)
   */
  public record ComputedInputFields(List<String> names, boolean csvColumns) {}

  /** The event-time policy the options describe. */
  public static EventTimePolicy policy(StreamOptions options) {
    return new EventTimePolicy(
        options.getEventTimeField(),
        DurationText.parse("maxOutOfOrderness", options.getMaxOutOfOrderness()),
        DurationText.parse("allowedLateness", options.getAllowedLateness()),
        DurationText.parse("idleTimeout", options.getIdleTimeout()),
        windows(options));
  }

  /** The windows the options describe. */
  public static StreamWindows windows(StreamOptions options) {
    var size = DurationText.parse("window", options.getWindow());
    var slide =
        options.getWindowSlide() == null
            ? size
            : DurationText.parse("windowSlide", options.getWindowSlide());
    return new StreamWindows(size, slide);
  }

  /**
   * Adds the job's steps to {@code pipeline}, reading from {@code source} (tests pass their own);
   * returns the schema of the calibrated record files.
   */
  public static Schema build(
      Pipeline pipeline, StreamOptions options, ModelProvider model, RecordSource source) {
    return build(pipeline, options, model, source, null);
  }

  /**
   * As {@link #build(Pipeline, StreamOptions, ModelProvider, RecordSource)}, also applying {@code
   * imputedProbe} (when not null) to the imputed records before they are windowed: {@code
   * flowimpute bench stream} measures ingest-to-imputed latency there, without the window wait.
   */
  public static Schema build(
      Pipeline pipeline,
      StreamOptions options,
      ModelProvider model,
      RecordSource source,
      PTransform<PCollection<GenericRecord>, ?> imputedProbe) {
    KafkaTopics.requireDistinct(options.getSource(), options.as(KafkaOptions.class));
    if (RunnerKinds.isFlink(options)) {
      FlinkJobSetup.finishBundlesBeforeCheckpoints(options);
    }
    StreamWindows windows = windows(options);
    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> records =
        pipeline.apply("ReadSource", source);
    Schema inputSchema = ((SourcedRecordCoder) records.output().getCoder()).schema();
    ImputePipeline.requireKeyNotComputed(options.getKeyField(), model.fields());
    String schemaOrigin =
        options.getRecordSchema() != null
            ? "that of --recordSchema " + options.getRecordSchema()
            : "that of the source " + options.getSource();
    ImputePipeline.requireField(
        inputSchema, options.getKeyField(), "key field", "--keyField", schemaOrigin);
    ImputePipeline.requireWeightField(
        inputSchema, options.getWeightField(), options.getWeightFieldRequired(), schemaOrigin);
    boolean kafkaTimestamps =
        options.getSource() != null
            && options.getSource().startsWith("kafka://")
            && options.getKafkaTimestamps();
    if (!kafkaTimestamps) {
      ImputePipeline.requireField(
          inputSchema,
          options.getEventTimeField(),
          "event-time field",
          "--eventTimeField",
          schemaOrigin);
    }
    HouseholdContext household = householdContext(options, model);
    ImputePipeline.requireConditions(
        inputSchema,
        "--recordSchema's, or the first file's of the watched directory that holds records",
        model.fields(),
        household);
    Schema outputSchema;
    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> imputed;
    if (household.isPresent()) {
      if (options.getModelDirectory() != null) {
        throw new IllegalArgumentException(
            "--modelDirectory (model hot swap) is not supported for household-aware models");
      }
      ImputeStreamedHouseholds impute =
          ImputeStreamedHouseholds.with(
                  model,
                  household,
                  options.getHouseholdSizeField(),
                  householdTimeout(options),
                  windows.slide())
              .withBatchSize(options.getBatchSize())
              .withKeyField(options.getKeyField());
      outputSchema = impute.outputSchema(inputSchema);
      imputed = records.output().apply("ImputeHouseholds", impute);
    } else {
      ImputeRecords.KeepingSources impute =
          imputeRecords(pipeline, options, model).keepingSources();
      outputSchema = impute.outputSchema(inputSchema);
      imputed = records.output().apply("ImputeRecords", impute);
    }
    if (imputedProbe != null) {
      imputed
          .output()
          .apply(
              "ImputedRecords",
              MapElements.into(TypeDescriptor.of(GenericRecord.class)).via(SourcedRecord::record))
          .setCoder(FastAvroCoder.of(outputSchema))
          .apply("ProbeImputed", imputedProbe);
    }

    LatestTargets latestTargets =
        latestTargets(options)
            .withGroupField(options.getGroupField())
            .withRecordSchema(outputSchema);
    PCollectionView<Iterable<TargetsSnapshot>> targets =
        pipeline.apply("LatestTargets", latestTargets);
    RecalibrateWindow recalibrate =
        RecalibrateWindow.of(windows, targets, latestTargets.freshness());
    if (household.isPresent()) {
      recalibrate = recalibrate.withHouseholds(household.idField());
    }
    PCollectionTuple calibrated =
        imputed
            .output()
            .apply(
                "RecalibrateWindow",
                recalibrate
                    .withGroupField(options.getGroupField())
                    .withSolverSettings(
                        WindowSolverSettings.of(
                            options.getLambda(),
                            options.getOnInfeasible(),
                            options.getSoftenLambda(),
                            options.getBounds()))
                    .withDriftThreshold(options.getDriftThreshold()));
    Schema calibratedSchema = CalibratedSchema.derive(outputSchema);
    calibrated
        .get(CalibrateWindowFn.CALIBRATED)
        .apply(
            "WriteCalibrated",
            WriteWindowedAvro.to(options.getOutput(), calibratedSchema)
                .withNumShards(options.getNumShards()));
    calibrated
        .get(CalibrateWindowFn.REPORTS)
        .apply(
            "WriteReports",
            AvroIO.write(CalibrationWindowReport.class)
                .to(windowedNames(reportPrefix(options)))
                .withTempDirectory(windowedNames(reportPrefix(options)).directory())
                .withWindowedWrites()
                .withNumShards(1));
    PCollection<DeadLetter> deadLetters =
        PCollectionList.of(records.failures())
            .and(imputed.failures())
            .and(calibrated.get(RecalibrateWindow.DEAD_LETTERS))
            .apply("FlattenDeadLetters", Flatten.pCollections());
    KafkaOptions kafka = options.as(KafkaOptions.class);
    if (kafka.getKafkaOutput() != null) {
      calibrated
          .get(CalibrateWindowFn.CALIBRATED)
          .apply(
              "WriteCalibratedToKafka",
              WriteKafkaRecords.imputed(existingTopic(kafka.getKafkaOutput(), "--kafkaOutput")));
    }
    if (kafka.getKafkaDeadLetterOutput() != null) {
      deadLetters.apply(
          "WriteDeadLettersToKafka",
          WriteKafkaRecords.deadLetters(
              existingTopic(kafka.getKafkaDeadLetterOutput(), "--kafkaDeadLetterOutput")));
    }
    PCollection<DeadLetter> windowedDeadLetters =
        deadLetters.apply("WindowDeadLetters", Window.into(FixedWindows.of(windows.size())));
    windowedDeadLetters.apply(
        "CountClosedDeadLetterWindows", CountClosedDeadLetterWindows.create());
    windowedDeadLetters.apply(
        "WriteDeadLetters",
        AvroIO.write(DeadLetter.class)
            .to(windowedNames(deadLetterPrefix(options)))
            .withTempDirectory(windowedNames(deadLetterPrefix(options)).directory())
            .withWindowedWrites()
            .withNumShards(1));
    return calibratedSchema;
  }

  /** The topic {@code option} names, checked to exist ({@link KafkaTopics}). */
  /**
   * The targets file's readings, read once now; a file that cannot be read is refused naming {@code
   * --targets} ({@code --targets t.yaml: cannot read: ...}), as {@code --recordSchema} is.
   */
  private static LatestTargets latestTargets(StreamOptions options) {
    Duration refresh = DurationText.parse("targetsRefresh", options.getTargetsRefresh());
    try {
      return LatestTargets.of(options.getTargets(), refresh);
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException(
          "--targets " + options.getTargets() + ": cannot read: " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  private static KafkaAddress existingTopic(String text, String option) {
    KafkaAddress address = KafkaTopics.parse(text, option);
    KafkaTopics.requireExisting(address, option);
    return address;
  }

  /** Person-level imputation, following the newest bundle of {@code --modelDirectory} if set. */
  private static ImputeRecords imputeRecords(
      Pipeline pipeline, StreamOptions options, ModelProvider model) {
    ImputeRecords impute =
        ImputeRecords.with(model)
            .withBatchSize(options.getBatchSize())
            .withKeyField(options.getKeyField());
    if (options.getModelDirectory() != null) {
      if (!(model instanceof BundleModelProvider bundle)) {
        throw new IllegalArgumentException("--modelDirectory needs a model bundle, got " + model);
      }
      impute =
          impute.withModelVersions(
              pipeline.apply(
                  "LatestModel",
                  LatestModel.watching(
                      options.getModelDirectory(),
                      bundle,
                      DurationText.parse("modelRefresh", options.getModelRefresh()))));
    }
    return impute;
  }

  /**
   * The model's household context ({@link ImputePipeline#householdContext}); the household options
   * of a stream, {@code --householdTimeout} and a {@code --householdSizeField} other than its
   * default, are refused for a person-level model, which ran without a word and ignored them.
   */
  static HouseholdContext householdContext(StreamOptions options, ModelProvider model) {
    HouseholdContext household = ImputePipeline.householdContext(options, model);
    if (household.isPresent()) {
      return household;
    }
    String given =
        options.getHouseholdTimeout() != null
            ? "--householdTimeout=" + options.getHouseholdTimeout()
            : !StreamOptions.DEFAULT_HOUSEHOLD_SIZE_FIELD.equals(options.getHouseholdSizeField())
                ? "--householdSizeField=" + options.getHouseholdSizeField()
                : null;
    if (given != null) {
      throw new IllegalArgumentException(
          given
              + ": model "
              + model.fields().modelId()
              + " was not trained with a household context (train --household-id); the option"
              + " applies to household models only");
    }
    return household;
  }

  /** How long a household waits for missing members: the option, or twice the window. */
  public static Duration householdTimeout(StreamOptions options) {
    return options.getHouseholdTimeout() == null
        ? windows(options).size().multipliedBy(2)
        : DurationText.parse("householdTimeout", options.getHouseholdTimeout());
  }

  /**
   * A glob matching exactly the calibrated record files: {@code <output>-[0-9]*.avro}, the files
   * whose window start (a year) follows the prefix, so that with the default report and dead-letter
   * outputs ({@code <output>-reports-…}, {@code <output>-dead-letters-…}) it matches neither.
   */
  public static String recordFiles(StreamOptions options) {
    return options.getOutput() + "-[0-9]*.avro";
  }

  /** A glob matching the window report files: {@code <report prefix>-*.avro}. */
  public static String reportFiles(StreamOptions options) {
    return reportPrefix(options) + "-*.avro";
  }

  /** A glob matching the dead-letter files: {@code <dead-letter prefix>-*.avro}. */
  public static String deadLetterFiles(StreamOptions options) {
    return deadLetterPrefix(options) + "-*.avro";
  }

  /** {@code prefix-<window>-<pane>-SSSSS-of-NNNNN.avro}, in ASCII digits in any locale. */
  private static ShardFileNames windowedNames(String prefix) {
    return ShardFileNames.of(prefix, ShardFileNames.WINDOWED, ".avro");
  }

  /** Where window reports go: the option, or {@code <output>-reports}. */
  public static String reportPrefix(StreamOptions options) {
    String prefix = options.getReportOutput();
    return prefix != null ? prefix : options.getOutput() + "-reports";
  }

  /** Where dead letters go: the option, or {@code <output>-dead-letters}. */
  public static String deadLetterPrefix(StreamOptions options) {
    String prefix = options.getDeadLetterOutput();
    return prefix != null ? prefix : options.getOutput() + "-dead-letters";
  }

  /**
   * Refuses an output prefix holding record files of another shard count: a restart writes its
   * windows again under names with its own {@code -of-NNNNN}, so the earlier files would stay
   * beside them and every record of those windows be read twice (a restart with {@code
   * --numShards=2} after a run with 1 showed 1,200 records for 600). Files of the same count are
   * rewritten under the same names, which is how a restart repairs its windows.
   */
  public static void requireSameShardCount(StreamOptions options) {
    FileSystems.setDefaultPipelineOptions(options);
    String glob = options.getOutput() + "-[0-9]*-of-[0-9]*.avro";
    List<MatchResult.Metadata> files;
    try {
      files = FileSystems.match(glob, EmptyMatchTreatment.ALLOW).metadata();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + glob + ": " + e.getMessage(), e);
    }
    for (MatchResult.Metadata file : files) {
      String name = file.resourceId().getFilename();
      Matcher count = SHARD_COUNT.matcher(name == null ? "" : name);
      if (count.find() && Integer.parseInt(count.group(1)) != options.getNumShards()) {
        throw new IllegalArgumentException(
            "--output "
                + options.getOutput()
                + " holds record files of an earlier run with "
                + Integer.parseInt(count.group(1))
                + " shards per window ("
                + file.resourceId()
                + "), this run writes "
                + options.getNumShards()
                + ": the old files would stay beside the new ones; remove them or choose another"
                + " prefix");
      }
    }
  }
}
