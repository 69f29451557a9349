package org.flowimpute.pipelines.transforms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Computes the household context features of one grouped household (all its records in the window)
 * with core's {@link HouseholdContext} — the implementation training used — and emits each record
 * with the features added. If a feature cannot be computed (a member without a readable age, say),
 * every record of the household goes to {@link #FAILED} with the offending member named: a
 * household context computed without one member would be wrong for all of them.
 */
public final class AddHouseholdContextFn
    extends DoFn<KV<String, Iterable<SourcedRecord>>, SourcedRecord> {

  /** Records with their household's features. */
  public static final TupleTag<SourcedRecord> WITH_CONTEXT = new TupleTag<>() {};

  /** Every record of a household whose features could not be computed. */
  public static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final HouseholdContext context;
  private final String outputSchemaJson;
  private transient Schema outputSchema;

  /**
   * @param context the features to compute
   * @param outputSchema the input schema with the features ({@link HouseholdContext#withFeatures})
   */
  public AddHouseholdContextFn(HouseholdContext context, Schema outputSchema) {
    this.context = context;
    this.outputSchemaJson = outputSchema.toString();
  }

  /** Parses the output schema once per instance. */
  @Setup
  public void setup() {
    outputSchema = new Schema.Parser().parse(outputSchemaJson);
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
    } catch (IllegalArgumentException error) {
      for (SourcedRecord member : members) {
        out.get(FAILED)
            .output(
                DeadLetters.reject(
                    member,
                    Stage.VALIDATE,
                    Reason.ERROR,
                    context.idField(),
                    null,
                    "household '"
                        + household.getKey()
                        + "' has no household context: "
                        + error.getMessage()));
      }
      return;
    }
    for (int m = 0; m < members.size(); m++) {
      SourcedRecord member = members.get(m);
      out.get(WITH_CONTEXT)
          .output(
              new SourcedRecord(
                  member.source(), withFeatures.get(m), member.payload(), member.payloadFormat()));
    }
  }
}
