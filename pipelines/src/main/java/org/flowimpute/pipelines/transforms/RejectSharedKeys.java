package org.flowimpute.pipelines.transforms;

import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * A batch job's person-level records, less those whose key field value other records share: each of
 * these is a dead letter ({@code validate}, {@code duplicate_key}, see {@link SharedKeys}). Steps:
 * {@code KeyOfRecords}, {@code GroupKeys}, {@code SharedOnly}, {@code SharedKeysView}, {@code
 * RejectShared}: the verdicts (normally few: only the records whose key is shared) are a side input
 * of the step that passes or rejects each record, so the records keep their own distribution. (A
 * join of the records with the verdicts by source made one group, and on the DirectRunner one
 * bundle, per record: 2,000 CSV rows took 78 s instead of 6 s.)
 */
public final class RejectSharedKeys
    extends PTransform<
        PCollection<SourcedRecord>, WithFailures.Result<PCollection<SourcedRecord>, DeadLetter>> {

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
    PCollectionView<Map<String, Iterable<KV<String, String>>>> verdicts =
        SharedKeys.of(
                input.apply("KeyOfRecords", ParDo.of(new SharedKeys.KeyOfRecordFn(keyField, null))),
                keyField)
            .apply("SharedKeysView", View.asMultimap());
    PCollectionTuple checked =
        input.apply(
            "RejectShared",
            ParDo.of(new RejectFn(keyField, verdicts))
                .withSideInputs(verdicts)
                .withOutputTags(PASSED, TupleTagList.of(REJECTED)));
    return WithFailures.Result.of(
        checked.get(PASSED).setCoder(coder), checked.get(REJECTED).setCoder(DeadLetters.coder()));
  }

  /** Passes a record, or dead-letters it when its key is shared. */
  private static final class RejectFn extends DoFn<SourcedRecord, SourcedRecord> {
    private final String keyField;
    private final PCollectionView<Map<String, Iterable<KV<String, String>>>> verdicts;

    RejectFn(String keyField, PCollectionView<Map<String, Iterable<KV<String, String>>>> verdicts) {
      this.keyField = keyField;
      this.verdicts = verdicts;
    }

    @ProcessElement
    public void processElement(ProcessContext context) {
      SourcedRecord record = context.element();
      Iterable<KV<String, String>> mine = context.sideInput(verdicts).get(record.source());
      String message = mine == null ? null : SharedKeys.bySource(mine).get(record.source());
      if (message == null) {
        context.output(record);
      } else {
        context.output(REJECTED, SharedKeys.rejection(record, keyField, message));
      }
    }
  }
}
