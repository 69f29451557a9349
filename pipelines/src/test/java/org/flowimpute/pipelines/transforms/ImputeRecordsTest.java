package org.flowimpute.pipelines.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.testing.FakeModelProvider;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.SourcedRecordCoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class ImputeRecordsTest {

  /** A schema loose enough to hold every kind of malformed record in one collection. */
  private static final Schema LOOSE =
      SchemaBuilder.record("Loose")
          .namespace("org.flowimpute.test")
          .fields()
          .name("id")
          .type()
          .nullable()
          .stringType()
          .noDefault()
          .name("age")
          .type()
          .unionOf()
          .nullType()
          .and()
          .doubleType()
          .and()
          .stringType()
          .endUnion()
          .noDefault()
          .name("region")
          .type()
          .nullable()
          .stringType()
          .noDefault()
          .name("weight")
          .type()
          .nullable()
          .doubleType()
          .noDefault()
          .endRecord();

  private static PCollection<SourcedRecord> create(
      TestPipeline pipeline, Schema schema, List<GenericRecord> records) {
    List<SourcedRecord> sourced = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      sourced.add(SourcedRecord.of("test:" + i, records.get(i), PayloadFormat.AVRO));
    }
    return pipeline.apply(Create.of(sourced).withCoder(SourcedRecordCoder.of(schema)));
  }

  @Test
  void imputesEveryValidRecordWithTheModelsValues(TestPipeline pipeline) {
    List<GenericRecord> people = TestData.people(40);
    PCollection<SourcedRecord> input = create(pipeline, TestData.PERSON, people);

    WithFailures.Result<PCollection<GenericRecord>, DeadLetter> result = imputeById(input, 7);

    PAssert.that(result.failures()).empty();
    PAssert.thatSingleton(result.output().apply(Count.globally())).isEqualTo(40L);
    PAssert.that(result.output())
        .satisfies(
            records -> {
              for (GenericRecord record : records) {
                String id = record.get("id").toString();
                double age = (Double) record.get("age");
                int region = TestData.REGIONS.indexOf(record.get("region").toString());
                double u = FakeModelProvider.keyUniform(id);
                assertEquals((float) (age + region + u), (double) record.get("income"), 0.0, id);
                assertEquals("positive", record.get("income_gate").toString(), id);
                String owner = u < 0.5 ? "no" : "yes";
                assertEquals(owner, record.get("owner").toString(), id);
                assertEquals(owner, record.get("owner_gate").toString(), id);
                assertEquals(1.0 + Integer.parseInt(id.substring(1)) % 4, record.get("weight"));
                assertEquals("test-model-1", record.get("model_id").toString());
                assertEquals(id, record.get("record_key").toString());
              }
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /**
   * Without a key field, identical records get noise of their own from their position in the input
   * (file name and record number), and the same position in a file of the same name elsewhere gets
   * the same noise: keyed by content alone, twins got one key and the same imputed values.
   */
  @Test
  void identicalRecordsWithoutAKeyFieldGetKeysAndValuesOfTheirOwn(TestPipeline pipeline) {
    GenericRecord twin = TestData.person("p1", 30.0, "north", 1.0);
    List<SourcedRecord> sourced =
        List.of(
            SourcedRecord.of("/data/in/people.avro:1", twin, PayloadFormat.AVRO),
            SourcedRecord.of("/data/in/people.avro:2", twin, PayloadFormat.AVRO),
            SourcedRecord.of("gs://bucket/people.avro:1", twin, PayloadFormat.AVRO));
    String first = RecordKeys.create().hash(twin, "people.avro:1");
    String second = RecordKeys.create().hash(twin, "people.avro:2");

    PCollection<GenericRecord> output =
        pipeline
            .apply(Create.of(sourced).withCoder(SourcedRecordCoder.of(TestData.PERSON)))
            .apply(ImputeRecords.with(new FakeModelProvider(TestData.MODEL)))
            .output();

    PAssert.that(output)
        .satisfies(
            records -> {
              List<String> keys = new ArrayList<>();
              Set<Object> incomes = new HashSet<>();
              for (GenericRecord record : records) {
                String key = record.get("record_key").toString();
                keys.add(key);
                incomes.add(record.get("income"));
                double u = FakeModelProvider.keyUniform(key);
                assertEquals((float) (30.0 + 0 + u), (double) record.get("income"), 0.0, key);
              }
              keys.sort(null);
              List<String> expected = new ArrayList<>(List.of(first, first, second));
              expected.sort(null);
              assertEquals(expected, keys);
              assertEquals(2, incomes.size(), "imputed incomes " + incomes);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void everyKindOfMalformedRecordBecomesOneDeadLetterAndCountsBalance(TestPipeline pipeline) {
    List<GenericRecord> records = new ArrayList<>();
    records.add(loose("ok1", 30.0, "north", 1.0));
    records.add(loose("ok2", 41.0, "east", 2.0));
    records.add(loose("null-age", null, "north", 1.0));
    records.add(loose("null-region", 30.0, null, 1.0));
    records.add(loose("wrong-type", "forty", "north", 1.0));
    records.add(loose("nan", Double.NaN, "north", 1.0));
    records.add(loose("infinite", Double.POSITIVE_INFINITY, "south", 1.0));
    records.add(loose("nan-text", "NaN", "south", 1.0));
    records.add(loose("unknown", 30.0, "west", 1.0));
    // a missing-value marker, refused as an empty cell is (it was an unknown category)
    records.add(loose("na-region", 30.0, "NA", 1.0));
    records.add(loose("null-weight", 30.0, "south", null));
    records.add(loose(null, 30.0, "south", 1.0));
    PCollection<SourcedRecord> input = create(pipeline, LOOSE, records);

    WithFailures.Result<PCollection<GenericRecord>, DeadLetter> result = imputeById(input, 3);

    PAssert.that(result.output().apply("Keys", key())).containsInAnyOrder("ok1", "ok2");
    PAssert.that(
            result
                .failures()
                .apply(
                    "Describe",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            d ->
                                d.getStage()
                                    + "/"
                                    + d.getErrorClass()
                                    + "/"
                                    + d.getField()
                                    + "/"
                                    + d.getRecordKey())))
        .containsInAnyOrder(
            "validate/null_value/age/null-age",
            "validate/null_value/region/null-region",
            "validate/wrong_type/age/wrong-type",
            "validate/not_finite/age/nan",
            "validate/not_finite/age/infinite",
            "validate/not_finite/age/nan-text",
            "validate/unknown_category/region/unknown",
            "validate/null_value/region/na-region",
            "validate/null_value/weight/null-weight",
            "validate/null_value/id/null");
    PipelineResult run = pipeline.run();
    run.waitUntilFinish();

    Map<String, Long> counters = counters(run);
    assertEquals(12L, counters.get("records_valid") + deadLetters(counters));
    assertEquals(2L, counters.get("records_imputed"));
    assertEquals(10L, deadLetters(counters));
    assertEquals(3L, counters.get("dead_letters_validate_not_finite"));
  }

  @Test
  void keysAndWeightsAreReadAsGenerateReadsThem(TestPipeline pipeline) {
    Schema mixed =
        SchemaBuilder.record("Mixed")
            .namespace("org.flowimpute.test")
            .fields()
            .name("id")
            .type(TestData.ANY_ID)
            .noDefault()
            .requiredDouble("age")
            .requiredString("region")
            .name("weight")
            .type()
            .unionOf()
            .doubleType()
            .and()
            .stringType()
            .endUnion()
            .noDefault()
            .endRecord();
    List<GenericRecord> records = new ArrayList<>();
    records.add(record(mixed, "p1", 30.0, "north", "2.5"));
    records.add(record(mixed, 3.0, 31.0, "east", 1.0));
    records.add(record(mixed, java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), 32.0, "south", 1.0));
    records.add(record(mixed, java.nio.ByteBuffer.wrap(new byte[] {4, 5, 6}), 33.0, "south", 1.0));
    PCollection<SourcedRecord> input = create(pipeline, mixed, records);

    WithFailures.Result<PCollection<GenericRecord>, DeadLetter> result = imputeById(input, 2);

    PAssert.that(
            result
                .output()
                .apply(
                    "KeysAndWeights",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            r ->
                                r.get(OutputSchema.RECORD_KEY) + " " + r.get(OutputSchema.WEIGHT))))
        .containsInAnyOrder("p1 2.5", "3 1.0");
    PAssert.that(
            result
                .failures()
                .apply(
                    "Describe",
                    MapElements.into(TypeDescriptors.strings())
                        .via(d -> d.getStage() + "/" + d.getErrorClass() + "/" + d.getField())))
        .containsInAnyOrder("validate/wrong_type/id", "validate/wrong_type/id");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void aFieldMissingFromTheSchemaIsADeadLetterForEveryRecord(TestPipeline pipeline) {
    Schema noRegion =
        SchemaBuilder.record("NoRegion")
            .fields()
            .requiredString("id")
            .requiredDouble("age")
            .endRecord();
    GenericData.Record record = new GenericData.Record(noRegion);
    record.put("id", "a");
    record.put("age", 33.0);
    PCollection<SourcedRecord> input = create(pipeline, noRegion, List.of(record));

    WithFailures.Result<PCollection<GenericRecord>, DeadLetter> result =
        input.apply(ImputeRecords.with(new FakeModelProvider(TestData.MODEL)));

    PAssert.that(result.output()).empty();
    PAssert.thatSingleton(result.failures())
        .satisfies(
            d -> {
              assertEquals("validate", d.getStage());
              assertEquals("missing_field", d.getErrorClass());
              assertEquals("region", d.getField());
              assertEquals("json", d.getPayloadFormat());
              assertEquals(
                  "test:0: field 'region' is missing; expected one of 'north', 'south', 'east'",
                  d.getMessage());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void aRecordTheModelCannotEncodeIsAnEncodeDeadLetter(TestPipeline pipeline) {
    var model =
        new FakeModelProvider(
            new org.flowimpute.pipelines.values.ModelFields(
                "m",
                List.of(
                    org.flowimpute.pipelines.values.ConditionField.categorical(
                            "region", TestData.REGIONS)
                        .withAcceptsUnknown(true)),
                TestData.MODEL.targets(),
                null));
    PCollection<SourcedRecord> input =
        create(
            pipeline,
            TestData.PERSON,
            List.of(
                TestData.person("a", 1.0, "poison", 1.0), TestData.person("b", 1.0, "west", 1.0)));

    WithFailures.Result<PCollection<GenericRecord>, DeadLetter> result =
        input.apply(ImputeRecords.with(model).withKeyField("id"));

    PAssert.that(result.output().apply("Keys", key())).containsInAnyOrder("b");
    PAssert.thatSingleton(result.failures())
        .satisfies(
            d -> {
              assertEquals("encode", d.getStage());
              assertEquals(IllegalArgumentException.class.getName(), d.getErrorClass());
              assertEquals("a", d.getRecordKey());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  private static MapElements<GenericRecord, String> key() {
    return MapElements.into(TypeDescriptors.strings())
        .via(r -> r.get(OutputSchema.RECORD_KEY).toString());
  }

  private static GenericRecord loose(String id, Object age, String region, Double weight) {
    return record(LOOSE, id, age, region, weight);
  }

  private static GenericRecord record(
      Schema schema, Object id, Object age, String region, Object weight) {
    GenericData.Record record = new GenericData.Record(schema);
    record.put("id", id);
    record.put("age", age);
    record.put("region", region);
    record.put("weight", weight);
    return record;
  }

  /** Imputes {@code input} with the fake model in batches of {@code batchSize}, keyed by id. */
  private static WithFailures.Result<PCollection<GenericRecord>, DeadLetter> imputeById(
      PCollection<SourcedRecord> input, int batchSize) {
    return input.apply(
        ImputeRecords.with(new FakeModelProvider(TestData.MODEL))
            .withBatchSize(batchSize)
            .withKeyField("id"));
  }

  private static Map<String, Long> counters(PipelineResult run) {
    Map<String, Long> counters = new HashMap<>();
    for (MetricResult<Long> counter :
        run.metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(DeadLetters.METRICS_NAMESPACE))
                    .build())
            .getCounters()) {
      counters.merge(counter.getName().getName(), counter.getAttempted(), Long::sum);
    }
    return counters;
  }

  private static long deadLetters(Map<String, Long> counters) {
    return counters.entrySet().stream()
        .filter(e -> e.getKey().startsWith("dead_letters_"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
