package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.testing.FakeModelProvider;
import org.flowimpute.pipelines.testing.HouseholdAssertions;
import org.flowimpute.pipelines.testing.HouseholdFakeModel;
import org.flowimpute.pipelines.transforms.ImputeHouseholds;
import org.flowimpute.pipelines.values.FastAvroCoder;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.SourcedRecordCoder;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Households in a stream (DirectRunner, {@link TestStream}): members interleaved, one household
 * split over two windows, one whose last member never comes in time and arrives after its partial
 * release. Checks windows, flags, features, totals, dead letters, counts, and that complete
 * households get exactly the values of the batch {@link ImputeHouseholds}.
 */
@ExtendWith(TestPipelineExtension.class)
class ImputeStreamedHouseholdsTest {

  /** 2026-01-01T00:00:00Z, aligned to the 10 s windows. */
  private static final Instant T0 = new Instant(1_767_225_600_000L);

  private static final Duration WINDOW = Duration.standardSeconds(10);

  private static final Duration TIMEOUT = Duration.standardSeconds(5);

  /**
   * Household members as this transform sees them: no event_time (the TestStream gives the times)
   * and no weight (nothing is calibrated), unlike the whole job's input in StreamHouseholdsTest.
   */
  private static final Schema PERSON =
      SchemaBuilder.record("Person")
          .namespace("org.flowimpute.test")
          .fields()
          .requiredString("household_id")
          .requiredString("person_id")
          .requiredInt("age")
          .optionalInt("household_members")
          .endRecord();

  /** {@link #PERSON} with a weight, which the imputation's validation rejects when not finite. */
  private static final Schema WEIGHTED_PERSON =
      SchemaBuilder.record("Person")
          .namespace("org.flowimpute.test")
          .fields()
          .requiredString("household_id")
          .requiredString("person_id")
          .requiredInt("age")
          .optionalInt("household_members")
          .requiredDouble("weight")
          .endRecord();

