package org.flowimpute.pipelines.options;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The input records' schema when the user gives it: the batch job and the streaming job read it the
 * same way, so CSV columns the model does not type (ids, codes, counts) can be given their types.
 */
public interface RecordSchemaOptions extends PipelineOptions {

  @Description(
      "Avro schema file (.avsc) of the input records: CSV columns are read as its fields' types,"
          + " Avro and Parquet files are resolved to it (Avro schema resolution). Default: the"
          + " first file's schema (CSV: its header, numeric model fields double, other columns"
          + " string). Required for kafka:// sources.")
  String getRecordSchema();

  void setRecordSchema(String recordSchema);
}
