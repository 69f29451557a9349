package org.flowimpute.pipelines.testing;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.pipelines.values.ConditionField;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.TargetField;

/** Small people records and the model fields that read them, shared by the pipeline tests. */
public final class TestData {

  /** Regions the model saw in training. */
  public static final List<String> REGIONS = List.of("north", "south", "east");

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

  /** One person record. */
  public static GenericRecord person(String id, Double age, String region, double weight) {
    GenericData.Record record = new GenericData.Record(PERSON);
    record.put("id", id);
    record.put("age", age);
    record.put("region", region);
    record.put("weight", weight);
    return record;
  }

  /** {@code count} valid people with ids p0, p1, ... */
  public static List<GenericRecord> people(int count) {
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> person("p" + i, 20.0 + i % 50, REGIONS.get(i % 3), 1.0 + i % 4))
        .toList();
  }
}
