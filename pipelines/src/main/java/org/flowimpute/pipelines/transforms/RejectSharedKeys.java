package org.flowimpute.pipelines.transforms;

import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
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
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * A batch job's person-level records, less those whose key field value other records share: each of
 * these is a dead letter ({@code validate}, {@code duplicate_key}, see {@link SharedKeys}). Two
 * ways. Grouped and joined ({@code KeyOfRecords}, {@code GroupKeys}, {@code SharedOnly}, then
 * {@code KeyBySource}, {@code JoinSharedKeys}, {@code RejectShared}): groupings that sort and
 * spill, for Flink and other distributed runners; the join spreads the records over the workers, so
 * read them without redistribution. Counted ({@code KeyOfRecords}, {@code CountKeys}, then {@code
 * RejectShared} with the counts of the repeated keys as a side input: {@link RepeatedKeys}), for
 * the DirectRunner, which makes one bundle per group of a grouping (the join: 2,000 CSV rows in 78
 * s instead of 6 s). Flink holds every record on the heap until a side input is complete, so the
 * side input is not used there.
 */
public final class RejectSharedKeys
    extends PTransform<
        PCollection<SourcedRecord>, WithFailures.Result<PCollection<SourcedRecord>, DeadLetter>> {

  private static final TupleTag<SourcedRecord> RECORD = new TupleTag<>() {};
  private static final TupleTag<KV<String, String>> VERDICT = new TupleTag<>() {};
  private static final TupleTag<SourcedRecord> PASSED = new TupleTag<>() {};
  private static final TupleTag<DeadLetter> REJECTED = new TupleTag<>() {};

  private final String keyField;
  private final boolean viaSideInput;

  /**
   * Checks the values of {@code keyField}; {@code viaSideInput}: the keys counted, the counts a
   * side input (the DirectRunner), rather than grouped and the verdicts joined with the records.
   */
  public RejectSharedKeys(String keyField, boolean viaSideInput) {
    this.keyField = keyField;
    this.viaSideInput = viaSideInput;
  }

  @Override
  public WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> expand(
      PCollection<SourcedRecord> input) {
    Coder<SourcedRecord> coder = input.getCoder();
    PCollection<KV<String, KV<String, String>>> keys =
        input
            .apply("KeyOfRecords", ParDo.of(new SharedKeys.KeyOfRecordFn(keyField, null)))
            .setCoder(SharedKeys.coder());
    PCollectionTuple checked;
    if (viaSideInput) {
      PCollectionView<Map<String, Integer>> repeated = keys.apply("CountKeys", new RepeatedKeys());
      checked =
          input.apply(
              "RejectShared",
              ParDo.of(new SideInputRejectFn(keyField, repeated))
                  .withSideInputs(repeated)
                  .withOutputTags(PASSED, TupleTagList.of(REJECTED)));
    } else {
      PCollection<KV<String, SourcedRecord>> bySource =
          input
              .apply(
                  "KeyBySource",
                  WithKeys.of(SourcedRecord::source).withKeyType(TypeDescriptors.strings()))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), coder));
      checked =
          KeyedPCollectionTuple.of(RECORD, bySource)
              .and(VERDICT, SharedKeys.of(keys, keyField, false))
              .apply("JoinSharedKeys", CoGroupByKey.create())
              .apply(
                  "RejectShared",
                  ParDo.of(new JoinedRejectFn(keyField))
                      .withOutputTags(PASSED, TupleTagList.of(REJECTED)));
    }
    return WithFailures.Result.of(
        checked.get(PASSED).setCoder(coder), checked.get(REJECTED).setCoder(DeadLetters.coder()));
  }

  /** Passes the records of a source, or dead-letters them when their key is shared. */
  private static final class JoinedRejectFn extends DoFn<KV<String, CoGbkResult>, SourcedRecord> {
    private final String keyField;

    JoinedRejectFn(String keyField) {
      this.keyField = keyField;
    }

    @ProcessElement
    public void processElement(@Element KV<String, CoGbkResult> joined, MultiOutputReceiver out) {
      Map<String, String> verdicts = SharedKeys.bySource(joined.getValue().getAll(VERDICT));
      for (SourcedRecord record : joined.getValue().getAll(RECORD)) {
        String message = verdicts.get(record.source());
        if (message == null) {
          out.get(PASSED).output(record);
        } else {
          out.get(REJECTED).output(SharedKeys.rejection(record, keyField, message));
        }
      }
    }
  }

  /**
   * Passes a record, or dead-letters it when its key is repeated; the counts of the repeated keys
   * read from the side input once per instance (a batch job's one window).
   */
  private static final class SideInputRejectFn extends DoFn<SourcedRecord, SourcedRecord> {
    private final String keyField;
    private final PCollectionView<Map<String, Integer>> counts;
    private transient Map<String, Integer> repeated;

    SideInputRejectFn(String keyField, PCollectionView<Map<String, Integer>> counts) {
      this.keyField = keyField;
      this.counts = counts;
    }

    @ProcessElement
    public void processElement(ProcessContext context) {
      if (repeated == null) {
        repeated = context.sideInput(counts);
      }
      SourcedRecord record = context.element();
      String key =
          repeated.isEmpty() ? null : SharedKeys.keyOf(record.record(), keyField, record.source());
      Integer holders = key == null ? null : repeated.get(key);
      if (holders == null) {
        context.output(record);
      } else {
        context.output(
            REJECTED,
            SharedKeys.rejection(record, keyField, SharedKeys.message(key, keyField, holders)));
      }
    }
  }
}
