package org.flowimpute.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.FailedJobs;
import org.flowimpute.pipelines.ImmutabilityCheck;
import org.flowimpute.pipelines.ImputePipeline;
import org.flowimpute.pipelines.JobCounts;
import org.flowimpute.pipelines.JobTempDirectories;
import org.flowimpute.pipelines.io.InputFormat;
import org.flowimpute.pipelines.io.OutputPrefixes;
import org.flowimpute.pipelines.io.TempDirectoryCleanup;
import org.flowimpute.pipelines.options.ImputeOptions;
import org.flowimpute.pipelines.transforms.BundleModelProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code flowimpute impute}: the Beam batch job that fills a model's targets into files of records
 * (Avro, CSV or Parquet) on the DirectRunner, an embedded or remote Flink cluster, or any runner
 * Beam options name. Options not listed here are handed to Beam as they are ({@code
 * --tempLocation=...}, {@code --project=...}).
 */
@Command(
    name = "impute",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Impute a model's targets into records with Apache Beam (DirectRunner or Flink).",
      "Writes <output>-SSSSS-of-NNNNN.avro (input fields + targets, gates, weight, model id,"
          + " record key) and <output>-dead-letters-*.avro (rejected records with the reason).",
      "Unknown --name=value options are passed to Beam's PipelineOptions."
    })
public final class ImputeCommand implements Callable<Integer> {

  /** The help section listing the job options only Beam reads ({@link BeamOptionsHelp}). */
  static final String BEAM_OPTIONS_SECTION = "beamOptions";

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model bundle (directory or .zip).")
  String model;

  @Option(
      names = "--input",
      required = true,
      description = "Input files: path or glob (.avro, .csv, .parquet).")
  String input;

  @Option(names = "--output", required = true, description = "Output prefix.")
  String output;

  @Option(
      names = "--input-format",
      defaultValue = "auto",
      description = "auto (by extension), avro, csv or parquet. Default: ${DEFAULT-VALUE}.")
  String inputFormat;

  @Option(
      names = "--record-schema",
      description =
          "Avro schema (.avsc) to read the input as: types CSV columns the model does not"
              + " (ids, codes, counts; default: text); Avro and Parquet files are resolved to it.")
  String recordSchema;

  @Option(names = "--dead-letter-output", description = "Default: <output>-dead-letters.")
  String deadLetterOutput;

  @Mixin RunnerOptions runnerOptions;

  @Mixin ImputationOptions imputationOptions;

  @Option(
      names = "--weight-field",
      defaultValue = "weight",
      description =
          "Input field copied to the output weight. Default: weight (1 if absent);"
              + " a field named here (even weight) must be a field of the input.")
  String weightField;

  @Unmatched List<String> beamArguments = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    OptionFiles.refuseDirectoryTable("--input", Path.of(input));
    ImputeOptions options = options();
    OutputPrefixes.requireUsable(options, "--output", options.getOutput());
    OutputPrefixes.requireUsable(
        options, "--dead-letter-output", ImputePipeline.deadLetterPrefix(options));
    OutputFile.requireSeparatePrefixes(
        spec,
        options,
        List.of(
            Map.entry("--output", options.getOutput()),
            Map.entry("--dead-letter-output", ImputePipeline.deadLetterPrefix(options))));
    runnerOptions.requireMasterAnswering();
    ImputePipeline.requireNoEarlierShards(options, "--dead-letter-output");
    BundleModelProvider model = ImputePipeline.modelFrom(options);
    if (model.household().isPresent() && DirectRunner.class.equals(options.getRunner())) {
      spec.commandLine()
          .getErr()
          .println(
              "warning: a household model on the DirectRunner runs one bundle per household"
                  + " (about 0.3 s each here); --runner FlinkRunner is about 20 times faster");
    }
    warnOfComputedFields(options, model);
    long start = System.nanoTime();
    PipelineResult result;
    PipelineResult.State state;
    try (TempDirectoryCleanup cleanup =
        TempDirectoryCleanup.register(
            JobTempDirectories.assign(options), spec.commandLine().getErr()::println)) {
      result = ImputePipeline.run(options, model);
      state = result.waitUntilFinish();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (state != PipelineResult.State.DONE) {
      throw FailedJobs.ended(options, "the pipeline", state);
    }
    JobCounts counts = JobCounts.of(result);
    spec.commandLine()
        .getOut()
        .printf(
            "imputed %d of %d records (%d dead letters%s) in %.1f s (%s records/s) with %s%n"
                + "output: %s-[0-9]*.avro%ndead letters: %s-[0-9]*.avro%n",
            counts.imputed(),
            counts.read(),
            counts.deadLetters(),
            counts.unreadRestsNote(),
            seconds,
            rate(counts.read(), seconds),
            runnerOptions.runnerName(),
            options.getOutput(),
            ImputePipeline.deadLetterPrefix(options));
    if (!counts.outsideTrainingRangeNote().isEmpty()) {
      spec.commandLine().getErr().println(counts.outsideTrainingRangeNote());
    }
    if (!counts.unseenCategoriesNote().isEmpty()) {
      spec.commandLine().getErr().println(counts.unseenCategoriesNote());
    }
    return ExitCodes.OK;
  }

  /**
   * Warns when the input has fields named like the household features or totals the model computes
   * ({@code household_size}, {@code household_<target>_total}): the job replaces their values, as
   * {@code generate} does and says.
   */
  private void warnOfComputedFields(ImputeOptions options, BundleModelProvider model) {
    String kind =
        InputFormat.of(options.getInputFormat(), options.getInput()) == InputFormat.CSV
            ? "column"
            : "field";
    ComputedFieldsWarning.print(
        spec.commandLine().getErr(),
        options.getInput(),
        kind,
        ImputePipeline.computedInputFields(options, model));
  }

  /**
   * Records per second as the summary prints it: whole numbers, and two significant digits below 10
   * (a job of 4 records in 12 s read "0 records/s").
   */
  static String rate(long records, double seconds) {
    double perSecond = records / seconds;
    return String.format(perSecond < 10 ? "%.2g" : "%.0f", perSecond);
  }

  private ImputeOptions options() {
    PassThroughArguments.refuseCommandOptions(spec, beamArguments);
    List<String> arguments = new ArrayList<>(beamArguments);
    runnerOptions.addTo(arguments);
    ImputeOptions options =
        PipelineOptionsFactory.fromArgs(arguments.toArray(String[]::new)).as(ImputeOptions.class);
    ImmutabilityCheck.offUnlessAsked(options, beamArguments);
    options.setModel(model);
    options.setInput(input);
    options.setInputFormat(inputFormat);
    options.setRecordSchema(recordSchema);
    options.setOutput(output);
    options.setDeadLetterOutput(deadLetterOutput);
    imputationOptions.applyTo(options);
    options.setWeightField(weightField);
    options.setWeightFieldRequired(
        spec.commandLine().getParseResult().hasMatchedOption("--weight-field"));
    return options;
  }
}
