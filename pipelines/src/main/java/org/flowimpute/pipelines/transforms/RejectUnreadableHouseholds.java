package org.flowimpute.pipelines.transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Dead-letters every record of a household one of whose rows could not be read at all (a CSV row
 * whose number cell is not a number, or with a cell too few or too many: see {@code
 * UnreadableCsvHouseholdsFn}; an Avro or Parquet record the job's schema cannot hold: {@code
 * UnresolvedRecordHouseholdsFn}), before the household job computes household features: without
 * that row, its household would be imputed as a smaller one ({@code household_size} one short),
 * with values and totals for a household that does not exist. Records of other households, and
 * records without a readable household id (which {@link ImputeHouseholds} dead-letters itself),
 * pass unchanged. Every record ends up passed or as one dead letter; the unreadable row's own dead
 * letter is its reader's.
 */
public final class RejectUnreadableHouseholds
    extends PTransform<
        PCollection<SourcedRecord>, WithFailures.Result<PCollection<SourcedRecord>, DeadLetter>> {

  private static final TupleTag<SourcedRecord> MEMBER = new TupleTag<>() {};
  private static final TupleTag<String> UNREADABLE_ROW = new TupleTag<>() {};
  private static final TupleTag<KV<String, String>> SHARED_KEY = new TupleTag<>() {};
  private static final TupleTag<KV<String, SourcedRecord>> KEYED = new TupleTag<>() {};
  private static final TupleTag<SourcedRecord> UNKEYED = new TupleTag<>() {};
  private static final TupleTag<SourcedRecord> PASSED = new TupleTag<>() {};
  private static final TupleTag<DeadLetter> REJECTED = new TupleTag<>() {};

  private final String idField;
  private final PCollection<KV<String, String>> unreadable;
  private final PCollection<KV<String, KV<String, String>>> sharedKeys;
  private final String keyField;

  /**
   * @param idField the household id field
   * @param unreadable (household id as a category, source of a row of it that could not be read)
   */
  public RejectUnreadableHouseholds(String idField, PCollection<KV<String, String>> unreadable) {
    this(idField, unreadable, null, null);
  }

  /**
   * Also dead-letters the households of the records whose key others share.
   *
   * @param sharedKeys (household id as a category, (source, message)) of each record whose {@code
   *     keyField} value other records share ({@link SharedKeys}), or null
   */
  public RejectUnreadableHouseholds(
      String idField,
      PCollection<KV<String, String>> unreadable,
      PCollection<KV<String, KV<String, String>>> sharedKeys,
      String keyField) {
    this.idField = idField;
    this.unreadable = unreadable;
    this.sharedKeys = sharedKeys;
    this.keyField = keyField;
  }

  @Override
  public WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> expand(
      PCollection<SourcedRecord> input) {
    Coder<SourcedRecord> coder = input.getCoder();
    PCollectionTuple keyed =
        input.apply(
            "KeyByHouseholdId",
            ParDo.of(new KeyFn(idField)).withOutputTags(KEYED, TupleTagList.of(UNKEYED)));
    KeyedPCollectionTuple<String> joined =
        KeyedPCollectionTuple.of(
                MEMBER, keyed.get(KEYED).setCoder(KvCoder.of(StringUtf8Coder.of(), coder)))
            .and(UNREADABLE_ROW, unreadable);
    if (sharedKeys != null) {
      joined = joined.and(SHARED_KEY, sharedKeys);
    }
    PCollectionTuple checked =
        joined
            .apply("JoinUnreadableRows", CoGroupByKey.create())
            .apply(
                "RejectHouseholds",
                ParDo.of(new RejectFn(idField, keyField, sharedKeys != null))
                    .withOutputTags(PASSED, TupleTagList.of(REJECTED)));
    PCollection<SourcedRecord> passed =
        PCollectionList.of(checked.get(PASSED).setCoder(coder))
            .and(keyed.get(UNKEYED).setCoder(coder))
            .apply("Passed", Flatten.pCollections());
    return WithFailures.Result.of(passed, checked.get(REJECTED).setCoder(DeadLetters.coder()));
  }

  /** Keys a record by its household id's category text; a record without one is unkeyed. */
  private static final class KeyFn extends DoFn<SourcedRecord, KV<String, SourcedRecord>> {
    private final String idField;

    KeyFn(String idField) {
      this.idField = idField;
    }

    @ProcessElement
    public void processElement(@Element SourcedRecord record, MultiOutputReceiver out) {
      Object id =
          record.record().getSchema().getField(idField) == null
              ? null
              : record.record().get(idField);
      String key = null;
      if (id != null) {
        try {
          key = FieldValues.category(id, record.source(), idField);
        } catch (EncodingException notAnId) {
          // Passed on unkeyed: ImputeHouseholds' KeyByHousehold dead-letters it with the reason.
          key = null;
        }
      }
      if (key == null || key.isEmpty()) {
        out.get(UNKEYED).output(record);
      } else {
        out.get(KEYED).output(KV.of(key, record));
      }
    }
  }

  /** Passes a household's records, or dead-letters them all when one of its rows was unreadable. */
  private static final class RejectFn extends DoFn<KV<String, CoGbkResult>, SourcedRecord> {
    private final String idField;
    private final String keyField;
    private final boolean checksKeys;

    RejectFn(String idField, String keyField, boolean checksKeys) {
      this.idField = idField;
      this.keyField = keyField;
      this.checksKeys = checksKeys;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, CoGbkResult> household, MultiOutputReceiver out) {
      List<String> rows = new ArrayList<>();
      household.getValue().getAll(UNREADABLE_ROW).forEach(rows::add);
      Map<String, String> shared = new TreeMap<>();
      if (checksKeys) {
        household.getValue().getAll(SHARED_KEY).forEach(v -> shared.put(v.getKey(), v.getValue()));
      }
      Iterable<SourcedRecord> members = household.getValue().getAll(MEMBER);
      if (rows.isEmpty() && shared.isEmpty()) {
        members.forEach(out.get(PASSED)::output);
        return;
      }
      rows.sort(null);
      List<String> why = new ArrayList<>();
      if (!rows.isEmpty()) {
        why.add(
            "has no household context: its row at "
                + String.join(", ", rows)
                + " could not be read (see that row's decode dead letter)");
      }
      if (!shared.isEmpty()) {
        why.add(
            "is not imputed: its member at "
                + String.join(", ", shared.keySet())
                + " has a record key that other records share (see that member's dead letter)");
      }
      String message = "household '" + household.getKey() + "' " + String.join("; it ", why);
      for (SourcedRecord member : members) {
        String own = shared.get(member.source());
        if (own != null) {
          out.get(REJECTED)
              .output(
                  SharedKeys.rejection(
                      member,
                      keyField,
                      own + "; so is its household '" + household.getKey() + "'"));
          continue;
        }
        out.get(REJECTED)
            .output(
                DeadLetters.reject(
                    member,
                    Stage.VALIDATE,
                    Reason.ERROR,
                    idField,
                    SharedKeys.knownKey(member, keyField),
                    message));
      }
    }
  }
}
