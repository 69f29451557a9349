package org.flowimpute.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.FailedJobs;
import org.flowimpute.pipelines.ImputePipeline;
import org.flowimpute.pipelines.JobCounts;
import org.flowimpute.pipelines.StreamPipeline;
import org.flowimpute.pipelines.io.OutputPrefixes;
import org.flowimpute.pipelines.io.kafka.KafkaOptions;
import org.flowimpute.pipelines.io.kafka.KafkaTopics;
import org.flowimpute.pipelines.options.StreamOptions;
import org.flowimpute.pipelines.stream.CheckpointDirectory;
import org.flowimpute.pipelines.stream.FlinkStreamEnd;
import org.flowimpute.pipelines.stream.ResumedRunCounts;
import org.flowimpute.pipelines.stream.TimedFlinkStream;
import org.flowimpute.pipelines.stream.UnwrittenDeadLetters;
import org.flowimpute.pipelines.stream.UnwrittenRecords;
import org.flowimpute.pipelines.stream.WindowCounts;
import org.flowimpute.pipelines.values.ModelFields;
import org.joda.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code flowimpute stream}: the streaming job ({@link StreamPipeline}) from the command line:
 * records from a watched directory (or Kafka) are imputed, windowed by event time and recalibrated
 * per window; windowed Avro files, reports and dead letters are written as windows close. Runs
 * until stopped (or for {@code --run-for}); options not listed here go to Beam unchanged.
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Streaming imputation with per-window EMM recalibration (DirectRunner or Flink).",
      "Writes <output>-<windowStart>-<windowEnd>-pane-*.avro (records with calibrated_weight),"
          + " <output>-reports-<windowStart>-<windowEnd>-pane-*.avro (one CalibrationWindowReport"
          + " per window and group) and <output>-dead-letters-<windowStart>-<windowEnd>-pane-*.avro.",
      "Unknown --name=value options are passed to Beam's PipelineOptions."
    })
public final class StreamCommand implements Callable<Integer> {

  /** The help section listing the Kafka options ({@link BeamOptionsHelp}). */
  static final String KAFKA_OPTIONS_SECTION = "kafkaOptions";

  /** The help section listing the job options only Beam reads ({@link BeamOptionsHelp}). */
  static final String BEAM_OPTIONS_SECTION = "beamOptions";

  /** How a job stopped by cancelling it ends ({@link PipelineResult.State#CANCELLED}). */
  private static final String CANCELLED = "cancelled";

  /**
   * How a Flink job stopped at {@code --run-for} or by a signal ends: drained, or with a savepoint.
   */
  private static final String STOPPED = "stopped";

  /** How a job that finished by itself ends ({@link PipelineResult.State#DONE}). */
  private static final String DONE = "done";

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model bundle (directory or .zip).")
  String model;

  @Option(
      names = "--source",
      required = true,
      description =
          "dir://PATH (watched directory of .avro/.csv files) or kafka://HOST:PORT/TOPIC.")
  String source;

  @Option(names = "--targets", required = true, description = "Targets file (YAML or JSON).")
  String targets;

  @Option(
      names = "--window",
      defaultValue = "5m",
      description = "Event-time window length. Default: ${DEFAULT-VALUE}.")
  String window;

  @Option(names = "--window-slide", description = "Slide of sliding windows (default: fixed).")
  String windowSlide;

  @Option(names = "--output", required = true, description = "Output prefix.")
  String output;

  @Option(
      names = "--event-time-field",
      defaultValue = "event_time",
      description = "Field with the event time (epoch ms or ISO-8601). Default: ${DEFAULT-VALUE}.")
  String eventTimeField;

  @Option(
      names = "--max-out-of-orderness",
      defaultValue = "30s",
      description = "Watermark lag behind the largest event time. Default: ${DEFAULT-VALUE}.")
  String maxOutOfOrderness;

  @Option(
      names = "--allowed-lateness",
      defaultValue = "0s",
      description = "Extra wait before a window is calibrated. Default: ${DEFAULT-VALUE}.")
  String allowedLateness;

  @Option(
      names = "--idle-timeout",
      defaultValue = "1m",
      description =
          "Quiet time after which the watermark follows the clock. Default: ${DEFAULT-VALUE}.")
  String idleTimeout;

  @Option(
      names = "--poll-interval",
      defaultValue = "5s",
      description = "How often a watched directory is listed. Default: ${DEFAULT-VALUE}.")
  String pollInterval;

  @Option(names = "--record-schema", description = "Avro schema (.avsc) of incoming records.")
  String recordSchema;

  @Option(names = "--group-field", description = "Calibrate each window per value of this field.")
  String groupField;

  @Option(
      names = "--drift-threshold",
      defaultValue = "0.1",
      description = "Relative pre-calibration miss that flags drift. Default: ${DEFAULT-VALUE}.")
  double driftThreshold;

