package org.flowimpute.pipelines.transforms;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.TupleTag;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The batching shared by the imputation DoFns ({@link ImputeBatchesFn}, {@link
 * ImputeWithLatestModelFn}, {@link ImputeBlocksFn}): encoded records wait here with where their
 * outputs belong (an origin {@code O}: the timestamp, window and pane of a record, or the output of
 * the block it came from), and {@link #flush} runs them through the model in one call and hands one
 * imputed record or one {@code format} dead letter per record to an {@link Emitter}. One instance
 * per DoFn instance (not thread-safe).
 *
 * @param <O> where a record's output belongs
 */
final class PendingRecords<O> {

  /**
   * The timestamp skew the imputation DoFns allow: a full batch is flushed while processing its
   * last record and outputs the earlier records with their own, earlier timestamps. The span from
   * the smallest to the largest Beam timestamp allows every valid timestamp. Not {@code
   * Long.MAX_VALUE} milliseconds: Beam subtracts the skew from each input timestamp, which
   * overflows and costs one caught {@link ArithmeticException} per output record.
   */
  static final Duration ANY_EARLIER_TIMESTAMP =
      Duration.millis(
          BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis()
              - BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis());

  private final int batchSize;
  private List<Pending<O>> buffer;

  PendingRecords(int batchSize) {
    this.batchSize = batchSize;
    this.buffer = new ArrayList<>(batchSize);
  }

  /** Buffers one encoded record; returns whether the batch is now full. */
  boolean add(String key, SourcedRecord record, float[] context, O origin) {
    buffer.add(new Pending<>(key, record, context, origin));
    return buffer.size() >= batchSize;
  }

  /** Whether no record is waiting. */
  boolean isEmpty() {
    return buffer.isEmpty();
  }

  /**
   * Imputes the waiting records with {@code model} in one call, builds their outputs with {@code
   * outputs} and emits them (or a {@code format} dead letter) through {@code emitter}; returns the
   * finished batch's statistics ({@code null} when nothing was waiting).
   */
  Flushed flush(ImputationModel model, OutputRecords outputs, Emitter<? super O> emitter) {
    if (buffer.isEmpty()) {
      return null;
    }
    List<Pending<O>> batch = buffer;
    buffer = new ArrayList<>(batchSize);
    float[][] contexts = new float[batch.size()][];
    List<String> keys = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      contexts[i] = batch.get(i).context();
      keys.add(batch.get(i).key());
    }
    long start = System.nanoTime();
    ImputedBatch result = model.impute(contexts, keys);
    long micros = (System.nanoTime() - start) / 1_000;
    int built = 0;
    int outside = 0;
    int unseen = 0;
    for (int i = 0; i < batch.size(); i++) {
      Pending<O> pending = batch.get(i);
      OutputRecords.Output output;
      try {
        output = outputs.output(pending.record().record(), pending.key(), result, i);
      } catch (IllegalArgumentException e) {
        emitter.failed(
            DeadLetters.failure(pending.record(), Stage.FORMAT, pending.key(), e),
            pending.origin());
        continue;
      }
      emitter.imputed(pending.record(), output, pending.origin());
      built++;
      if (model.outsideTrainingRange(pending.record().record())) {
        outside++;
      }
      if (model.hasUnseenCategory(pending.record().record())) {
        unseen++;
      }
    }
    return new Flushed(batch.size(), built, outside, unseen, micros);
  }

  /**
   * Emits from {@code @ProcessElement} (a full batch), with each record's own window and pane; with
   * {@code keepSources} each imputed record goes out with its input's source ({@link
   * ImputeBatchesFn#IMPUTED_WITH_SOURCES}).
   */
  static Emitter<Placement> from(DoFn.MultiOutputReceiver out, boolean keepSources) {
    return new Emitter<>() {
      @Override
      public void imputed(SourcedRecord input, OutputRecords.Output output, Placement origin) {
        if (keepSources) {
          emit(ImputeBatchesFn.IMPUTED_WITH_SOURCES, input.becoming(output.record()), origin);
        } else {
          emit(ImputeBatchesFn.IMPUTED, output.record(), origin);
        }
      }

      @Override
      public void failed(DeadLetter deadLetter, Placement origin) {
        emit(ImputeBatchesFn.FAILED, deadLetter, origin);
      }

      private <T> void emit(TupleTag<T> tag, T value, Placement origin) {
        out.get(tag)
            .outputWindowedValue(
                value, origin.timestamp(), List.of(origin.window()), origin.pane());
      }
    };
  }

  /**
   * Emits from {@code @FinishBundle} (what is left at the end of a bundle), with sources as {@link
   * #from(DoFn.MultiOutputReceiver, boolean)}.
   */
  static <I, R> Emitter<Placement> from(
      DoFn<I, R>.FinishBundleContext context, boolean keepSources) {
    return new Emitter<>() {
      @Override
      public void imputed(SourcedRecord input, OutputRecords.Output output, Placement origin) {
        if (keepSources) {
          context.output(
              ImputeBatchesFn.IMPUTED_WITH_SOURCES,
              input.becoming(output.record()),
              origin.timestamp(),
              origin.window());
        } else {
          context.output(
              ImputeBatchesFn.IMPUTED, output.record(), origin.timestamp(), origin.window());
        }
      }

      @Override
      public void failed(DeadLetter deadLetter, Placement origin) {
        context.output(ImputeBatchesFn.FAILED, deadLetter, origin.timestamp(), origin.window());
      }
    };
  }

  /**
   * One flushed batch.
   *
   * @param records records that went through the model
   * @param imputed records that became imputed outputs (the others became dead letters)
   * @param outsideTrainingRange imputed records with a numeric condition outside the training range
   * @param unseenCategories imputed records with a category the model did not see in training
   * @param modelMicros time of the model call
   */
  record Flushed(
      int records, int imputed, int outsideTrainingRange, int unseenCategories, long modelMicros) {}

  /** A record waiting for its batch, with where its output belongs. */
  private record Pending<O>(String key, SourcedRecord record, float[] context, O origin) {}

  /** Where an input element's outputs belong: its timestamp, window and pane. */
  record Placement(Instant timestamp, BoundedWindow window, PaneInfo pane) {}

  /** Takes a flushed record's output to where it belongs. */
  interface Emitter<O> {

    /** The output of {@code input}, imputed. */
    void imputed(SourcedRecord input, OutputRecords.Output output, O origin);

    /** A record that could not be formatted. */
    void failed(DeadLetter deadLetter, O origin);
  }
}
