package org.flowimpute.pipelines.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.transforms.KeyByHouseholdFn;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.SourcedRecordCoder;
import org.joda.time.Duration;

/**
 * Brings a streamed household's members together before household imputation: members with
 * different event times are held until the household is complete (its member count reaches the
 * household-size field) or an event-time timeout releases it partial ({@link
 * CompleteHouseholdsFn}), then each release is put into one fixed window of {@code window} length,
 * so that the groupings of {@code ImputeHouseholds} see exactly one release per key and window.
 *
 * <pre>{@code
 * records.apply("CompleteHouseholds",
 *     CompleteHouseholds.of("household_id", "household_members", Duration.standardMinutes(10),
 *         Duration.standardMinutes(5)));
 * }</pre>
 *
 * <p>Steps (stable names): {@code KeyByHousehold}, {@code HoldMembers}, {@code WindowHouseholds},
 * {@code FlattenFailures}. Output records get {@link #COMPLETE_FIELD} and {@link #PART_FIELD};
 * records without a household id or usable size are dead letters. Use {@code window} = the stream
 * windows' slide: a release is then grouped when the first calibration window holding it closes.
 */
public final class CompleteHouseholds
    extends PTransform<
        PCollection<SourcedRecord>, WithFailures.Result<PCollection<SourcedRecord>, DeadLetter>> {

  /** Boolean field: {@code false} when the household was released by the timeout. */
  public static final String COMPLETE_FIELD = "household_complete";

  /** Int field: 1 for a household id's first release, 2 for the members arriving after it, ... */
  public static final String PART_FIELD = "household_part";

  private final String idField;
  private final String sizeField;
  private final Duration timeout;
  private final Duration window;
  private final String keyField;

  private CompleteHouseholds(
      String idField, String sizeField, Duration timeout, Duration window, String keyField) {
    this.idField = Objects.requireNonNull(idField, "idField");
    this.sizeField = Objects.requireNonNull(sizeField, "sizeField");
    if (!timeout.isLongerThan(Duration.ZERO) || !window.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          "household timeout and window must be positive, got " + timeout + " and " + window);
    }
    this.timeout = timeout;
    this.window = window;
    this.keyField = keyField;
  }

  /**
   * Households keyed by {@code idField}, complete at {@code sizeField} members, released partial
   * when the watermark passes their earliest member's time plus {@code timeout}, grouped in fixed
   * windows of {@code window}.
   */
  public static CompleteHouseholds of(
      String idField, String sizeField, Duration timeout, Duration window) {
    return new CompleteHouseholds(idField, sizeField, timeout, window, null);
  }

  /**
   * Dead letters carry the record key of {@code keyField} (null: none, the job keys by content).
   */
  public CompleteHouseholds withKeyField(String keyField) {
    return new CompleteHouseholds(idField, sizeField, timeout, window, keyField);
  }

  /** {@code input} with {@link #COMPLETE_FIELD} and {@link #PART_FIELD} (replacing equal names). */
  public static Schema outputSchema(Schema input) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : input.getFields()) {
      if (!field.name().equals(COMPLETE_FIELD) && !field.name().equals(PART_FIELD)) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    fields.add(
        new Schema.Field(
            COMPLETE_FIELD,
            Schema.create(Schema.Type.BOOLEAN),
            "false when the household was released before all its members arrived.",
            (Object) null));
    fields.add(
        new Schema.Field(
            PART_FIELD,
            Schema.create(Schema.Type.INT),
            "Release of this household id: 1, then 2 for members that arrived after it, ...",
            (Object) null));
    return Schema.createRecord(
        input.getName(), input.getDoc(), input.getNamespace(), input.isError(), fields);
  }

  @Override
  public WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> expand(
      PCollection<SourcedRecord> input) {
    if (!(input.getCoder() instanceof SourcedRecordCoder inputCoder)) {
      throw new IllegalArgumentException(
          "CompleteHouseholds needs its input coded by SourcedRecordCoder, got "
              + input.getCoder());
    }
    Schema inputSchema = inputCoder.schema();
    if (inputSchema.getField(sizeField) == null) {
      throw new IllegalArgumentException(
          "the records have no household-size field '"
              + sizeField
              + "' (every member must carry its household's member count; fields: "
              + inputSchema.getFields().stream().map(Schema.Field::name).toList()
              + ")");
    }
    Schema outputSchema = outputSchema(inputSchema);
    PCollectionTuple keyed =
        input.apply(
            "KeyByHousehold",
            ParDo.of(new KeyByHouseholdFn(idField, null, keyField))
                .withOutputTags(KeyByHouseholdFn.KEYED, TupleTagList.of(KeyByHouseholdFn.FAILED)));
    PCollectionTuple held =
        keyed
            .get(KeyByHouseholdFn.KEYED)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), inputCoder))
            .apply(
                "HoldMembers",
                ParDo.of(
                        new CompleteHouseholdsFn(
                            inputSchema, outputSchema, sizeField, keyField, timeout, window))
                    .withOutputTags(
                        CompleteHouseholdsFn.RELEASED,
                        TupleTagList.of(CompleteHouseholdsFn.FAILED)));
    PCollection<SourcedRecord> released =
        held.get(CompleteHouseholdsFn.RELEASED)
            .setCoder(SourcedRecordCoder.of(outputSchema))
            .apply(
                "WindowHouseholds",
                Window.<SourcedRecord>into(FixedWindows.of(window))
                    .withTimestampCombiner(TimestampCombiner.EARLIEST));
    PCollection<DeadLetter> failures =
        PCollectionList.of(keyed.get(KeyByHouseholdFn.FAILED).setCoder(DeadLetters.coder()))
            .and(held.get(CompleteHouseholdsFn.FAILED).setCoder(DeadLetters.coder()))
            .apply("FlattenFailures", Flatten.pCollections());
    return WithFailures.Result.of(released, failures);
  }
}
