package org.flowimpute.pipelines.transforms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.pipelines.values.ModelVersion;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Model hot swap: imputes like {@link ImputeBatchesFn}, but with the bundle the model side input
 * names when each record arrives, so a newer bundle is used without restarting the job. Every
 * output carries the id of the model that imputed it ({@code model_id}).
 *
 * <p>Models are opened on first use per bundle path and kept until {@code @Teardown}; their ONNX
 * sessions come from core's process-wide cache keyed by model id. Records are batched per model: a
 * batch is run when it is full, when the model changes, and at the end of every bundle. Bundles in
 * the side input must be compatible with the job's model (same conditions and targets; checked
 * where they are found, see {@code LatestModel}).
 */
final class ImputeWithLatestModelFn extends DoFn<KV<String, SourcedRecord>, GenericRecord> {

  private final BundleModelProvider base;
  private final PCollectionView<Iterable<ModelVersion>> versions;
  private final String outputSchemaJson;
  private final int batchSize;

  private final Counter imputed = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_imputed");
  private final Counter batches = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "batches");
  private final Counter swaps = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "model_swaps");
  private final Distribution batchSizes =
      Metrics.distribution(DeadLetters.METRICS_NAMESPACE, "batch_size");

  private transient Schema outputSchema;
  private transient Map<String, Opened> models;
  private transient String currentPath;
  private transient List<Pending> buffer;

  ImputeWithLatestModelFn(
      BundleModelProvider base,
      PCollectionView<Iterable<ModelVersion>> versions,
      Schema outputSchema,
      int batchSize) {
    this.base = base;
    this.versions = versions;
    this.outputSchemaJson = outputSchema.toString();
    this.batchSize = batchSize;
  }

  @Setup
  public void setup() {
    outputSchema = new Schema.Parser().parse(outputSchemaJson);
    models = new HashMap<>();
    buffer = new ArrayList<>(batchSize);
  }

  @ProcessElement
  public void processElement(
      ProcessContext context, BoundedWindow window, PaneInfo pane, MultiOutputReceiver out) {
    Emitter emitter =
        new Emitter() {
          @Override
          public <T> void emit(TupleTag<T> tag, T value, Pending origin) {
            out.get(tag)
                .outputWindowedValue(
                    value, origin.timestamp(), List.of(origin.window()), origin.pane());
          }
        };
    String path = ModelVersion.newest(context.sideInput(versions)).bundlePath();
    if (!path.equals(currentPath)) {
      flush(emitter);
      if (currentPath != null) {
        swaps.inc();
      }
      currentPath = path;
    }
    Opened model = models.computeIfAbsent(path, this::open);
    SourcedRecord record = context.element().getValue();
    String key = context.element().getKey();
    float[] encoded;
    try {
      encoded = model.model().encode(record.record(), record.source());
    } catch (IllegalArgumentException e) {
      out.get(ImputeBatchesFn.FAILED).output(DeadLetters.failure(record, Stage.ENCODE, key, e));
      return;
    }
    buffer.add(new Pending(key, record, encoded, context.timestamp(), window, pane));
    if (buffer.size() >= batchSize) {
      flush(emitter);
    }
  }

  /**
   * A batch flushed while processing a record (full, or at a model swap) outputs earlier records
   * with their own, earlier timestamps: safe for the reason given in {@link
   * ImputeBatchesFn#getAllowedTimestampSkew}, and needed as soon as a bundle holds more than a
   * batch of records that are not in timestamp order.
   */
  @Override
  @SuppressWarnings("deprecation")
  public org.joda.time.Duration getAllowedTimestampSkew() {
    return org.joda.time.Duration.millis(Long.MAX_VALUE);
  }

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

  @Teardown
  public void teardown() {
    if (models != null) {
      models.values().forEach(opened -> opened.model().close());
      models = null;
    }
  }

  private Opened open(String path) {
    BundleModelProvider provider = path.equals(base.bundlePath()) ? base : base.withBundle(path);
    return new Opened(OutputRecords.of(outputSchema, provider.fields()), provider.open());
  }

  /** Sends an output to the right place: from a full batch, or from the end of a bundle. */
  private interface Emitter {
    <T> void emit(TupleTag<T> tag, T value, Pending origin);
  }

  private void flush(Emitter emitter) {
    if (buffer.isEmpty()) {
      return;
    }
    Opened model = models.get(currentPath);
    List<Pending> batch = buffer;
    buffer = new ArrayList<>(batchSize);
    float[][] contexts = new float[batch.size()][];
    List<String> keys = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      contexts[i] = batch.get(i).context();
      keys.add(batch.get(i).key());
    }
    ImputedBatch result = model.model().impute(contexts, keys);
    batches.inc();
    batchSizes.update(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Pending pending = batch.get(i);
      try {
        GenericRecord output =
            model.outputs().build(pending.record().record(), pending.key(), result, i);
        emitter.emit(ImputeBatchesFn.IMPUTED, output, pending);
        imputed.inc();
      } catch (IllegalArgumentException e) {
        emitter.emit(
            ImputeBatchesFn.FAILED,
            DeadLetters.failure(pending.record(), Stage.FORMAT, pending.key(), e),
            pending);
      }
    }
  }

  /** An opened model and the builder of its output records (which write its model id). */
  private record Opened(OutputRecords outputs, ImputationModel model) {}

  /** A record waiting for its batch, with where its output belongs. */
  private record Pending(
      String key,
      SourcedRecord record,
      float[] context,
      org.joda.time.Instant timestamp,
      BoundedWindow window,
      PaneInfo pane) {}
}
