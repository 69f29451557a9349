package org.flowimpute.cli;

import org.flowimpute.infer.InferenceOptions;
import org.flowimpute.pipelines.options.BatchOptions;
import org.flowimpute.pipelines.options.ModelOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How the pipeline commands ({@code impute}, {@code stream}) impute each record: records per model
 * call, the noise seed and key, and the household id field; one declaration so both commands spell,
 * default and document them alike.
 */
final class ImputationOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

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
              + " that share a key (duplicate_key; --checkKeys=false skips the check); stream"
              + " does not check it (records sharing a key share their draws). Default: a hash"
              + " of the whole record.")
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
   * @throws picocli.CommandLine.ParameterException for a batch size out of range
   */
  <T extends BatchOptions & ModelOptions> void applyTo(T options) {
    OptionRanges.requireBetween(
        mixee, "--batch-size", batchSize, 1, InferenceOptions.MAX_BATCH_SIZE);
    options.setBatchSize(batchSize);
    options.setSeed(seed);
    options.setKeyField(keyField);
    options.setHouseholdField(householdField);
  }
}
