package org.flowimpute.pipelines.transforms;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.PCollectionView;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.values.ModelVersion;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Model hot swap: imputes like {@link ImputeBatchesFn}, but with the bundle the model side input
 * names when each record arrives, so a newer bundle is used without restarting the job. Every
 * output carries the id of the model that imputed it ({@code model_id}).
 *
 * <p>Records are validated and keyed ({@link RecordValidator}) against the job's model, whose
 * conditions every swapped-in bundle shares. Models are opened on first use per bundle path; at a
 * swap the others are closed (the newest is kept until {@code @Teardown}); their ONNX sessions come
 * from core's process-wide cache keyed by the graph's SHA-256. Records are batched per model: a
 * batch is run when it is full, when the model changes, and at the end of every bundle. Bundles in
 * the side input must be compatible with the job's model (same conditions and targets; checked
 * where they are found, see {@code LatestModel}).
 */
final class ImputeWithLatestModelFn extends DoFn<SourcedRecord, GenericRecord> {

  private final BundleModelProvider base;
  private final PCollectionView<Iterable<ModelVersion>> versions;
  private final String outputSchemaJson;
  private final int batchSize;
  private final String keyField;
  private final boolean keepSources;

  private final BatchMetrics metrics = new BatchMetrics();
  private final Counter swaps = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "model_swaps");

  private transient Schema outputSchema;
  private transient Map<String, Opened> models;
  private transient String currentPath;
  private transient PendingRecords<PendingRecords.Placement> pending;
  private transient RecordIntake intake;

  ImputeWithLatestModelFn(
      BundleModelProvider base,
      PCollectionView<Iterable<ModelVersion>> versions,
      Schema outputSchema,
      int batchSize,
      String keyField,
      boolean keepSources) {
    this.base = base;
    this.keepSources = keepSources;
    this.versions = versions;
    this.outputSchemaJson = outputSchema.toString();
    this.batchSize = batchSize;
    this.keyField = keyField;
  }

  @Setup
  public void setup() {
    outputSchema = new Schema.Parser().parse(outputSchemaJson);
    models = new HashMap<>();
    pending = new PendingRecords<>(batchSize);
    intake = new RecordIntake(base.fields(), keyField, metrics);
  }

  @ProcessElement
  public void processElement(
      ProcessContext context, BoundedWindow window, PaneInfo pane, MultiOutputReceiver out) {
    SourcedRecord record = context.element();
    OutputReceiver<DeadLetter> failed = out.get(ImputeBatchesFn.FAILED);
    String key = intake.validate(record, failed::output);
    if (key == null) {
      return;
    }
    PendingRecords.Emitter<PendingRecords.Placement> emitter =
        PendingRecords.from(out, keepSources);
    String path = ModelVersion.newest(context.sideInput(versions)).bundlePath();
    if (!path.equals(currentPath)) {
      flush(emitter);
      if (currentPath != null) {
        swaps.inc();
        closeAllBut(path);
      }
      currentPath = path;
    }
    Opened model = models.computeIfAbsent(path, this::open);
    float[] encoded = RecordIntake.encode(record, key, model.model(), failed::output);
    if (encoded != null
        && pending.add(
            key,
            record,
            encoded,
            new PendingRecords.Placement(context.timestamp(), window, pane))) {
      flush(emitter);
    }
  }

  /** Like {@link ImputeBatchesFn#getAllowedTimestampSkew}: full batches emit earlier records. */
  @Override
  @SuppressWarnings("deprecation")
  public org.joda.time.Duration getAllowedTimestampSkew() {
    return PendingRecords.ANY_EARLIER_TIMESTAMP;
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    flush(PendingRecords.from(context, keepSources));
  }

  @Teardown
  public void teardown() {
    if (models != null) {
      models.values().forEach(opened -> opened.model().close());
      models = null;
    }
  }

  /**
   * Closes every opened model but the one at {@code path}, once its pending records are flushed: a
   * job swapping models for weeks kept every model it had used open (about 1 MB of native memory
   * and a thread pool per session, a CUDA memory arena on a GPU).
   */
  private void closeAllBut(String path) {
    models
        .entrySet()
        .removeIf(
            entry -> {
              if (entry.getKey().equals(path)) {
                return false;
              }
              entry.getValue().model().close();
              return true;
            });
  }

  private Opened open(String path) {
    BundleModelProvider provider = path.equals(base.bundlePath()) ? base : base.withBundle(path);
    ImputationModel opened = provider.open();
    try {
      return new Opened(OutputRecords.of(outputSchema, provider.fields(), opened), opened);
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  private void flush(PendingRecords.Emitter<PendingRecords.Placement> emitter) {
    if (pending.isEmpty()) {
      metrics.batchDone(null);
      return;
    }
    Opened model = models.get(currentPath);
    metrics.batchDone(pending.flush(model.model(), model.outputs(), emitter));
  }

  /** An opened model and the builder of its output records (which write its model id). */
  private record Opened(OutputRecords outputs, ImputationModel model) {}
}
