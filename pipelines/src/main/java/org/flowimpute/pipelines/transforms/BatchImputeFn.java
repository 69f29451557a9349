package org.flowimpute.pipelines.transforms;

import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * What the imputation DoFns with one model share ({@link ImputeBatchesFn}, {@link ImputeBlocksFn}):
 * the model, opened per instance (ONNX Runtime sessions come from core's process-wide cache, so
 * instances on one worker share them) and closed in {@code @Teardown}; the record intake; the batch
 * buffer and its metrics; and the timestamp skew a full batch needs.
 *
 * @param <InputT> the elements
 * @param <OutputT> the main output
 * @param <OriginT> where a buffered record's output belongs
 */
public abstract class BatchImputeFn<InputT, OutputT, OriginT> extends DoFn<InputT, OutputT> {

  private final ModelProvider provider;
  private final String outputSchemaJson;
  private final int batchSize;
  private final String keyField;
  private final BatchMetrics metrics = new BatchMetrics();

  private transient ImputationModel model;
  private transient OutputRecords outputs;
  private transient PendingRecords<OriginT> pending;
  private transient RecordIntake intake;

  /**
   * @param provider the model
   * @param outputSchema the schema of the imputed records (see {@link OutputSchema#derive})
   * @param batchSize records per model call, at least 1
   * @param keyField the field holding the record key, or {@code null} to key by position and
   *     content ({@link RecordKeys})
   */
  BatchImputeFn(ModelProvider provider, Schema outputSchema, int batchSize, String keyField) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.provider = provider;
    this.outputSchemaJson = outputSchema.toString();
    this.batchSize = batchSize;
    this.keyField = keyField;
  }

  /**
   * Opens the model, the intake and the buffer of this instance and returns the output schema;
   * subclasses call it from their {@code @Setup}.
   */
  Schema openModel() {
    Schema outputSchema = new Schema.Parser().parse(outputSchemaJson);
    pending = new PendingRecords<>(batchSize);
    intake = new RecordIntake(provider.fields(), keyField, metrics);
    ImputationModel opened = provider.open();
    try {
      outputs = OutputRecords.of(outputSchema, provider.fields(), opened);
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    model = opened;
    return outputSchema;
  }

  /**
   * Validates and encodes {@code record} and buffers it with {@code origin}; a rejected record's
   * dead letter goes to {@code rejected}.
   */
  Buffered buffer(SourcedRecord record, OriginT origin, Consumer<DeadLetter> rejected) {
    RecordIntake.Accepted accepted = intake.accept(record, model, rejected);
    if (accepted == null) {
      return Buffered.REJECTED;
    }
    return pending.add(accepted.key(), record, accepted.context(), origin)
        ? Buffered.BATCH_FULL
        : Buffered.WAITING;
  }

  /** Runs the buffered records through the model and hands their outputs to {@code emitter}. */
  void flush(PendingRecords.Emitter<? super OriginT> emitter) {
    metrics.batchDone(pending.flush(model, outputs, emitter));
  }

  /** What became of a record given to {@link #buffer}. */
  enum Buffered {
    /** Rejected: its dead letter was emitted. */
    REJECTED,
    /** Waiting in a batch that is not full yet. */
    WAITING,
    /** Waiting in a batch that is now full: flush it. */
    BATCH_FULL
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

  /** Closes this instance's hold on the model. */
  @Teardown
  public void teardown() {
    if (model != null) {
      model.close();
      model = null;
    }
  }
}