  @Option(
      names = "--on-infeasible",
      defaultValue = "soften",
      description =
          "A window whose targets cannot be met together: soften (least squares at"
              + " --soften-lambda) or fail (it keeps its base weights; its report says why)."
              + " Default: ${DEFAULT-VALUE}.")
  String onInfeasible;

  @Option(
      names = "--soften-lambda",
      defaultValue = "1e-4",
      description = "Entropy weight of a softened window's solve. Default: ${DEFAULT-VALUE}.")
  double softenLambda;

  @Option(
      names = "--bounds",
      description = "Bounds L,U on calibrated weight / base weight, e.g. 0.2,5 (none by default).")
  String bounds;

  @Option(
      names = "--targets-refresh",
      defaultValue = "1m",
      description = "How often the targets file is re-read. Default: ${DEFAULT-VALUE}.")
  String targetsRefresh;

  @Option(
      names = {"--household-size-field", "--householdSizeField"},
      defaultValue = "household_members",
      description =
          "Household-aware models: field with the household's member count, sent with every"
              + " member. Default: ${DEFAULT-VALUE}.")
  String householdSizeField;

  @Option(
      names = {"--household-timeout", "--householdTimeout"},
      description =
          "Household-aware models: event time after a household's earliest member when the"
              + " members present are imputed as a partial household (household_complete=false)."
              + " Default: twice --window.")
  String householdTimeout;

  @Option(names = "--dead-letter-output", description = "Default: <output>-dead-letters.")
  String deadLetterOutput;

  @Option(names = "--report-output", description = "Default: <output>-reports.")
  String reportOutput;

  @Mixin RunnerOptions runnerOptions;

  @Mixin ImputationOptions imputationOptions;

  @Option(
      names = "--checkpoint-interval",
      description = "Flink checkpoint interval, e.g. 30s (default: no checkpoints).")
  String checkpointInterval;

  @Option(
      names = {"--checkpoint-dir", "--checkpointDir"},
      description =
          "Embedded Flink: directory of the checkpoints, kept when the job is cancelled, fails or"
              + " is killed (needs --checkpoint-interval); --run-for then stops the job with a"
              + " savepoint there, open windows kept, instead of draining it.")
  String checkpointDir;

  @Option(
      names = "--resume",
      description =
          "Resume from the newest checkpoint or savepoint under --checkpoint-dir: the files"
              + " already read are not read again and open windows keep their records.")
  boolean resume;

  @Option(
      names = "--weight-field",
      defaultValue = "weight",
      description =
          "Input field with base weights. Default: weight (1 if absent);"
              + " a field named here (even weight) must be a field of the input.")
  String weightField;

  @Option(
      names = "--run-for",
      description =
          "Stop the job after this long, e.g. 10m (Flink: drained, open windows written, or"
              + " with --checkpoint-dir stopped with a savepoint, open windows kept; DirectRunner:"
              + " cancelled); default: run until killed.")
  String runFor;

