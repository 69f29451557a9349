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
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * A batch job's person-level records, less those whose key field value other records share: each of
 * these is a dead letter ({@code validate}, {@code duplicate_key}, see {@link SharedKeys}). Steps:
 * {@code KeyOfRecords}, {@code GroupKeys}, {@code SharedOnly}, {@code KeyBySource}, {@code
 * JoinSharedKeys}, {@code RejectShared}; the join spreads the records over the workers, so read
 * them without redistribution.
 */
public final class RejectSharedKeys
    extends PTransform<
        PCollection<SourcedRecord>, WithFailures.Result<PCollection<SourcedRecord>, DeadLetter>> {

  private static final TupleTag<SourcedRecord> RECORD = new TupleTag<>() {};
  private static final TupleTag<KV<String, String>> VERDICT = new TupleTag<>() {};
  private static final TupleTag<SourcedRecord> PASSED = new TupleTag<>() {};
  private static final TupleTag<DeadLetter> REJECTED = new TupleTag<>() {};

  private final String keyField;

  /** Checks the values of {@code keyField}. */
  public RejectSharedKeys(String keyField) {
    this.keyField = keyField;
  }

  @Override
  public WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> expand(
      PCollection<SourcedRecord> input) {
    Coder<SourcedRecord> coder = input.getCoder();
    PCollection<KV<String, KV<String, String>>> shared =
        SharedKeys.of(
            input.apply("KeyOfRecords", ParDo.of(new SharedKeys.KeyOfRecordFn(keyField, null))),
            keyField);
    PCollection<KV<String, SourcedRecord>> bySource =
        input
            .apply(
                "KeyBySource",
                WithKeys.of(SourcedRecord::source).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), coder));
    PCollectionTuple checked =
        KeyedPCollectionTuple.of(RECORD, bySource)
            .and(VERDICT, shared)
            .apply("JoinSharedKeys", CoGroupByKey.create())
            .apply(
                "RejectShared",
                ParDo.of(new RejectFn(keyField)).withOutputTags(PASSED, TupleTagList.of(REJECTED)));
    return WithFailures.Result.of(
        checked.get(PASSED).setCoder(coder), checked.get(REJECTED).setCoder(DeadLetters.coder()));
  }

  /** Passes the records of a source, or dead-letters them when their key is shared. */
  private static final class RejectFn extends DoFn<KV<String, CoGbkResult>, SourcedRecord> {
    private final String keyField;

    RejectFn(String keyField) {
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
}
