package org.flowimpute.pipelines.transforms;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.TupleTag;
import org.flowimpute.avro.DeadLetter;
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
public final class ImputeBatchesFn
    extends BatchImputeFn<SourcedRecord, GenericRecord, PendingRecords.Placement> {

  /** Imputed records. */
  public static final TupleTag<GenericRecord> IMPUTED = new TupleTag<>() {};

  /** Records that failed validation or could not be encoded or formatted. */
  public static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  /**
   * Imputed records with their input's source, instead of {@link #IMPUTED}, when the imputation
   * keeps sources: a later stage's dead letters then say where the record came from.
   */
  public static final TupleTag<SourcedRecord> IMPUTED_WITH_SOURCES = new TupleTag<>() {};

  private final boolean keepSources;

  /**
   * @param provider the model
   * @param outputSchema the schema of the imputed records (see {@link OutputSchema#derive})
   * @param batchSize records per model call, at least 1
   * @param keyField the field holding the record key, or {@code null} to key by position and
   *     content ({@link RecordKeys})
   * @param keepSources whether imputed records go out with their sources ({@link
   *     #IMPUTED_WITH_SOURCES}) instead of alone ({@link #IMPUTED})
   */
  public ImputeBatchesFn(
      ModelProvider provider,
      Schema outputSchema,
      int batchSize,
      String keyField,
      boolean keepSources) {
    super(provider, outputSchema, batchSize, keyField);
    this.keepSources = keepSources;
  }

  /** Opens the model (shared sessions) for this DoFn instance. */
  @Setup
  public void setup() {
    openModel();
  }

  /** Validates and encodes one record and flushes the buffer when it is full. */
  @ProcessElement
  public void processElement(
      @Element SourcedRecord record,
      @Timestamp org.joda.time.Instant timestamp,
      BoundedWindow window,
      PaneInfo pane,
      MultiOutputReceiver out) {
    PendingRecords.Placement placement = new PendingRecords.Placement(timestamp, window, pane);
    if (buffer(record, placement, out.get(FAILED)::output) == Buffered.BATCH_FULL) {
      flush(PendingRecords.from(out, keepSources));
    }
  }

  /** Flushes what is left of the buffer. */
  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    flush(PendingRecords.from(context, keepSources));
  }
}
