package org.flowimpute.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.ImputePipeline;
import org.flowimpute.pipelines.JobCounts;
import org.flowimpute.pipelines.options.ImputeOptions;
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
    description = {
      "Impute a model's targets into records with Apache Beam (DirectRunner or Flink).",
      "Writes <output>-SSSSS-of-NNNNN.avro (input fields + targets, gates, weight, model id,"
          + " record key) and <output>-dead-letters-*.avro (rejected records with the reason).",
      "Unknown --name=value options are passed to Beam's PipelineOptions."
    })
public final class ImputeCommand implements Callable<Integer> {

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

  @Option(names = "--dead-letter-output", description = "Default: <output>-dead-letters.")
  String deadLetterOutput;

  @Option(
      names = "--runner",
      defaultValue = "DirectRunner",
      description = "DirectRunner or FlinkRunner (or any Beam runner on the class path).")
  String runner;

  @Option(
      names = {"--flinkMaster", "--flink-master"},
      defaultValue = "[local]",
      description = "Flink JobManager host:port, or [local] for an embedded cluster.")
  String flinkMaster;

  @Option(
      names = "--parallelism",
      defaultValue = "-1",
      description = "Flink parallelism (-1: Flink's default).")
  int parallelism;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "cpu, cuda, cuda:<id> (build with -Pcuda) or auto. Default: ${DEFAULT-VALUE}.")
  String device;

  @Option(
      names = "--intra-op-threads",
      defaultValue = "1",
      description = "ONNX Runtime threads per session. Default: ${DEFAULT-VALUE}.")
  int intraOpThreads;

  @Option(
      names = "--batch-size",
      defaultValue = "512",
      description = "Records per model call. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--seed", defaultValue = "0", description = "Noise seed. Default: 0.")
  long seed;

  @Option(
      names = {"--key-field", "--key-column"},
      description = "Field keying each record's noise. Default: a hash of the whole record.")
  String keyField;

  @Option(
      names = "--weight-field",
      defaultValue = "weight",
      description = "Input field copied to the output weight (1 if absent). Default: weight.")
  String weightField;

  @Option(
      names = {"--household-field", "--householdField"},
      description =
          "Household id field for a household-aware model when the input names it differently"
              + " (default: the field stored in the model).")
  String householdField;

  @Unmatched List<String> beamArguments = new ArrayList<>();

  @Override
  public Integer call() {
    ImputeOptions options = options();
    long start = System.nanoTime();
    PipelineResult result = ImputePipeline.run(options);
    PipelineResult.State state = result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("the pipeline ended in state " + state);
    }
    JobCounts counts = JobCounts.of(result);
    spec.commandLine()
        .getOut()
        .printf(
            "imputed %d of %d records (%d dead letters) in %.1f s (%.0f records/s) with %s%n"
                + "output: %s-*.avro%ndead letters: %s-*.avro%n",
            counts.imputed(),
            counts.read(),
            counts.deadLetters(),
            seconds,
            counts.read() / seconds,
            runner,
            options.getOutput(),
            ImputePipeline.deadLetterPrefix(options));
    return ExitCodes.OK;
  }

  private ImputeOptions options() {
    List<String> arguments = new ArrayList<>(beamArguments);
    arguments.add("--runner=" + runner);
    if (runner.startsWith("Flink")) {
      arguments.add("--flinkMaster=" + flinkMaster);
      arguments.add("--parallelism=" + parallelism);
    }
    ImputeOptions options =
        PipelineOptionsFactory.fromArgs(arguments.toArray(String[]::new)).as(ImputeOptions.class);
    options.setModel(model);
    options.setInput(input);
    options.setInputFormat(inputFormat);
    options.setOutput(output);
    options.setDeadLetterOutput(deadLetterOutput);
    options.setDevice(device);
    options.setIntraOpThreads(intraOpThreads);
    options.setBatchSize(batchSize);
    options.setSeed(seed);
    options.setKeyField(keyField);
    options.setWeightField(weightField);
    options.setHouseholdField(householdField);
    return options;
  }
}
