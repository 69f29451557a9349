package org.flowimpute.pipelines.transforms;

import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.io.AvroBlock;
import org.flowimpute.pipelines.values.ImputedBlock;
import org.flowimpute.pipelines.values.ImputedBlockCoder;

/**
 * {@link ImputeRecords} for Avro input read as data blocks ({@code ReadAvroBlocks}): the same
 * imputed records and dead letters, but each block's imputed records come out already encoded in
 * the {@link #outputSchema} ({@link ImputedBlock}), for {@code ImputedBlockFiles}. One step, {@code
 * ImputeBlocks} ({@link ImputeBlocksFn}); every input record ends up imputed or dead-lettered.
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<ImputedBlock>, DeadLetter> imputed =
 *     blocks.apply("ImputeAvroBlocks", ImputeAvroBlocks.with(model, inputSchema).withBatchSize(1024));
 * }</pre>
 *
 * <p>Immutable: {@code withX()} returns a modified copy.
 */
public final class ImputeAvroBlocks
    extends PTransform<
        PCollection<AvroBlock>, WithFailures.Result<PCollection<ImputedBlock>, DeadLetter>> {

  private final ModelProvider model;
  private final Schema inputSchema;
  private final int batchSize;
  private final String keyField;

  private ImputeAvroBlocks(
      ModelProvider model, Schema inputSchema, int batchSize, String keyField) {
    this.model = Objects.requireNonNull(model, "model");
    this.inputSchema = Objects.requireNonNull(inputSchema, "inputSchema");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.batchSize = batchSize;
    this.keyField = keyField;
  }

  /**
   * Imputes with {@code model} records decoded as {@code inputSchema} (files written with another
   * schema are resolved to it), batches of {@value ImputeRecords#DEFAULT_BATCH_SIZE}, keys by
   * content hash.
   */
  public static ImputeAvroBlocks with(ModelProvider model, Schema inputSchema) {
    return new ImputeAvroBlocks(model, inputSchema, ImputeRecords.DEFAULT_BATCH_SIZE, null);
  }

  /** Records per model call (at least 1); batches span blocks. */
  public ImputeAvroBlocks withBatchSize(int batchSize) {
    return new ImputeAvroBlocks(model, inputSchema, batchSize, keyField);
  }

  /** Like {@link ImputeRecords#withKeyField}. */
  public ImputeAvroBlocks withKeyField(String keyField) {
    return new ImputeAvroBlocks(model, inputSchema, batchSize, keyField);
  }

  /** The schema of the imputed records. */
  public Schema outputSchema() {
    return OutputSchema.derive(inputSchema, model.fields());
  }

  @Override
  public WithFailures.Result<PCollection<ImputedBlock>, DeadLetter> expand(
      PCollection<AvroBlock> blocks) {
    PCollectionTuple imputed =
        blocks.apply(
            "ImputeBlocks",
            ParDo.of(new ImputeBlocksFn(model, inputSchema, outputSchema(), batchSize, keyField))
                .withOutputTags(ImputeBlocksFn.IMPUTED, TupleTagList.of(ImputeBatchesFn.FAILED)));
    return WithFailures.Result.of(
        imputed.get(ImputeBlocksFn.IMPUTED).setCoder(ImputedBlockCoder.of()),
        imputed.get(ImputeBatchesFn.FAILED).setCoder(DeadLetters.coder()));
  }
}
