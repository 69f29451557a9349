package org.flowimpute.pipelines.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.flowimpute.calibrate.targets.TargetsFile;
import org.flowimpute.pipelines.transforms.OutputSchema;
import org.flowimpute.pipelines.transforms.Reason;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * {@link SetAsideUnusableFn} for a household model's records, one household release (household id
 * and {@code household_part}) at a time: when a member cannot be calibrated (a weight not above 0,
 * no value in a column a target reads), the whole release is a dead letter of stage {@code
 * calibrate} — the member with its own reason, its housemates ({@code error}, field = the household
 * id field) with a message naming it. Calibrating and writing the others would put a household in
 * the output whose {@code household_size} and {@code household_<target>_total} count a member that
 * is not there, and without a flag ({@code household_complete} says only whether all members
 * arrived). A household is calibrated and written whole or not at all, as the batch job treats a
 * household whose member cannot be read. Each dead letter names its member's source and, at the end
 * of its message, its member's own event time; its timestamp is the release's (the latest
 * member's), which a dead letter cannot precede.
 */
final class SetAsideUnusableHouseholdsFn
    extends DoFn<KV<String, Iterable<SourcedRecord>>, GenericRecord> {

  private final PCollectionView<Iterable<TargetsSnapshot>> targets;
  private final TargetsFreshness freshness;
  private final String idField;
  private final ParsedTargets parsed = new ParsedTargets();

  SetAsideUnusableHouseholdsFn(
      PCollectionView<Iterable<TargetsSnapshot>> targets,
      TargetsFreshness freshness,
      String idField) {
    this.targets = targets;
    this.freshness = freshness;
    this.idField = idField;
  }

  @ProcessElement
  public void processElement(ProcessContext context) {
    TargetsFile parsedTargets = parsed.of(freshness.choose(context.sideInput(targets)));
    List<SourcedRecord> members = new ArrayList<>();
    context.element().getValue().forEach(members::add);
    Map<String, SetAsideUnusableFn.Unusable> unusable = new TreeMap<>();
    List<SetAsideUnusableFn.Unusable> perMember = new ArrayList<>();
    for (SourcedRecord member : members) {
      SetAsideUnusableFn.Unusable why = SetAsideUnusableFn.check(member.record(), parsedTargets);
      perMember.add(why);
      if (why != null) {
        unusable.put(keyOf(member.record()), why);
      }
    }
    if (unusable.isEmpty()) {
      members.forEach(member -> context.output(member.record()));
      return;
    }
    StringBuilder which = new StringBuilder();
    unusable.forEach(
        (key, why) ->
            which
                .append(which.length() == 0 ? "" : "; ")
                .append("its member with record key ")
                .append(key)
                .append(" cannot be (")
                .append(why.message())
                .append(')'));
    GenericRecord first = members.get(0).record();
    Object part = first.get(CompleteHouseholds.PART_FIELD);
    String message =
        "household '"
            + first.get(idField)
            + "'"
            + (part == null ? "" : " (part " + part + ")")
            + " is not calibrated: "
            + which
            + "; a household is calibrated whole or not at all";
    for (int i = 0; i < members.size(); i++) {
      SourcedRecord member = members.get(i);
      SetAsideUnusableFn.Unusable why = perMember.get(i);
      context.output(
          SetAsideUnusableFn.UNUSABLE,
          why != null
              ? SetAsideUnusableFn.reject(member, context.timestamp(), why)
              : SetAsideUnusableFn.reject(
                  member, context.timestamp(), Reason.ERROR, idField, message));
    }
  }

  private static String keyOf(GenericRecord member) {
    Object key = member.get(OutputSchema.RECORD_KEY);
    return key == null ? "(none)" : key.toString();
  }
}
