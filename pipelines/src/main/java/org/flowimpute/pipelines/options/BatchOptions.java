package org.flowimpute.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;

/** How records are grouped into model calls, keyed for their noise and weighted. */
public interface BatchOptions extends PipelineOptions {

  @Description("Records per model call.")
  @Default.Integer(512)
  int getBatchSize();

  void setBatchSize(int batchSize);

  @Description(
      "Field whose text keys each record's noise (e.g. a person id). Default: a hash of the"
          + " record's position (file name and record number) and content, so a renamed or"
          + " reordered file gets other draws.")
  String getKeyField();

  void setKeyField(String keyField);

  /** The weight field's default name: the one field whose absence means a weight of 1. */
  String DEFAULT_WEIGHT_FIELD = "weight";

  @Description(
      "Field holding survey weights, copied to the output field weight. Only the default, weight,"
          + " may be absent from the input (every weight is then 1), unless --weightFieldRequired;"
          + " another name must be a field.")
  @Default.String(DEFAULT_WEIGHT_FIELD)
  String getWeightField();

  void setWeightField(String weightField);

  @Hidden
  @Description(
      "Whether --weightField was named on purpose: it must then be a field of the job's records"
          + " even when it is the default, weight (the CLI sets this when --weight-field is given).")
  @Default.Boolean(false)
  boolean getWeightFieldRequired();

  void setWeightFieldRequired(boolean weightFieldRequired);

  @Description(
      "Field holding the household id, for a household-aware model (trained with --household-id):"
          + " records are grouped by it, household features computed and household totals added."
          + " Default: the id field stored in the model. Refused for a person-level model.")
  String getHouseholdField();

  void setHouseholdField(String householdField);
}
