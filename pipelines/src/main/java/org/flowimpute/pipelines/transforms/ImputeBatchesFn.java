package org.flowimpute.pipelines.transforms;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.TupleTag;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Imputes records in batches: each record is validated and keyed ({@link RecordValidator}) and
 * encoded on arrival, buffered ({@link PendingRecords}), and the buffer goes through the model when
 * it holds {@code batchSize} records and at the end of every bundle. Each output keeps its input's
 * timestamp, window and pane, whenever it is flushed.
 *
 * <p>The model is opened in {@code @Setup} (sessions come from a process-wide cache, so DoFn
 * instances on one worker share them) and closed in {@code @Teardown}. Because a record's noise
 * depends only on its key, the model and the seed, how records are grouped into batches or bundles
 * does not change their values.
 *
 * <p>Outputs: imputed records of the {@link OutputSchema} on {@link #IMPUTED}; records that fail
 * validation or cannot be encoded or formatted on {@link #FAILED}. Errors of the model itself are
 * infrastructure errors and fail the bundle (the runner retries it). Metrics: {@code
 * records_valid}, {@code records_imputed}, {@code batches}, distributions {@code batch_size} and
 * {@code inference_latency_micros}; counters are bumped once per batch and at the end of a bundle.
 */
public final class ImputeBatchesFn extends DoFn<SourcedRecord, GenericRecord> {

  /** Imputed records. */
  public static final TupleTag<GenericRecord> IMPUTED = new TupleTag<>() {};

  /** Records that failed validation or could not be encoded or formatted. */
  public static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final ModelProvider provider;
  private final ModelFields fields;
  private final String keyField;
  private final String outputSchemaJson;
  private final int batchSize;

  private final BatchMetrics metrics = new BatchMetrics();

  private transient ImputationModel model;
  private transient OutputRecords outputs;
  private transient PendingRecords<PendingRecords.Placement> pending;
  private transient RecordIntake intake;

  /**
   * @param provider the model
   * @param outputSchema the schema of the imputed records (see {@link OutputSchema#derive})
   * @param batchSize records per model call, at least 1
   * @param keyField the field holding the record key, or {@code null} to key by content hash
   */
  public ImputeBatchesFn(
      ModelProvider provider, Schema outputSchema, int batchSize, String keyField) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.provider = provider;
    this.fields = provider.fields();
    this.outputSchemaJson = outputSchema.toString();
    this.batchSize = batchSize;
    this.keyField = keyField;
  }

  /** Opens the model (shared sessions) for this DoFn instance. */
  @Setup
  public void setup() {
    pending = new PendingRecords<>(batchSize);
    intake = new RecordIntake(fields, keyField, metrics);
    model = provider.open();
    outputs = OutputRecords.of(new Schema.Parser().parse(outputSchemaJson), fields, model);
  }

  /** Validates and encodes one record and flushes the buffer when it is full. */
  @ProcessElement
  public void processElement(
      @Element SourcedRecord record,
      @Timestamp org.joda.time.Instant timestamp,
      BoundedWindow window,
      PaneInfo pane,
      MultiOutputReceiver out) {
    OutputReceiver<DeadLetter> failed = out.get(FAILED);
    String key = intake.validate(record, failed::output);
    float[] context = key == null ? null : RecordIntake.encode(record, key, model, failed::output);
    if (context == null) {
      return;
    }
    if (pending.add(key, record, context, new PendingRecords.Placement(timestamp, window, pane))) {
      flush(PendingRecords.from(out));
    }
  }

  /**
   * A full batch is flushed while processing its last record, so it outputs earlier records with
   * their own, earlier timestamps. That is safe: runners move the watermark only between bundles,
   * and every buffered record is flushed by the end of its bundle. Without this, Beam rejects those
   * outputs whenever a bundle's records are out of timestamp order (streaming sources).
   */
  @Override
  @SuppressWarnings("deprecation")
  public org.joda.time.Duration getAllowedTimestampSkew() {
    return PendingRecords.ANY_EARLIER_TIMESTAMP;
  }

  /** Flushes what is left of the buffer. */
  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    flush(PendingRecords.from(context));
  }

  /** Closes this instance's hold on the model. */
  @Teardown
  public void teardown() {
    if (model != null) {
      model.close();
      model = null;
    }
  }

  private void flush(PendingRecords.Emitter<PendingRecords.Placement> emitter) {
    metrics.batchDone(pending.flush(model, outputs, emitter));
  }
}
