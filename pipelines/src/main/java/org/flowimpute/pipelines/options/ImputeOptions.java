package org.flowimpute.pipelines.options;

import java.util.UUID;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;

/** All options of the batch imputation job ({@code flowimpute impute}). */
public interface ImputeOptions extends ModelOptions, BatchOptions, InputOptions, OutputOptions {

  @Description(
      "With --keyField: every record whose key other records share is a dead letter"
          + " (duplicate_key). false skips the check, and its cost (the keys are read and grouped"
          + " before any record is imputed), for input whose keys are known to be unique: records"
          + " that share a key then get the same noise.")
  @Default.Boolean(true)
  boolean getCheckKeys();

  void setCheckKeys(boolean checkKeys);

  @Hidden
  @Description(
      "Names the directory of this run's temporary output files (set once per job, random by"
          + " default).")
  @Default.InstanceFactory(RandomRunId.class)
  String getRunId();

  void setRunId(String runId);

  /** A random run id, drawn once per options instance (Beam keeps a computed default). */
  final class RandomRunId implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return UUID.randomUUID().toString();
    }
  }
}
