package org.flowimpute.pipelines.transforms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.flowimpute.household.HouseholdTotals;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Adds {@code household_<target>_total} (core's {@link HouseholdTotals}) to every imputed record of
 * one grouped household. Members are summed in the order of their record keys, so a total is
 * bit-identical on every runner and replay.
 */
public final class AddHouseholdTotalsFn
    extends DoFn<KV<String, Iterable<GenericRecord>>, GenericRecord> {

  /** Members in the order of their record keys, so that totals are summed in one order. */
  private static final Comparator<GenericRecord> BY_RECORD_KEY =
      Comparator.comparing(record -> record.get(OutputSchema.RECORD_KEY).toString());

  private final List<String> targets;
  private final String outputSchemaJson;
  private transient Schema outputSchema;

  /**
   * @param targets the targets to total
   * @param outputSchema the imputed schema with the totals ({@link HouseholdTotals#withTotals})
   */
  public AddHouseholdTotalsFn(List<String> targets, Schema outputSchema) {
    this.targets = List.copyOf(targets);
    this.outputSchemaJson = outputSchema.toString();
  }

  /** Parses the output schema once per instance. */
  @Setup
  public void setup() {
    outputSchema = new Schema.Parser().parse(outputSchemaJson);
  }

  /** Totals one household. */
  @ProcessElement
  public void processElement(
      @Element KV<String, Iterable<GenericRecord>> household, OutputReceiver<GenericRecord> out) {
    List<GenericRecord> members = new ArrayList<>();
    household.getValue().forEach(members::add);
    members.sort(BY_RECORD_KEY);
    for (GenericRecord record : HouseholdTotals.addTotals(members, targets, outputSchema)) {
      out.output(record);
    }
  }

  /**
   * The same totals for imputed records that keep their sources ({@link
   * ImputeRecords#keepingSources}): each totalled record goes out with its member's source.
   */
  public static final class KeepingSources
      extends DoFn<KV<String, Iterable<SourcedRecord>>, SourcedRecord> {

    private final List<String> targets;
    private final String outputSchemaJson;
    private transient Schema outputSchema;

    /** As {@link AddHouseholdTotalsFn#AddHouseholdTotalsFn}. */
    public KeepingSources(List<String> targets, Schema outputSchema) {
      this.targets = List.copyOf(targets);
      this.outputSchemaJson = outputSchema.toString();
    }

    /** Parses the output schema once per instance. */
    @Setup
    public void setup() {
      outputSchema = new Schema.Parser().parse(outputSchemaJson);
    }

    /** Totals one household. */
    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<SourcedRecord>> household, OutputReceiver<SourcedRecord> out) {
      List<SourcedRecord> members = new ArrayList<>();
      household.getValue().forEach(members::add);
      members.sort(Comparator.comparing(SourcedRecord::record, BY_RECORD_KEY));
      List<GenericRecord> totalled =
          HouseholdTotals.addTotals(
              members.stream().map(SourcedRecord::record).toList(), targets, outputSchema);
      for (int m = 0; m < members.size(); m++) {
        out.output(members.get(m).becoming(totalled.get(m)));
      }
    }
  }
}
