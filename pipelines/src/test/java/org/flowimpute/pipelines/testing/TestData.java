package org.flowimpute.pipelines.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.pipelines.stream.EventTimePolicy;
import org.flowimpute.pipelines.stream.StreamWindows;
import org.flowimpute.pipelines.values.ConditionField;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.TargetField;
import org.joda.time.Duration;

/** Small people records and the model fields that read them, shared by the pipeline tests. */
public final class TestData {

  /** Regions the model saw in training. */
  public static final List<String> REGIONS = List.of("north", "south", "east");

  /** A field type holding any kind of id: null, text, bytes or a number. */
  public static final Schema ANY_ID =
      Schema.createUnion(
          Schema.create(Schema.Type.NULL),
          Schema.create(Schema.Type.STRING),
          Schema.create(Schema.Type.BYTES),
          Schema.create(Schema.Type.DOUBLE));

  /** id, age, region, weight. */
  public static final Schema PERSON =
      SchemaBuilder.record("Person")
          .namespace("org.flowimpute.test")
          .fields()
          .requiredString("id")
          .name("age")
          .type()
          .nullable()
          .doubleType()
          .noDefault()
          .name("region")
          .type()
          .nullable()
          .stringType()
          .noDefault()
          .requiredDouble("weight")
          .endRecord();

  /**
   * {@link #PERSON} plus a nullable {@code event_time} (timestamp-millis): the events of the
   * streaming tests, from files or Kafka. Nullable so that a record without event time can be
   * written and must become a dead letter; the logical type is what a Kafka producer typically
   * declares, and the pipeline reads it as the plain long it is stored as.
   */
  public static final Schema TIMED_PERSON = withEventTime(PERSON, "TimedPerson");

  /** Conditions age (numeric) and region (categorical); targets income and owner. */
  public static final ModelFields MODEL =
      new ModelFields(
          "test-model-1",
          List.of(ConditionField.numeric("age"), ConditionField.categorical("region", REGIONS)),
          List.of(
              TargetField.continuous("income"),
              TargetField.categorical("owner", List.of("no", "yes"))),
          "weight");

  private TestData() {}

  /**
   * Event time from {@code event_time}, 10 s out of order allowed, no extra lateness, the watermark
   * following the clock after 1 min without records, fixed windows of {@code window}.
   */
  public static EventTimePolicy eventTimes(Duration window) {
    return new EventTimePolicy(
        "event_time",
        Duration.standardSeconds(10),
        Duration.ZERO,
        Duration.standardMinutes(1),
        StreamWindows.fixed(window));
  }

  /**
   * A person schema of a test's own, named {@code name} in {@link #PERSON}'s namespace: the fields
   * {@code before}, then {@link #PERSON}'s age, region and weight, then {@code after}.
   */
  public static Schema personSchema(
      String name, List<Schema.Field> before, List<Schema.Field> after) {
    List<Schema.Field> fields = new ArrayList<>(before);
    for (Schema.Field field : PERSON.getFields()) {
      if (!field.name().equals("id")) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    fields.addAll(after);
    return Schema.createRecord(name, null, PERSON.getNamespace(), false, fields);
  }

  /** One person record. */
  public static GenericRecord person(String id, Double age, String region, double weight) {
    return fill(new GenericData.Record(PERSON), id, age, region, weight);
  }

  /** One {@link #TIMED_PERSON}; {@code eventTime} in epoch millis, or null. */
  public static GenericRecord timedPerson(
      String id, Double age, String region, double weight, Long eventTime) {
    GenericData.Record record = fill(new GenericData.Record(TIMED_PERSON), id, age, region, weight);
    record.put("event_time", eventTime);
    return record;
  }

  /** {@code count} valid people with ids p0, p1, ... */
  public static List<GenericRecord> people(int count) {
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> person("p" + i, 20.0 + i % 50, REGIONS.get(i % 3), 1.0 + i % 4))
        .toList();
  }

  private static GenericData.Record fill(
      GenericData.Record record, String id, Double age, String region, double weight) {
    record.put("id", id);
    record.put("age", age);
    record.put("region", region);
    record.put("weight", weight);
    return record;
  }

  private static Schema withEventTime(Schema schema, String name) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      fields.add(new Schema.Field(field, field.schema()));
    }
    Schema time = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    fields.add(
        new Schema.Field(
            "event_time",
            Schema.createUnion(Schema.create(Schema.Type.NULL), time),
            null,
            (Object) null));
    return Schema.createRecord(name, null, schema.getNamespace(), false, fields);
  }
}
