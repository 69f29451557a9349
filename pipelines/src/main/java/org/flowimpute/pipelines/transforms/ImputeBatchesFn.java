package org.flowimpute.pipelines.transforms;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Imputes keyed, validated records in batches: each record is encoded on arrival, buffered, and the
 * buffer goes through the model when it holds {@code batchSize} records and at the end of every
 * bundle. Each output keeps its input's timestamp, window and pane, whenever it is flushed.
 *
 * <p>The model is opened in {@code @Setup} (sessions come from a process-wide cache, so DoFn
 * instances on one worker share them) and closed in {@code @Teardown}. Because a record's noise
 * depends only on its key, the model and the seed, how records are grouped into batches or bundles
 * does not change their values.
 *
 * <p>Outputs: imputed records of the {@link OutputSchema} on {@link #IMPUTED}; records that cannot
 * be encoded or formatted on {@link #FAILED}. Errors of the model itself are infrastructure errors
 * and fail the bundle (the runner retries it). Metrics: {@code records_imputed}, {@code batches},
 * distributions {@code batch_size} and {@code inference_latency_micros}.
 */
public final class ImputeBatchesFn extends DoFn<KV<String, SourcedRecord>, GenericRecord> {

  /** Imputed records. */
  public static final TupleTag<GenericRecord> IMPUTED = new TupleTag<>() {};

  /** Records that could not be encoded or formatted. */
  public static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final ModelProvider provider;
  private final ModelFields fields;
  private final String outputSchemaJson;
  private final int batchSize;

  private final Counter imputed = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_imputed");
  private final Counter batches = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "batches");
  private final Distribution batchSizes =
      Metrics.distribution(DeadLetters.METRICS_NAMESPACE, "batch_size");
  private final Distribution latency =
      Metrics.distribution(DeadLetters.METRICS_NAMESPACE, "inference_latency_micros");

  private transient ImputationModel model;
  private transient OutputRecords outputs;
  private transient List<Pending> buffer;

  /**
   * @param provider the model
   * @param outputSchema the schema of the imputed records (see {@link OutputSchema#derive})
   * @param batchSize records per model call, at least 1
   */
  public ImputeBatchesFn(ModelProvider provider, Schema outputSchema, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.provider = provider;
    this.fields = provider.fields();
    this.outputSchemaJson = outputSchema.toString();
    this.batchSize = batchSize;
  }

  /** Opens the model (shared sessions) for this DoFn instance. */
  @Setup
  public void setup() {
    buffer = new ArrayList<>(batchSize);
    model = provider.open();
    outputs = OutputRecords.of(new Schema.Parser().parse(outputSchemaJson), fields, model);
  }

  /** Encodes one record and flushes the buffer when it is full. */
  @ProcessElement
  public void processElement(
      @Element KV<String, SourcedRecord> element,
      @Timestamp org.joda.time.Instant timestamp,
      BoundedWindow window,
      PaneInfo pane,
      MultiOutputReceiver out) {
    SourcedRecord record = element.getValue();
    float[] context;
    try {
      context = model.encode(record.record(), record.source());
    } catch (IllegalArgumentException e) {
      out.get(FAILED).output(DeadLetters.failure(record, Stage.ENCODE, element.getKey(), e));
      return;
    }
    buffer.add(new Pending(element.getKey(), record, context, timestamp, window, pane));
    if (buffer.size() >= batchSize) {
      flush(
          new Emitter() {
            @Override
            public <T> void emit(TupleTag<T> tag, T value, Pending origin) {
              out.get(tag)
                  .outputWindowedValue(
                      value, origin.timestamp(), List.of(origin.window()), origin.pane());
            }
          });
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
    return org.joda.time.Duration.millis(Long.MAX_VALUE);
  }

  /** Flushes what is left of the buffer. */
  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    flush(
        new Emitter() {
          @Override
          public <T> void emit(TupleTag<T> tag, T value, Pending origin) {
            context.output(tag, value, origin.timestamp(), origin.window());
          }
        });
  }

  /** Closes this instance's hold on the model. */
  @Teardown
  public void teardown() {
    if (model != null) {
      model.close();
      model = null;
    }
  }

  private void flush(Emitter emitter) {
    if (buffer.isEmpty()) {
      return;
    }
    List<Pending> batch = buffer;
    buffer = new ArrayList<>(batchSize);
    float[][] contexts = new float[batch.size()][];
    List<String> keys = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      contexts[i] = batch.get(i).context();
      keys.add(batch.get(i).key());
    }
    long start = System.nanoTime();
    ImputedBatch result = model.impute(contexts, keys);
    latency.update((System.nanoTime() - start) / 1_000);
    batches.inc();
    batchSizes.update(batch.size());
    int built = 0;
    for (int i = 0; i < batch.size(); i++) {
      Pending pending = batch.get(i);
      GenericRecord output;
      try {
        output = outputs.build(pending.record().record(), pending.key(), result, i);
      } catch (IllegalArgumentException e) {
        emitter.emit(
            FAILED, DeadLetters.failure(pending.record(), Stage.FORMAT, pending.key(), e), pending);
        continue;
      }
      emitter.emit(IMPUTED, output, pending);
      built++;
    }
    imputed.inc(built);
  }

  /** A record waiting for its batch, with where its output belongs. */
  private record Pending(
      String key,
      SourcedRecord record,
      float[] context,
      org.joda.time.Instant timestamp,
      BoundedWindow window,
      PaneInfo pane) {}

  /** Sends an output to the right place: from a full batch, or from the end of a bundle. */
  private interface Emitter {
    <T> void emit(TupleTag<T> tag, T value, Pending origin);
  }
}