  @Unmatched List<String> beamArguments = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    Duration stopAfter =
        runFor == null ? null : OptionRanges.requirePositiveDuration(spec, "--run-for", runFor);
    StreamOptions options = options();
    requireDistinctTopics(options);
    OutputPrefixes.requireUsable(options, "--output", options.getOutput());
    OutputPrefixes.requireUsable(options, "--report-output", StreamPipeline.reportPrefix(options));
    OutputPrefixes.requireUsable(
        options, "--dead-letter-output", StreamPipeline.deadLetterPrefix(options));
    List<Map.Entry<String, String>> outputs =
        List.of(
            Map.entry("--output", options.getOutput()),
            Map.entry("--report-output", StreamPipeline.reportPrefix(options)),
            Map.entry("--dead-letter-output", StreamPipeline.deadLetterPrefix(options)));
    OutputFile.requireSeparatePrefixes(spec, options, outputs);
    WatchedDirectoryOutputs.requireOutside(spec, options.getSource(), outputs);
    runnerOptions.requireMasterAnswering();
    warnOfComputedFields(options);
    try (StopSignals signals =
        StopSignals.install(
            spec.commandLine().getErr(),
            runnerOptions.isFlink()
                ? (options.getCheckpointDir() == null
                        ? "draining the job (open windows are written)"
                        : "stopping the job with a savepoint in " + options.getCheckpointDir())
                    + ", or cancelling it if Flink has not started it yet"
                : "cancelling the job")) {
      return run(options, stopAfter, signals);
    }
  }

  /**
   * Runs the job until {@code --run-for} has passed, a stop signal came, or it ended by itself,
   * stops it (Flink: drained, or with a savepoint; DirectRunner: cancelled) and prints its counts;
   * returns the signal's exit code when the signal stopped the job, 0 when it ended otherwise (by
   * itself, or at {@code --run-for}, even if a signal came while it was ending).
   */
  private int run(StreamOptions options, Duration stopAfter, StopSignals signals)
      throws InterruptedException {
    if (runnerOptions.isFlink()) {
      FlinkStreamEnd end =
          TimedFlinkStream.run(options, stopAfter, signals.requestedBy(), StreamPipeline::run);
      if (end.cancelledBeforeRunning()) {
        spec.commandLine()
            .getOut()
            .printf(
                "stream stopped before it started: %s came while the Flink job was being"
                    + " submitted, so it was cancelled as soon as Flink had it, not drained (no"
                    + " counts: Beam gives none for a cancelled Flink job)%n",
                end.stoppedBy());
      } else {
        printCounts(options, end.result(), end.stoppedBy() == null ? DONE : STOPPED);
      }
      boolean stoppedBySignal =
          end.stoppedBy() != null && end.stoppedBy().equals(signals.requestedBy().getNow(null));
      return stoppedBySignal ? signals.exitCode() : ExitCodes.OK;
    }
    PipelineResult result = StreamPipeline.run(options);
    DirectWait.Outcome waited = DirectWait.until(result, stopAfter, signals.requested());
    boolean signalled = signals.requested().isDone();
    PipelineResult.State state = waited.state();
    boolean stoppedBySignal = false;
    if (state == null || !state.isTerminal()) {
      stoppedBySignal = signalled;
      cancel(result);
      if (waited.returnedEarly()) {
        throw new IllegalStateException(
            String.format(
                "the streaming job stopped after %.1f s%s without reporting an error: it failed"
                    + " (the log above says why)",
                waited.waitedMillis() / 1e3, runFor == null ? "" : " of --run-for " + runFor));
      }
      state = PipelineResult.State.CANCELLED;
    }
    if (state != PipelineResult.State.DONE && state != PipelineResult.State.CANCELLED) {
      throw FailedJobs.ended(options, "the streaming job", state);
    }
    printCounts(options, result, state.name().toLowerCase(java.util.Locale.ROOT));
    return stoppedBySignal ? signals.exitCode() : ExitCodes.OK;
  }

  /**
   * Warns, as {@code impute} does, when the input has fields named like the household features or
   * totals the model computes ({@code household_size}, {@code household_<target>_total}): the job
   * replaces their values. Reads the model's manifest and the input's schema ({@code
   * --record-schema}, or the watched directory's first file); says nothing when the schema cannot
   * be read yet (the job then says why).
   */
  private void warnOfComputedFields(StreamOptions options) {
    ModelFields fields = ImputePipeline.modelFrom(options).fields();
    if (!fields.computedFields().isEmpty()) {
      StreamPipeline.ComputedInputFields present =
          StreamPipeline.computedInputFields(options, fields);
      ComputedFieldsWarning.print(
          spec.commandLine().getErr(),
          options.getSource(),
          present.csvColumns() ? "column" : "field",
          present.names());
    }
  }

  /** Prints how the job ended ({@code ending}), its counts and the globs of its files. */
  private void printCounts(StreamOptions options, PipelineResult result, String ending) {
    JobCounts counts = JobCounts.of(result);
    spec.commandLine()
        .getOut()
        .printf(
            "stream %s: read %d records, imputed %d, %d dead letters%s%n"
                + "output: %s%nreports: %s%ndead letters: %s%n",
            ending,
            counts.read(),
            counts.imputed(),
            counts.deadLetters(),
            counts.unreadRestsNote(),
            StreamPipeline.recordFiles(options),
            StreamPipeline.reportFiles(options),
            StreamPipeline.deadLetterFiles(options));
    if (options.getCheckpointDir() != null) {
      spec.commandLine()
          .getOut()
          .printf(
              "checkpoints: %s (--resume goes on from the newest)%n", options.getCheckpointDir());
    }
    String warning = WindowCounts.of(result).warning();
    if (warning != null) {
      spec.commandLine().getErr().println(warning);
    }
    if (!counts.outsideTrainingRangeNote().isEmpty()) {
      spec.commandLine().getErr().println(counts.outsideTrainingRangeNote());
    }
    if (!counts.unseenCategoriesNote().isEmpty()) {
      spec.commandLine().getErr().println(counts.unseenCategoriesNote());
    }
    UnwrittenRecords unwritten =
        UnwrittenRecords.of(result, counts, StreamPipeline.windows(options));
    String resumedFrom =
        runnerOptions.isFlink() ? options.as(FlinkPipelineOptions.class).getSavepointPath() : null;
    if (resumedFrom != null) {
      spec.commandLine()
          .getOut()
          .println(
              new ResumedRunCounts(resumedFrom, unwritten.calibrated(), unwritten.sliding())
                  .note());
    } else {
      printUnwritten(options, ending, unwritten, UnwrittenDeadLetters.of(result, counts));
    }
  }

  /**
   * Warns of the records and dead letters a cancelled job left unwritten, or notes those a job
   * stopped with a savepoint keeps (not after a resumed run, whose counts leave out the restored
   * ones: {@link ResumedRunCounts}).
   */
  private void printUnwritten(
      StreamOptions options,
      String ending,
      UnwrittenRecords records,
      UnwrittenDeadLetters deadLetters) {
    List<String> notes = new ArrayList<>();
    if (CANCELLED.equals(ending)) {
      notes.add(records.warning());
      notes.add(deadLetters.warning());
    } else if (STOPPED.equals(ending) && options.getCheckpointDir() != null) {
      notes.add(records.keptInSavepoint(options.getCheckpointDir()));
      notes.add(deadLetters.keptInSavepoint(options.getCheckpointDir()));
    }
    notes.stream().filter(Objects::nonNull).forEach(spec.commandLine().getErr()::println);
  }

  private static void cancel(PipelineResult result) {
    try {
      result.cancel();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot cancel the streaming job", e);
    }
  }

  private StreamOptions options() {
    PassThroughArguments.refuseCommandOptions(spec, beamArguments);
    List<String> arguments = new ArrayList<>(beamArguments);
    runnerOptions.addTo(arguments);
    if (!runnerOptions.isFlink() && checkpointInterval != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--checkpoint-interval applies to --runner FlinkRunner only (the "
              + runnerOptions.runnerName()
              + " does not checkpoint)");
    }
    OptionRanges.requirePositiveDuration(spec, "--poll-interval", pollInterval);
    if (runnerOptions.isFlink() && checkpointInterval != null) {
      arguments.add(
          "--checkpointingInterval="
              + OptionRanges.requirePositiveDuration(
                      spec, "--checkpoint-interval", checkpointInterval)
                  .getMillis());
    }
    requireCheckpointSettings(arguments);
    if (resume) {
      Path newest = CheckpointDirectory.newest(checkpointDir);
      spec.commandLine().getErr().println("resuming from " + newest);
      arguments.add("--savepointPath=" + newest);
    }
    StreamOptions options =
        PipelineOptionsFactory.fromArgs(arguments.toArray(String[]::new)).as(StreamOptions.class);
    options.setModel(model);
    options.setSource(source);
    options.setTargets(targets);
    options.setTargetsRefresh(targetsRefresh);
    options.setWindow(window);
    options.setWindowSlide(windowSlide);
    options.setOutput(output);
    options.setEventTimeField(eventTimeField);
    options.setMaxOutOfOrderness(maxOutOfOrderness);
    options.setAllowedLateness(allowedLateness);
    options.setIdleTimeout(idleTimeout);
    options.setPollInterval(pollInterval);
    options.setRecordSchema(recordSchema);
    options.setGroupField(groupField);
    options.setDriftThreshold(driftThreshold);
    options.setOnInfeasible(onInfeasible);
    options.setSoftenLambda(softenLambda);
    options.setBounds(bounds);
    options.setDeadLetterOutput(deadLetterOutput);
    options.setReportOutput(reportOutput);
    imputationOptions.applyTo(options);
    options.setWeightField(weightField);
    options.setWeightFieldRequired(
        spec.commandLine().getParseResult().hasMatchedOption("--weight-field"));
    options.setHouseholdSizeField(householdSizeField);
    options.setHouseholdTimeout(householdTimeout);
    options.setCheckpointDir(checkpointDir);
    return options;
  }

  /**
   * Refuses, as a usage error, Kafka outputs that name the topic read or each other ({@link
   * KafkaTopics#requireDistinct}).
   */
  private void requireDistinctTopics(StreamOptions options) {
    try {
      KafkaTopics.requireDistinct(options.getSource(), options.as(KafkaOptions.class));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** Refuses a checkpoint directory or a resume that the other options make useless. */
  private void requireCheckpointSettings(List<String> arguments) {
    if (checkpointDir != null && !runnerOptions.isFlink()) {
      throw new ParameterException(
          spec.commandLine(),
          "--checkpoint-dir applies to --runner FlinkRunner only (the "
              + runnerOptions.runnerName()
              + " does not checkpoint)");
    }
    if (checkpointDir != null && checkpointInterval == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--checkpoint-dir needs --checkpoint-interval (e.g. 30s): without checkpoints only"
              + " --run-for's savepoint would be kept");
    }
    if (resume && checkpointDir == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--resume needs --checkpoint-dir, the directory of the checkpoints to resume from");
    }
    if (resume && arguments.stream().anyMatch(a -> a.startsWith("--savepointPath"))) {
      throw new ParameterException(
          spec.commandLine(),
          "--resume and --savepointPath both say where to resume from: give one");
    }
  }
}
