package org.flowimpute.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Which files a batch job reads. */
public interface InputOptions extends PipelineOptions {

  @Description("Input files: a path or glob on any Beam file system (local, gs://, s3://, ...).")
  @Validation.Required
  String getInput();

  void setInput(String input);

  @Description("Input format: auto (by extension), avro, csv or parquet.")
  @Default.String("auto")
  String getInputFormat();

  void setInputFormat(String format);
}
