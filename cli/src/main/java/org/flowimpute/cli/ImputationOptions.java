package org.flowimpute.cli;

import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.pipelines.options.BatchOptions;
import org.flowimpute.pipelines.options.ModelOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How the pipeline commands ({@code impute}, {@code stream}) impute each record: the device and
 * threads the model runs with, records per model call, the noise seed and key, and the household id
 * field; one declaration so both commands spell, default and document them alike ({@code stream}
 * took {@code --device} only as a Beam option written {@code --device=cuda}, missing from its
 * help).
 */
final class ImputationOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

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
      description =
          "Field keying each record's noise, unique per record. impute dead-letters records"
              + " that share its value (duplicate_key; --checkKeys=false skips the check); stream"
              + " does not check it (records sharing a key share their draws). Default: a hash"
              + " of the record's position (file name and record number, or Kafka topic,"
              + " partition and offset) and content, so identical records get draws of their"
              + " own but a renamed, reordered or re-split file gets other draws: name a person"
              + " id here to keep a person's draws.")
  String keyField;

  @Option(
      names = {"--household-field", "--householdField"},
      description =
          "Household id field for a household-aware model when the input names it differently"
              + " (default: the field stored in the model).")
  String householdField;

  /**
   * Sets these options on the job's Beam options.
   *
   * @throws picocli.CommandLine.ParameterException for a device that is not one, or threads or a
   *     batch size out of range
   */
  <T extends BatchOptions & ModelOptions> void applyTo(T options) {
    OptionRanges.requireDevice(mixee, device);
    OptionRanges.requireAtLeast(mixee, "--intra-op-threads", intraOpThreads, 1);
    OptionRanges.requireBetween(
        mixee, "--batch-size", batchSize, 1, InferenceOptions.MAX_BATCH_SIZE);
    options.setDevice(device);
    options.setIntraOpThreads(intraOpThreads);
    options.setBatchSize(batchSize);
    options.setSeed(seed);
    options.setKeyField(keyField);
    options.setHouseholdField(householdField);
  }
}
