package org.flowimpute.pipelines.options;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Where a batch job writes its records and its dead letters. */
public interface OutputOptions extends PipelineOptions {

  @Description("Output prefix: files are <prefix>-SSSSS-of-NNNNN.avro.")
  @Validation.Required
  String getOutput();

  void setOutput(String output);

  @Description("Dead-letter prefix. Default: <output>-dead-letters.")
  String getDeadLetterOutput();

  void setDeadLetterOutput(String prefix);
}
