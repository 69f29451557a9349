package org.flowimpute.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;

/** All options of the batch imputation job ({@code flowimpute impute}). */
public interface ImputeOptions
    extends ModelOptions, BatchOptions, InputOptions, OutputOptions, RecordSchemaOptions {

  @Description(
      "With a key field (impute --key-field, Beam option --keyField): every record whose key other records share is a dead letter"
          + " (duplicate_key). false skips the check, and its cost (the keys are read and grouped"
          + " before any record is imputed), for input whose keys are known to be unique: records"
          + " that share a key then get the same noise.")
  @Default.Boolean(true)
  boolean getCheckKeys();

  void setCheckKeys(boolean checkKeys);

  @Hidden
  @Description(
      "Set by the commands that delete their job's temporary files (JobTempDirectories): names the"
          + " directory of those files. Unset, the sinks keep Beam's place.")
  String getRunId();

  void setRunId(String runId);
}
