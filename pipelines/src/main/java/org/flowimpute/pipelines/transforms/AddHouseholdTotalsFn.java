package org.flowimpute.pipelines.transforms;

import java.io.Serializable;
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

  private final Totals totals;

  /**
   * @param targets the targets to total
   * @param outputSchema the imputed schema with the totals ({@link HouseholdTotals#withTotals})
   */
  public AddHouseholdTotalsFn(List<String> targets, Schema outputSchema) {
    this.totals = new Totals(targets, outputSchema);
  }

  /** Totals one household. */
  @ProcessElement
  public void processElement(
      @Element KV<String, Iterable<GenericRecord>> household, OutputReceiver<GenericRecord> out) {
    List<GenericRecord> members = new ArrayList<>();
    household.getValue().forEach(members::add);
    members.sort(BY_RECORD_KEY);
    totals.of(members).forEach(out::output);
  }

  /**
   * The same totals for imputed records that keep their sources ({@link
   * ImputeRecords#keepingSources}): each totalled record goes out with its member's source.
   */
  public static final class KeepingSources
      extends DoFn<KV<String, Iterable<SourcedRecord>>, SourcedRecord> {

    private final Totals totals;

    /** As {@link AddHouseholdTotalsFn#AddHouseholdTotalsFn}. */
    public KeepingSources(List<String> targets, Schema outputSchema) {
      this.totals = new Totals(targets, outputSchema);
    }

    /** Totals one household. */
    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<SourcedRecord>> household, OutputReceiver<SourcedRecord> out) {
      List<SourcedRecord> members = new ArrayList<>();
      household.getValue().forEach(members::add);
      members.sort(Comparator.comparing(SourcedRecord::record, BY_RECORD_KEY));
      List<GenericRecord> totalled =
          totals.of(members.stream().map(SourcedRecord::record).toList());
      for (int m = 0; m < members.size(); m++) {
        out.output(members.get(m).becoming(totalled.get(m)));
      }
    }
  }

  /**
   * The targets to total and the output schema, kept as JSON for serialisation and parsed once per
   * deserialised instance: what both DoFns hold.
   */
  private static final class Totals implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> targets;
    private final String outputSchemaJson;
    private transient Schema outputSchema;

    Totals(List<String> targets, Schema outputSchema) {
      this.targets = List.copyOf(targets);
      this.outputSchemaJson = outputSchema.toString();
    }

    /** The members, in their order, with the household's totals added. */
    List<GenericRecord> of(List<GenericRecord> members) {
      if (outputSchema == null) {
        outputSchema = new Schema.Parser().parse(outputSchemaJson);
      }
      return HouseholdTotals.addTotals(members, targets, outputSchema);
    }
  }
}