  @Test
  void householdsAreCompletedAcrossWindowsAndPartialOnesFlagged(TestPipeline pipeline) {
    TestStream<SourcedRecord> stream =
        TestStream.create(SourcedRecordCoder.of(PERSON))
            .addElements(
                at(1, "H1", "p1", 40, 3),
                at(2, "H2", "q1", 50, 2),
                at(4, "H3", "r1", 30, 3),
                at(1, "H4", "s1", 60, 3),
                at(1, "H1", "p2", 10, 3),
                at(2, "", "x1", 20, 1),
                at(3, "H2", "q2", 52, 2),
                at(5, "H3", "r2", 5, 3),
                at(1, "H4", "s2", 61, 3),
                at(1, "H1", "p3", 35, 3),
                at(7, "H5", "y1", 44, null),
                at(5, "H3", "z1", 45, 4))
            // H4's timeout (1 s + 5 s) passes: s1 and s2 are released as a partial household.
            .advanceWatermarkTo(T0.plus(Duration.standardSeconds(8)))
            // H3's last member, in the next window, before H3's timeout (4 s + 5 s); H4's third
            // member after H4's release but in the same (still open) window: a second partial
            // household, never merged into the first one's totals.
            .addElements(at(12, "H3", "r3", 33, 3), at(9, "H4", "s3", 62, 3))
            .advanceWatermarkTo(T0.plus(Duration.standardSeconds(13)))
            .advanceWatermarkToInfinity();

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result =
        pipeline
            .apply("Stream", stream)
            .apply(
                "ImputeStreamedHouseholds",
                ImputeStreamedHouseholds.with(
                        new FakeModelProvider(HouseholdFakeModel.FIELDS),
                        HouseholdFakeModel.CONTEXT,
                        "household_members",
                        TIMEOUT,
                        WINDOW)
                    .withBatchSize(2)
                    .withKeyField("person_id"));

    PCollection<GenericRecord> output =
        result
            .output()
            .apply(
                "Imputed",
                MapElements.into(TypeDescriptor.of(GenericRecord.class)).via(SourcedRecord::record))
            .setCoder(FastAvroCoder.of(((SourcedRecordCoder) result.output().getCoder()).schema()));
    // Each imputed record keeps its member's source, for the window calibration's dead letters.
    PAssert.that(result.output())
        .satisfies(
            imputed -> {
              for (SourcedRecord record : imputed) {
                assertEquals("test:" + record.record().get("person_id"), record.source());
              }
              return null;
            });
    IntervalWindow first = new IntervalWindow(T0, WINDOW);
    IntervalWindow second = new IntervalWindow(T0.plus(WINDOW), WINDOW);
    PAssert.that(output)
        .inWindow(first)
        .satisfies(
            records -> {
              assertEquals(
                  Map.of(
                      "p1", "H1#1 true 3/1",
                      "p2", "H1#1 true 3/1",
                      "p3", "H1#1 true 3/1",
                      "q1", "H2#1 true 2/0",
                      "q2", "H2#1 true 2/0",
                      "s1", "H4#1 false 2/0",
                      "s2", "H4#1 false 2/0",
                      "s3", "H4#2 false 1/0"),
                  describe(records));
              assertTotals(records);
              return null;
            });
    PAssert.that(output)
        .inWindow(second)
        .satisfies(
            records -> {
              assertEquals(
                  Map.of(
                      "r1", "H3#1 true 3/1",
                      "r2", "H3#1 true 3/1",
                      "r3", "H3#1 true 3/1"),
                  describe(records));
              assertTotals(records);
              return null;
            });
    PAssert.that(result.failures())
        .satisfies(
            letters -> {
              Map<String, String> reasons = new TreeMap<>();
              for (DeadLetter letter : letters) {
                reasons.put(
                    letter.getSource().toString(),
                    letter.getStage()
                        + "/"
                        + letter.getErrorClass()
                        + "/"
                        + letter.getField()
                        + " key "
                        + letter.getRecordKey());
              }
              assertEquals(
                  Map.of(
                      "test:x1", "validate/null_value/household_id key x1",
                      "test:y1", "validate/null_value/household_members key y1",
                      "test:z1", "validate/error/household_members key z1"),
                  reasons);
              return null;
            });
    // in = out + dead letters: 14 = 11 + 3.
    PCollection<Long> outCount =
        output.apply("OutGlobal", atEnd()).apply("CountOut", Count.globally());
    PAssert.thatSingleton(outCount).isEqualTo(11L);
    PAssert.thatSingleton(
            result
                .failures()
                .apply("FailuresAtEnd", atEnd())
                .apply("CountFailures", Count.globally()))
        .isEqualTo(3L);

    // Complete households: the same values as the batch job on the same records, keys and seed.
    List<SourcedRecord> completeHouseholds =
        List.of(
                at(1, "H1", "p1", 40, 3),
                at(1, "H1", "p2", 10, 3),
                at(1, "H1", "p3", 35, 3),
                at(2, "H2", "q1", 50, 2),
                at(3, "H2", "q2", 52, 2),
                at(4, "H3", "r1", 30, 3),
                at(5, "H3", "r2", 5, 3),
                at(12, "H3", "r3", 33, 3))
            .stream()
            .map(TimestampedValue::getValue)
            .toList();
    PCollection<GenericRecord> batch =
        pipeline
            .apply("Batch", Create.of(completeHouseholds).withCoder(SourcedRecordCoder.of(PERSON)))
            .apply(
                "ImputeBatchHouseholds",
                ImputeHouseholds.with(
                        new FakeModelProvider(HouseholdFakeModel.FIELDS),
                        HouseholdFakeModel.CONTEXT)
                    .withBatchSize(3)
                    .withKeyField("person_id"))
            .output();
    PCollection<KV<String, String>> streamValues =
        output.apply("StreamGlobal", atEnd()).apply("StreamValues", values("stream"));
    PCollection<KV<String, Iterable<String>>> both =
        PCollectionList.of(batch.apply("BatchAtEnd", atEnd()).apply("BatchValues", values("batch")))
            .and(streamValues)
            .apply("FlattenValues", Flatten.pCollections())
            .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
            .apply("ByPerson", GroupByKey.create());
    PAssert.that(both)
        .satisfies(
            persons -> {
              int compared = 0;
              for (KV<String, Iterable<String>> person : persons) {
                Map<String, String> bySide = new HashMap<>();
                for (String value : person.getValue()) {
                  String[] parts = value.split("=", 2);
                  bySide.put(parts[0], parts[1]);
                }
                if (bySide.containsKey("batch")) {
                  assertEquals(bySide.get("batch"), bySide.get("stream"), person.getKey());
                  compared++;
                }
              }
              assertEquals(8, compared);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /**
   * A household rejected after its release (a member's weight is NaN, found when its features are
   * added) is a dead letter per member, each message ending with that member's own event time,
   * though every member's letter is timestamped with the release (its latest member's time): H6's
   * members at 1 s, 3 s and 6 s, released complete at 6 s; H7's at 8 s (first window) and 12 s
   * (second window), released at 12 s. Until 2026-12-03 the messages had no event time and the
   * letters only their release's timestamp.
   */
  @Test
  void deadLettersOfAReleasedHouseholdStateEachMembersOwnEventTime(TestPipeline pipeline) {
    TestStream<SourcedRecord> stream =
        TestStream.create(SourcedRecordCoder.of(WEIGHTED_PERSON))
            .addElements(
                weighted(1, "H6", "u1", 3, 1.0),
                weighted(2, "H8", "w1", 1, 1.0),
                weighted(3, "H6", "u2", 3, Double.NaN),
                weighted(6, "H6", "u3", 3, 1.0),
                weighted(8, "H7", "v1", 2, Double.NaN))
            .advanceWatermarkTo(T0.plus(Duration.standardSeconds(9)))
            .addElements(weighted(12, "H7", "v2", 2, 1.0))
            .advanceWatermarkToInfinity();

    WithFailures.Result<PCollection<SourcedRecord>, DeadLetter> result =
        pipeline
            .apply("Stream", stream)
            .apply(
                "ImputeStreamedHouseholds",
                ImputeStreamedHouseholds.with(
                        new FakeModelProvider(HouseholdFakeModel.FIELDS),
                        HouseholdFakeModel.CONTEXT,
                        "household_members",
                        TIMEOUT,
                        WINDOW)
                    .withKeyField("person_id"));

    PCollection<String> letters =
        result
            .failures()
            .apply("LetterTimestamps", Reify.timestamps())
            .apply(
                "DescribeLetters",
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        (TimestampedValue<DeadLetter> letter) ->
                            letter.getValue().getSource()
                                + " "
                                + letter.getValue().getErrorClass()
                                + " at "
                                + letter.getTimestamp()
                                + ": "
                                + eventTimeAtEnd(letter.getValue().getMessage().toString())));
    PAssert.that(letters)
        .containsInAnyOrder(
            "test:u1 error at 2026-01-01T00:00:06.000Z: 2026-01-01T00:00:01.000Z",
            "test:u2 not_finite at 2026-01-01T00:00:06.000Z: 2026-01-01T00:00:03.000Z",
            "test:u3 error at 2026-01-01T00:00:06.000Z: 2026-01-01T00:00:06.000Z",
            "test:v1 not_finite at 2026-01-01T00:00:12.000Z: 2026-01-01T00:00:08.000Z",
            "test:v2 error at 2026-01-01T00:00:12.000Z: 2026-01-01T00:00:12.000Z");
    // in = out + dead letters: 6 = 1 + 5.
    PAssert.thatSingleton(
            result.output().apply("OutAtEnd", atEnd()).apply("CountOut", Count.globally()))
        .isEqualTo(1L);
    pipeline.run().waitUntilFinish();
  }

  /** The event time a dead letter's message ends with, or the message when it ends otherwise. */
  private static String eventTimeAtEnd(String message) {
    String marker = " (record of event time ";
    int at = message.lastIndexOf(marker);
    return at < 0 || !message.endsWith(")")
        ? message
        : message.substring(at + marker.length(), message.length() - 1);
  }

  /**
   * One pane in the global window, when the input ends (the stream's watermark reaches infinity).
   */
  private static <T> Window<T> atEnd() {
    return Window.<T>into(new GlobalWindows())
        .triggering(AfterWatermark.pastEndOfWindow())
        .withAllowedLateness(Duration.ZERO)
        .discardingFiredPanes();
  }

  private static MapElements<GenericRecord, KV<String, String>> values(String side) {
    return MapElements.into(
            TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
        .via(
            (GenericRecord record) ->
                KV.of(
                    record.get("person_id").toString(),
                    side
                        + "="
                        + record.get("wage_income")
                        + " "
                        + record.get("household_wage_income_total")
                        + " "
                        + record.get("household_size")
                        + " "
                        + record.get("record_key")));
  }

  /** Per person: household#part, complete flag, size/children features. */
  private static Map<String, String> describe(Iterable<GenericRecord> records) {
    Map<String, String> described = new HashMap<>();
    for (GenericRecord record : records) {
      String person = record.get("person_id").toString();
      String previous =
          described.put(
              person,
              record.get("household_id")
                  + "#"
                  + record.get("household_part")
                  + " "
                  + record.get("household_complete")
                  + " "
                  + ((Double) record.get("household_size")).intValue()
                  + "/"
                  + ((Double) record.get("household_children")).intValue());
      assertEquals(null, previous, "person " + person + " output twice");
      double u = FakeModelProvider.keyUniform(person);
      assertEquals(
          (float)
              ((Double) record.get("household_size")
                  + (Double) record.get("household_children")
                  + u),
          (double) record.get("wage_income"),
          0.0);
    }
    return described;
  }

  /** Every member's total is the sum of its household part's wages, in record-key order. */
  private static void assertTotals(Iterable<GenericRecord> records) {
    Map<String, List<GenericRecord>> byHousehold = new HashMap<>();
    for (GenericRecord record : records) {
      byHousehold
          .computeIfAbsent(
              record.get("household_id") + "#" + record.get("household_part"),
              k -> new ArrayList<>())
          .add(record);
    }
    for (List<GenericRecord> members : byHousehold.values()) {
      assertTrue(HouseholdAssertions.assertWageTotal(members) > 0);
    }
  }

  private static TimestampedValue<SourcedRecord> at(
      int seconds, String household, String person, int age, Integer members) {
    GenericData.Record record = new GenericData.Record(PERSON);
    record.put("household_id", household);
    record.put("person_id", person);
    record.put("age", age);
    record.put("household_members", members);
    return TimestampedValue.of(
        SourcedRecord.of("test:" + person, record, PayloadFormat.AVRO),
        T0.plus(Duration.standardSeconds(seconds)));
  }

  private static TimestampedValue<SourcedRecord> weighted(
      int seconds, String household, String person, int members, double weight) {
    GenericData.Record record = new GenericData.Record(WEIGHTED_PERSON);
    record.put("household_id", household);
    record.put("person_id", person);
    record.put("age", 40);
    record.put("household_members", members);
    record.put("weight", weight);
    return TimestampedValue.of(
        SourcedRecord.of("test:" + person, record, PayloadFormat.AVRO),
        T0.plus(Duration.standardSeconds(seconds)));
  }
}
