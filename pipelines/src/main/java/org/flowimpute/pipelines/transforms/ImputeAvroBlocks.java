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
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.io.AvroBlock;
import org.flowimpute.pipelines.io.AvroBlockCoder;
import org.flowimpute.pipelines.io.ExtraColumns;
import org.flowimpute.pipelines.io.WeightColumn;
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
  private final boolean viaSideInput;
  private final WeightColumn weight;
  private final ExtraColumns extras;

  private ImputeAvroBlocks(
      ModelProvider model,
      Schema inputSchema,
      int batchSize,
      String keyField,
      boolean uniqueKeys,
      boolean viaSideInput,
      WeightColumn weight,
      ExtraColumns extras) {
    this.model = Objects.requireNonNull(model, "model");
    this.inputSchema = Objects.requireNonNull(inputSchema, "inputSchema");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.batchSize = batchSize;
    this.keyField = keyField;
    this.uniqueKeys = uniqueKeys;
    this.viaSideInput = viaSideInput;
    this.weight = weight;
    this.extras = extras;
  }

  /**
   * Imputes with {@code model} records decoded as {@code inputSchema} (files written with another
   * schema are resolved to it), batches of {@value ImputeRecords#DEFAULT_BATCH_SIZE}, keys by
   * position and content ({@link RecordKeys}).
   */
  public static ImputeAvroBlocks with(ModelProvider model, Schema inputSchema) {
    return new ImputeAvroBlocks(
        model, inputSchema, ImputeRecords.DEFAULT_BATCH_SIZE, null, false, false, null, null);
  }

  /** Records per model call (at least 1); batches span blocks. */
  public ImputeAvroBlocks withBatchSize(int batchSize) {
    return new ImputeAvroBlocks(
        model, inputSchema, batchSize, keyField, uniqueKeys, viaSideInput, weight, extras);
  }

  /** Like {@link ImputeRecords#withKeyField}. */
  public ImputeAvroBlocks withKeyField(String keyField) {
    return new ImputeAvroBlocks(
        model, inputSchema, batchSize, keyField, uniqueKeys, viaSideInput, weight, extras);
  }

  /**
   * Makes every record of a file whose writer schema and the input schema disagree about {@code
   * weight}'s field a {@code decode} dead letter saying so ({@link WeightColumn}): Avro's
   * resolution would drop a weight field the input schema lacks (each record weighing 1).
   */
  public ImputeAvroBlocks withWeightColumn(WeightColumn weight) {
    return new ImputeAvroBlocks(
        model, inputSchema, batchSize, keyField, uniqueKeys, viaSideInput, weight, extras);
  }

  /**
   * Makes every record of a file whose writer schema has fields the input schema, taken from the
   * job's first file, lacks a {@code decode} dead letter naming them ({@link ExtraColumns}): Avro's
   * resolution would drop their values. Null: no check (a given schema reads its fields alone).
   */
  public ImputeAvroBlocks withExtraColumns(ExtraColumns extras) {
    return new ImputeAvroBlocks(
        model, inputSchema, batchSize, keyField, uniqueKeys, viaSideInput, weight, extras);
  }

  /**
   * Dead-letters every record whose key field value other records share ({@link SharedKeys}; needs
   * {@link #withKeyField}): the keys are read and grouped first ({@code KeyOfRecords}, {@code
   * GroupKeys}, {@code SharedOnly}), then each block gets the verdicts on its records, joined with
   * them by block ({@code KeyByBlock}, {@code JoinSharedKeys}, {@code WithVerdicts}: a grouping
   * that also spreads the blocks over the workers, so read them without redistribution), or, with
   * {@code viaSideInput} (the DirectRunner, which makes one bundle per group of a grouping), the
   * keys are counted ({@code KeyOfRecords}, {@code CountKeys}: {@link RepeatedKeys}) and each block
   * reads the keys of its records again and looks them up in the counts, a side input ({@code
   * WithVerdicts}); see {@link RejectSharedKeys} for why Flink joins.
   */
  public ImputeAvroBlocks withUniqueKeys(boolean viaSideInput) {
    if (keyField == null) {
      throw new IllegalStateException("withUniqueKeys needs a key field");
    }
    return new ImputeAvroBlocks(
        model, inputSchema, batchSize, keyField, true, viaSideInput, weight, extras);
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
      PCollection<KV<String, KV<String, String>>> keys =
          blocks
              .apply(
                  "KeyOfRecords",
                  ParDo.of(new SharedKeys.KeyOfBlockRecordsFn(keyField, inputSchema)))
              .setCoder(SharedKeys.coder());
      if (viaSideInput) {
        PCollectionView<Map<String, Integer>> repeated =
            keys.apply("CountKeys", new RepeatedKeys());
        withVerdicts =
            blocks
                .apply(
                    "WithVerdicts",
                    ParDo.of(new SideInputVerdictsFn(keyField, inputSchema, repeated))
                        .withSideInputs(repeated))
                .setCoder(withVerdictsCoder);
      } else {
        TupleTag<AvroBlock> blockTag = new TupleTag<>() {};
        TupleTag<KV<String, String>> verdictTag = new TupleTag<>() {};
        PCollection<KV<String, AvroBlock>> keyedBlocks =
            blocks
                .apply(
                    "KeyByBlock",
                    WithKeys.of((AvroBlock block) -> SharedKeys.blockId(block))
                        .withKeyType(TypeDescriptors.strings()))
                .setCoder(KvCoder.of(StringUtf8Coder.of(), AvroBlockCoder.of()));
        withVerdicts =
            KeyedPCollectionTuple.of(blockTag, keyedBlocks)
                .and(verdictTag, SharedKeys.of(keys, keyField, false))
                .apply("JoinSharedKeys", CoGroupByKey.create())
                .apply("WithVerdicts", ParDo.of(new JoinedVerdictsFn(blockTag, verdictTag)))
                .setCoder(withVerdictsCoder);
      }
    }
    PCollectionTuple imputed =
        withVerdicts.apply(
            "ImputeBlocks",
            ParDo.of(
                    new ImputeBlocksFn(
                        model, inputSchema, outputSchema(), batchSize, keyField, weight, extras))
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

  /** The verdicts on a block's records by record source, from verdicts by record index. */
  private static Map<String, String> byRecord(
      AvroBlock block, Iterable<KV<String, String>> byIndex) {
    Map<String, String> verdicts = new HashMap<>();
    SharedKeys.bySource(byIndex)
        .forEach((index, message) -> verdicts.put(block.source(Integer.parseInt(index)), message));
    return verdicts;
  }

  /** Each block of a join with the verdicts on its records (source → message). */
  private static final class JoinedVerdictsFn
      extends DoFn<KV<String, CoGbkResult>, KV<AvroBlock, Map<String, String>>> {
    private final TupleTag<AvroBlock> blockTag;
    private final TupleTag<KV<String, String>> verdictTag;

    JoinedVerdictsFn(TupleTag<AvroBlock> blockTag, TupleTag<KV<String, String>> verdictTag) {
      this.blockTag = blockTag;
      this.verdictTag = verdictTag;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, CoGbkResult> joined,
        OutputReceiver<KV<AvroBlock, Map<String, String>>> out) {
      Iterable<KV<String, String>> byIndex = joined.getValue().getAll(verdictTag);
      for (AvroBlock block : joined.getValue().getAll(blockTag)) {
        out.output(KV.of(block, byRecord(block, byIndex)));
      }
    }
  }

  /**
   * Each block with the verdicts on its records (source → message) whose keys are repeated; the
   * counts of the repeated keys read from the side input once per instance (a batch job's one
   * window), the keys of a block's records read ({@link BlockKeys}) only when some key is repeated.
   */
  private static final class SideInputVerdictsFn
      extends DoFn<AvroBlock, KV<AvroBlock, Map<String, String>>> {
    private final String keyField;
    private final String inputSchemaJson;
    private final PCollectionView<Map<String, Integer>> counts;
    private transient BlockKeys keys;
    private transient Map<String, Integer> repeated;

    SideInputVerdictsFn(
        String keyField, Schema inputSchema, PCollectionView<Map<String, Integer>> counts) {
      this.keyField = keyField;
      this.inputSchemaJson = inputSchema.toString();
      this.counts = counts;
    }

    @Setup
    public void setup() {
      keys = new BlockKeys(keyField, new Schema.Parser().parse(inputSchemaJson));
    }

    @ProcessElement
    public void processElement(ProcessContext context) {
      if (repeated == null) {
        repeated = context.sideInput(counts);
      }
      AvroBlock block = context.element();
      Map<String, String> verdicts = new HashMap<>();
      if (!repeated.isEmpty()) {
        keys.read(
            block,
            (index, key) -> {
              Integer holders = repeated.get(key);
              if (holders != null) {
                verdicts.put(block.source(index), SharedKeys.message(key, keyField, holders));
              }
            });
      }
      context.output(KV.of(block, verdicts.isEmpty() ? Map.of() : verdicts));
    }
  }
}
