package org.flowimpute.pipelines.transforms;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTagList;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.io.AvroBlock;
import org.flowimpute.pipelines.io.AvroBlockCoder;
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
  private final boolean uniqueKeys;

  private ImputeAvroBlocks(
      ModelProvider model, Schema inputSchema, int batchSize, String keyField, boolean uniqueKeys) {
    this.model = Objects.requireNonNull(model, "model");
    this.inputSchema = Objects.requireNonNull(inputSchema, "inputSchema");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.batchSize = batchSize;
    this.keyField = keyField;
    this.uniqueKeys = uniqueKeys;
  }

  /**
   * Imputes with {@code model} records decoded as {@code inputSchema} (files written with another
   * schema are resolved to it), batches of {@value ImputeRecords#DEFAULT_BATCH_SIZE}, keys by
   * content hash.
   */
  public static ImputeAvroBlocks with(ModelProvider model, Schema inputSchema) {
    return new ImputeAvroBlocks(model, inputSchema, ImputeRecords.DEFAULT_BATCH_SIZE, null, false);
  }

  /** Records per model call (at least 1); batches span blocks. */
  public ImputeAvroBlocks withBatchSize(int batchSize) {
    return new ImputeAvroBlocks(model, inputSchema, batchSize, keyField, uniqueKeys);
  }

  /** Like {@link ImputeRecords#withKeyField}. */
  public ImputeAvroBlocks withKeyField(String keyField) {
    return new ImputeAvroBlocks(model, inputSchema, batchSize, keyField, uniqueKeys);
  }

  /**
   * Dead-letters every record whose key field value other records share ({@link SharedKeys}; needs
   * {@link #withKeyField}): the keys are read and grouped first ({@code KeyOfRecords}, {@code
   * GroupKeys}, {@code SharedOnly}), then each block gets the verdicts on its records from them as
   * a side input ({@code SharedKeysView}, {@code WithVerdicts}); the blocks keep their own
   * distribution.
   */
  public ImputeAvroBlocks withUniqueKeys() {
    if (keyField == null) {
      throw new IllegalStateException("withUniqueKeys needs a key field");
    }
    return new ImputeAvroBlocks(model, inputSchema, batchSize, keyField, true);
  }

  /** The schema of the imputed records. */
  public Schema outputSchema() {
    return OutputSchema.derive(inputSchema, model.fields());
  }

  @Override
  public WithFailures.Result<PCollection<ImputedBlock>, DeadLetter> expand(
      PCollection<AvroBlock> blocks) {
    KvCoder<AvroBlock, Map<String, String>> withVerdictsCoder =
        KvCoder.of(AvroBlockCoder.of(), MapCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    PCollection<KV<AvroBlock, Map<String, String>>> withVerdicts;
    if (!uniqueKeys) {
      withVerdicts =
          blocks.apply("NoVerdicts", MapElements.via(new NoVerdicts())).setCoder(withVerdictsCoder);
    } else {
      PCollectionView<Map<String, Iterable<KV<String, String>>>> verdicts =
          SharedKeys.of(
                  blocks.apply(
                      "KeyOfRecords",
                      ParDo.of(new SharedKeys.KeyOfBlockRecordsFn(keyField, inputSchema))),
                  keyField)
              .apply("SharedKeysView", View.asMultimap());
      withVerdicts =
          blocks
              .apply(
                  "WithVerdicts", ParDo.of(new WithVerdictsFn(verdicts)).withSideInputs(verdicts))
              .setCoder(withVerdictsCoder);
    }
    PCollectionTuple imputed =
        withVerdicts.apply(
            "ImputeBlocks",
            ParDo.of(new ImputeBlocksFn(model, inputSchema, outputSchema(), batchSize, keyField))
                .withOutputTags(ImputeBlocksFn.IMPUTED, TupleTagList.of(ImputeBatchesFn.FAILED)));
    return WithFailures.Result.of(
        imputed.get(ImputeBlocksFn.IMPUTED).setCoder(ImputedBlockCoder.of()),
        imputed.get(ImputeBatchesFn.FAILED).setCoder(DeadLetters.coder()));
  }

  /** A block with no verdicts. */
  private static final class NoVerdicts
      extends SimpleFunction<AvroBlock, KV<AvroBlock, Map<String, String>>> {
    @Override
    public KV<AvroBlock, Map<String, String>> apply(AvroBlock block) {
      return KV.of(block, Map.of());
    }
  }

  /** Each block with the verdicts on its records (source → message), from the side input. */
  private static final class WithVerdictsFn
      extends DoFn<AvroBlock, KV<AvroBlock, Map<String, String>>> {
    private final PCollectionView<Map<String, Iterable<KV<String, String>>>> verdicts;

    WithVerdictsFn(PCollectionView<Map<String, Iterable<KV<String, String>>>> verdicts) {
      this.verdicts = verdicts;
    }

    @ProcessElement
    public void processElement(ProcessContext context) {
      AvroBlock block = context.element();
      Iterable<KV<String, String>> mine =
          context.sideInput(verdicts).get(SharedKeys.blockId(block));
      Map<String, String> byRecord = new HashMap<>();
      if (mine != null) {
        SharedKeys.bySource(mine)
            .forEach(
                (index, message) -> byRecord.put(block.source(Integer.parseInt(index)), message));
      }
      context.output(KV.of(block, byRecord));
    }
  }
}
