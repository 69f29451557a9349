package org.flowimpute.pipelines.transforms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.io.AvroBlock;
import org.flowimpute.pipelines.io.AvroBlockDecoder;
import org.flowimpute.pipelines.io.ExtraColumns;
import org.flowimpute.pipelines.io.FastDatumWriter;
import org.flowimpute.pipelines.io.WeightColumn;
import org.flowimpute.pipelines.transforms.PendingRecords.Placement;
import org.flowimpute.pipelines.values.ImputedBlock;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Imputes Avro data blocks whole: decodes each block's records ({@link AvroBlockDecoder}),
 * validates and encodes them as {@link ImputeBatchesFn} does, runs them through the model in
 * batches of {@code batchSize} (batches span blocks), and emits each block's imputed records
 * already encoded in the output schema ({@link ImputedBlock}, for {@code ImputedBlockFiles}) with
 * the block's timestamp and window, once all of its records are done. The runner's per-element
 * machinery thus runs once per block instead of once per record in each of three steps, and no
 * record object travels between steps. The imputed values are the same as {@link
 * ImputeBatchesFn}'s: they depend only on each record's key, the model and the seed.
 *
 * <p>Outputs: encoded imputed records on {@link #IMPUTED}; dead letters (validation, encoding,
 * formatting, and decoding: see {@link AvroBlockDecoder#decode}) on {@link ImputeBatchesFn#FAILED}.
 * Metrics: {@code records_read} (records and decode dead letters) and those of {@link
 * BatchMetrics}.
 */
public final class ImputeBlocksFn
    extends BatchImputeFn<KV<AvroBlock, Map<String, String>>, ImputedBlock, BlockOutput> {

  /** The imputed records of each block. */
  public static final TupleTag<ImputedBlock> IMPUTED = new TupleTag<>() {};

  private final String inputSchemaJson;
  private final String keyField;
  private final WeightColumn weight;
  private final ExtraColumns extras;
  private final Counter read = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_read");

  private transient AvroBlockDecoder decoder;
  private transient FastDatumWriter writer;
  private transient Deque<BlockOutput> unfinished;

  /**
   * @param provider the model
   * @param inputSchema the schema the blocks' records are decoded into
   * @param outputSchema the schema of the imputed records (see {@link OutputSchema#derive})
   * @param batchSize records per model call, at least 1
   * @param keyField the field holding the record key, or {@code null} to key by position and
   *     content ({@link RecordKeys})
   * @param weight the weight field each file's writer schema is checked for ({@link
   *     AvroBlockDecoder}), or null
   * @param extras the check of writer schemas' fields an input schema taken from the first file
   *     lacks ({@link AvroBlockDecoder}), or null
   */
  public ImputeBlocksFn(
      ModelProvider provider,
      Schema inputSchema,
      Schema outputSchema,
      int batchSize,
      String keyField,
      WeightColumn weight,
      ExtraColumns extras) {
    super(provider, outputSchema, batchSize, keyField);
    this.inputSchemaJson = inputSchema.toString();
    this.keyField = keyField;
    this.weight = weight;
    this.extras = extras;
  }

  /** Opens the model (shared sessions) and the decoder and writer of this instance. */
  @Setup
  public void setup() {
    writer = FastDatumWriter.of(openModel());
    decoder =
        new AvroBlockDecoder(new Schema.Parser().parse(inputSchemaJson), keyField, weight, extras);
    unfinished = new ArrayDeque<>();
  }

  /**
   * Decodes, validates and encodes one block's records, and flushes every full batch; the records
   * named in the element's map (source → message: records whose key others share, {@link
   * SharedKeys}) are dead letters instead.
   */
  @ProcessElement
  public void processElement(
      @Element KV<AvroBlock, Map<String, String>> element,
      @Timestamp org.joda.time.Instant timestamp,
      BoundedWindow window,
      PaneInfo pane,
      MultiOutputReceiver out)
      throws IOException {
    AvroBlock block = element.getKey();
    Map<String, String> shared = element.getValue();
    BlockOutput output = new BlockOutput(new Placement(timestamp, window, pane), block.count());
    unfinished.add(output);
    BlockEmitter emitter = fromElement(out);
    OutputReceiver<DeadLetter> failed = out.get(ImputeBatchesFn.FAILED);
    read.inc(
        decoder.decode(
            block,
            record -> {
              String message = shared.isEmpty() ? null : shared.get(record.source());
              if (message == null) {
                receive(record, output, failed, emitter);
              } else {
                failed.output(SharedKeys.rejection(record, keyField, message));
              }
            },
            failed::output));
    output.allReceived();
    emitter.emitFinished();
  }

  /** Flushes what is left and emits every block. */
  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    BlockEmitter emitter = fromBundleEnd(context);
    flush(emitter);
    emitter.emitFinished();
    if (!unfinished.isEmpty()) {
      throw new IllegalStateException(unfinished.size() + " blocks unfinished at bundle end");
    }
  }

  private void receive(
      SourcedRecord record,
      BlockOutput block,
      OutputReceiver<DeadLetter> failed,
      BlockEmitter emitter) {
    Buffered buffered = buffer(record, block, failed::output);
    if (buffered != Buffered.REJECTED) {
      block.recordWaiting();
    }
    if (buffered == Buffered.BATCH_FULL) {
      flush(emitter);
      emitter.emitFinished();
    }
  }

  private BlockEmitter fromElement(MultiOutputReceiver out) {
    return new BlockEmitter() {
      @Override
      <T> void output(TupleTag<T> tag, T value, Placement placement) {
        out.get(tag)
            .outputWindowedValue(
                value, placement.timestamp(), List.of(placement.window()), placement.pane());
      }
    };
  }

  private BlockEmitter fromBundleEnd(FinishBundleContext context) {
    return new BlockEmitter() {
      @Override
      <T> void output(TupleTag<T> tag, T value, Placement placement) {
        context.output(tag, value, placement.timestamp(), placement.window());
      }
    };
  }

  /**
   * Encodes imputed records into their block's output, sends dead letters, and emits finished
   * blocks in arrival order; where outputs go depends on whether a bundle is being processed or
   * ending.
   */
  private abstract class BlockEmitter implements PendingRecords.Emitter<BlockOutput> {

    abstract <T> void output(TupleTag<T> tag, T value, Placement placement);

    @Override
    public void imputed(SourcedRecord input, OutputRecords.Output output, BlockOutput block) {
      try {
        output.write(block.encoder(), writer);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot encode an imputed record", e);
      }
      block.recordWritten();
    }

    @Override
    public void failed(DeadLetter deadLetter, BlockOutput block) {
      block.recordFailed();
      output(ImputeBatchesFn.FAILED, deadLetter, block.placement());
    }

    void emitFinished() {
      while (!unfinished.isEmpty() && unfinished.peekFirst().isFinished()) {
        BlockOutput done = unfinished.pollFirst();
        if (done.hasRecords()) {
          output(IMPUTED, done.result(), done.placement());
        }
      }
    }
  }
}
