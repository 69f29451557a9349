package org.flowimpute.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;
import org.flowimpute.pipelines.io.kafka.KafkaOptions;

/**
 * All options of the streaming job ({@code flowimpute stream}, {@code StreamPipeline}): where
 * records come from, how event time and windows work, what each window is calibrated to, and where
 * windowed files go. Durations are text such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}.
 */
public interface StreamOptions
    extends ModelOptions, BatchOptions, OutputOptions, KafkaOptions, RecordSchemaOptions {

  /** The default of {@link #getHouseholdSizeField}, the field the household demo data carry. */
  String DEFAULT_HOUSEHOLD_SIZE_FIELD = "household_members";

  @Description(
      "Record source: dir://PATH (a watched directory or glob of .avro/.csv files) or"
          + " kafka://HOST:PORT/TOPIC.")
  @Validation.Required
  String getSource();

  void setSource(String source);

  @Description("Calibration targets file (YAML or JSON), re-read every --targetsRefresh.")
  @Validation.Required
  String getTargets();

  void setTargets(String targets);

  @Description("How often the targets file is re-read.")
  @Default.String("1m")
  String getTargetsRefresh();

  void setTargetsRefresh(String refresh);

  @Description("Event-time window length, e.g. 5m.")
  @Default.String("5m")
  String getWindow();

  void setWindow(String window);

  @Description("Slide of sliding windows; default: fixed windows (slide = length).")
  String getWindowSlide();

  void setWindowSlide(String slide);

  @Description(
      "Extra event time a window waits after the watermark passes its end before it is"
          + " calibrated (once). Records later than that are dead letters with reason 'late'.")
  @Default.String("0s")
  String getAllowedLateness();

  void setAllowedLateness(String lateness);

  @Description(
      "Record field holding the event time: epoch milliseconds (long, int, double or digits) or an"
          + " ISO-8601 instant.")
  @Default.String("event_time")
  String getEventTimeField();

  void setEventTimeField(String field);

  @Description("How far behind the largest event time seen the watermark stays.")
  @Default.String("30s")
  String getMaxOutOfOrderness();

  void setMaxOutOfOrderness(String bound);

  @Description(
      "When no record arrived for this long, the watermark advances to the wall clock minus"
          + " --maxOutOfOrderness and --allowedLateness (so the last windows close); 0 = never.")
  @Default.String("1m")
  String getIdleTimeout();

  void setIdleTimeout(String timeout);

  @Description("How often a watched directory is listed for new files.")
  @Default.String("5s")
  String getPollInterval();

  void setPollInterval(String interval);

  @Description(
      "Calibrate each window per value of this field (in parallel); every target must then be"
          + " 'by' this field.")
  String getGroupField();

  void setGroupField(String field);

  @Description(
      "Drift trigger: a window whose base-weighted statistics are further than this (relative, as"
          + " the solver measures errors) from their targets is counted and flagged in its report.")
  @Default.Double(0.1)
  double getDriftThreshold();

  void setDriftThreshold(double threshold);

  @Description("Entropy weight lambda of the calibration (see docs/calibration.md).")
  @Default.Double(1.0)
  double getLambda();

  void setLambda(double lambda);

  @Description(
      "What a window whose targets cannot be met together does: soften (re-solve with the"
          + " conflicting targets as least squares) or fail (keep its base weights; its report says"
          + " why).")
  @Default.String("soften")
  String getOnInfeasible();

  void setOnInfeasible(String policy);

  @Description("Entropy weight lambda of a softened window's solve.")
  @Default.Double(1e-4)
  double getSoftenLambda();

  void setSoftenLambda(double lambda);

  @Description("Bounds L,U on calibrated weight / base weight (none by default).")
  String getBounds();

  void setBounds(String bounds);

  @Description(
      "Directory watched for model bundles (sub-directories with a manifest.json, or .zip files);"
          + " the newest usable one by name imputes, and a newer one is picked up without a"
          + " restart. Bundles must have the conditions and targets of --model.")
  String getModelDirectory();

  void setModelDirectory(String directory);

  @Description("How often --modelDirectory is listed.")
  @Default.String("1m")
  String getModelRefresh();

  void setModelRefresh(String refresh);

  @Description(
      "Household-aware models: the field every member carries with its household's member count;"
          + " a household is imputed once that many members arrived (or --householdTimeout"
          + " passed).")
  @Default.String(DEFAULT_HOUSEHOLD_SIZE_FIELD)
  String getHouseholdSizeField();

  void setHouseholdSizeField(String field);

  @Description(
      "Household-aware models: event time after a household's earliest member at which the"
          + " members present are imputed as a partial household (household_complete=false)."
          + " Default: twice --window.")
  String getHouseholdTimeout();

  void setHouseholdTimeout(String timeout);

  @Description("Calibration reports prefix. Default: <output>-reports.")
  String getReportOutput();

  void setReportOutput(String prefix);

  @Description(
      "Files per window and pane for the calibrated records (fewer for a window with fewer records).")
  @Default.Integer(1)
  int getNumShards();

  void setNumShards(int shards);

  @Description(
      "Directory of the embedded Flink cluster's checkpoints, kept when the job is cancelled or"
          + " fails (needs --checkpointingInterval); flowimpute stream --run-for then stops the job"
          + " with a savepoint there instead of draining it. A job resumes from one with"
          + " --savepointPath (flowimpute stream --resume finds the newest).")
  String getCheckpointDir();

  void setCheckpointDir(String directory);
}
