package org.flowimpute.pipelines.transforms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Computes the household context features of one grouped household (all its records in the window)
 * with core's {@link HouseholdContext} — the implementation training used — and emits each record
 * with the features added. If a feature cannot be computed (a member without a readable age, say),
 * or a member with its features fails the imputation's intake (validation by {@link
 * RecordValidator}: a missing or unknown condition value, a bad weight or key; then encoding by the
 * model: an observed target value the model cannot take), every record of the household goes to
 * {@link #FAILED}, the offending member with its own reason and the others naming it: a household
 * imputed without one member would have features and totals that disagree with its records. The
 * model is opened per instance as the imputation opens it (sessions from core's process-wide cache)
 * and closed in {@code @Teardown}.
 */
public final class AddHouseholdContextFn
    extends DoFn<KV<String, Iterable<SourcedRecord>>, SourcedRecord> {

  /** Records with their household's features. */
  public static final TupleTag<SourcedRecord> WITH_CONTEXT = new TupleTag<>() {};

  /** Every record of a household whose features could not be computed. */
  public static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final HouseholdContext context;
  private final String outputSchemaJson;
  private final ModelProvider model;
  private final String keyField;
  private final String partField;
  private transient Schema outputSchema;
  private transient RecordValidator validator;
  private transient ImputationModel opened;

  /**
   * @param context the features to compute
   * @param outputSchema the input schema with the features ({@link HouseholdContext#withFeatures})
   * @param model the model the imputation validates and encodes with
   * @param keyField the imputation's record key field, or {@code null} (position and content hash,
   *     {@link RecordKeys})
   * @param partField the field of the streaming job's household parts the grouping key holds after
   *     the id ({@link KeyByHouseholdFn#keyOf}), or {@code null}
   */
  public AddHouseholdContextFn(
      HouseholdContext context,
      Schema outputSchema,
      ModelProvider model,
      String keyField,
      String partField) {
    this.context = context;
    this.outputSchemaJson = outputSchema.toString();
    this.model = model;
    this.keyField = keyField;
    this.partField = partField;
  }

  /** The household as messages name it: {@code 'H1'}, or {@code 'H1' (part 2)} in streams. */
  private String named(String key) {
    int hash = partField == null ? -1 : key.lastIndexOf('#');
    return hash < 0
        ? "'" + key + "'"
        : "'" + key.substring(0, hash) + "' (part " + key.substring(hash + 1) + ")";
  }

  /** Parses the output schema, makes the validator and opens the model once per instance. */
  @Setup
  public void setup() {
    outputSchema = new Schema.Parser().parse(outputSchemaJson);
    validator = new RecordValidator(model.fields(), keyField);
    opened = model.open();
  }

  /** Closes this instance's hold on the model. */
  @Teardown
  public void teardown() {
    if (opened != null) {
      opened.close();
      opened = null;
    }
  }

  /** Adds the features to one household's records. */
  @ProcessElement
  public void processElement(
      @Element KV<String, Iterable<SourcedRecord>> household, MultiOutputReceiver out) {
    List<SourcedRecord> members = new ArrayList<>();
    household.getValue().forEach(members::add);
    members.sort(Comparator.comparing(SourcedRecord::source));
    List<GenericRecord> records = new ArrayList<>(members.size());
    List<String> refs = new ArrayList<>(members.size());
    for (SourcedRecord member : members) {
      records.add(member.record());
      refs.add(member.source());
    }
    List<GenericRecord> withFeatures;
    try {
      withFeatures = context.addFeatures(records, refs, outputSchema);
    } catch (EncodingException error) {
      int culprit = refs.indexOf(error.record());
      if (culprit >= 0) {
        rejectForMember(household.getKey(), members, culprit, error, out);
        return;
      }
      rejectAll(household.getKey(), members, error, out);
      return;
    } catch (IllegalArgumentException error) {
      rejectAll(household.getKey(), members, error, out);
      return;
    }
    List<SourcedRecord> featured = new ArrayList<>(members.size());
    Map<Integer, DeadLetter> rejected = new TreeMap<>();
    for (int m = 0; m < members.size(); m++) {
      SourcedRecord member = members.get(m);
      SourcedRecord withContext = member.withRecord(withFeatures.get(m));
      featured.add(withContext);
      int index = m;
      String key = validator.validate(withContext, letter -> rejected.put(index, letter));
      if (key != null) {
        RecordIntake.encode(withContext, key, opened, letter -> rejected.put(index, letter));
      }
    }
    if (rejected.isEmpty()) {
      featured.forEach(out.get(WITH_CONTEXT)::output);
      return;
    }
    rejectHousehold(household.getKey(), members, rejected, out);
  }

  /**
   * Rejects a household because of its members in {@code rejected} (by index): each of them with
   * its own dead letter, every other member as not imputed because of them.
   */
  private void rejectHousehold(
      String householdId,
      List<SourcedRecord> members,
      Map<Integer, DeadLetter> rejected,
      MultiOutputReceiver out) {
    String message =
        "household "
            + named(householdId)
            + " is not imputed because a member was rejected: "
            + rejected.values().stream()
                .map(letter -> letter.getMessage().toString())
                .collect(Collectors.joining("; "))
            + " (see that member's dead letter)";
    for (int m = 0; m < members.size(); m++) {
      DeadLetter own = rejected.get(m);
      out.get(FAILED)
          .output(
              own != null
                  ? own
                  : DeadLetters.reject(
                      members.get(m),
                      Stage.VALIDATE,
                      Reason.ERROR,
                      context.idField(),
                      SharedKeys.knownKey(members.get(m), keyField),
                      message));
    }
  }

  /**
   * Rejects a household whose features could not be computed because of one member's value (an age
   * that is null or not a number): that member with its own reason (as the validator names it:
   * {@code null_value}, {@code not_finite} or {@code wrong_type}), the others as not imputed
   * because of it (they were all {@code error}, the member at fault too).
   */
  private void rejectForMember(
      String householdId,
      List<SourcedRecord> members,
      int culprit,
      EncodingException error,
      MultiOutputReceiver out) {
    SourcedRecord member = members.get(culprit);
    GenericRecord record = member.record();
    Object value =
        record.getSchema().getField(error.field()) == null ? null : record.get(error.field());
    Reason reason =
        value == null
            ? Reason.NULL_VALUE
            : FieldValues.isNotFinite(value) ? Reason.NOT_FINITE : Reason.WRONG_TYPE;
    DeadLetter own =
        DeadLetters.reject(
            member,
            Stage.VALIDATE,
            reason,
            error.field(),
            SharedKeys.knownKey(member, keyField),
            "field '" + error.field() + "' " + error.problem());
    rejectHousehold(householdId, members, Map.of(culprit, own), out);
  }

  /** Rejects every member of a household that has no household context, saying why. */
  private void rejectAll(
      String householdId,
      List<SourcedRecord> members,
      IllegalArgumentException error,
      MultiOutputReceiver out) {
    for (SourcedRecord member : members) {
      out.get(FAILED)
          .output(
              DeadLetters.reject(
                  member,
                  Stage.VALIDATE,
                  Reason.ERROR,
                  context.idField(),
                  SharedKeys.knownKey(member, keyField),
                  "household "
                      + named(householdId)
                      + " has no household context: "
                      + error.getMessage()));
    }
  }
}
