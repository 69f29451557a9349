package org.flowimpute.pipelines.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.demo.HouseholdDemoPopulation;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.pipelines.testing.FakeModelProvider;
import org.flowimpute.pipelines.testing.HouseholdAssertions;
import org.flowimpute.pipelines.testing.HouseholdFakeModel;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.SourcedRecordCoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class ImputeHouseholdsTest {

  @Test
  void householdsGetTheirContextAndTotalsEqualToTheSumOfTheirPersons(TestPipeline pipeline) {
    List<GenericRecord> persons = new ArrayList<>();
    HouseholdDemoPopulation.withSeed(3)
        .persons(30)
        .forEachRemaining(person -> persons.add(HouseholdDemoPopulation.conditionsOf(person)));
    // Interleave households (a household need not be contiguous) and add one record without id.
    persons.sort(Comparator.comparing(person -> person.get("person_id").toString().substring(10)));
    GenericRecord orphan = new GenericData.Record(HouseholdDemoPopulation.CONDITIONS);
    for (org.apache.avro.Schema.Field field : HouseholdDemoPopulation.CONDITIONS.getFields()) {
      orphan.put(field.pos(), persons.get(0).get(field.pos()));
    }
    orphan.put("household_id", "");
    orphan.put("person_id", "orphan");
    Map<String, int[]> composition = new LinkedHashMap<>();
    for (GenericRecord person : persons) {
      int[] counts =
          composition.computeIfAbsent(person.get("household_id").toString(), k -> new int[2]);
      counts[0]++;
      counts[1] += (Integer) person.get("age") < 18 ? 1 : 0;
    }
    List<SourcedRecord> sourced = new ArrayList<>();
    for (int i = 0; i < persons.size(); i++) {
      sourced.add(SourcedRecord.of("test:" + i, persons.get(i), PayloadFormat.AVRO));
    }
    sourced.add(SourcedRecord.of("test:orphan", orphan, PayloadFormat.AVRO));

    WithFailures.Result<PCollection<GenericRecord>, DeadLetter> result =
        pipeline
            .apply(
                Create.of(sourced)
                    .withCoder(SourcedRecordCoder.of(HouseholdDemoPopulation.CONDITIONS)))
            .apply(
                ImputeHouseholds.with(
                        new FakeModelProvider(HouseholdFakeModel.FIELDS),
                        HouseholdFakeModel.CONTEXT)
                    .withBatchSize(5)
                    .withKeyField("person_id"));

    PAssert.thatSingleton(result.output().apply(Count.globally())).isEqualTo((long) persons.size());
    PAssert.that(result.failures())
        .satisfies(
            letters -> {
              List<DeadLetter> all = new ArrayList<>();
              letters.forEach(all::add);
              assertEquals(1, all.size());
              assertEquals("household_id", all.get(0).getField().toString());
              assertEquals("null_value", all.get(0).getErrorClass().toString());
              return null;
            });
    PAssert.that(result.output())
        .satisfies(
            records -> {
              Map<String, List<GenericRecord>> byHousehold = new LinkedHashMap<>();
              for (GenericRecord record : records) {
                String household = record.get("household_id").toString();
                byHousehold.computeIfAbsent(household, k -> new ArrayList<>()).add(record);
                int[] counts = composition.get(household);
                assertEquals((double) counts[0], record.get("household_size"));
                assertEquals((double) counts[1], record.get("household_children"));
                assertEquals((double) (counts[0] - counts[1]), record.get("household_adults"));
                double u = FakeModelProvider.keyUniform(record.get("person_id").toString());
                assertEquals(
                    (float) (counts[0] + counts[1] + u), (double) record.get("wage_income"), 0.0);
              }
              assertEquals(30, byHousehold.size());
              for (List<GenericRecord> members : byHousehold.values()) {
                HouseholdAssertions.assertWageTotal(members);
              }
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /**
   * A member the validation rejects (a weight of NaN) takes its household with it: before, its
   * housemates were imputed with a household size and totals that counted a member the output does
   * not hold.
   */
  @Test
  void aMemberTheValidationRejectsDeadLettersItsWholeHousehold(TestPipeline pipeline) {
    List<GenericRecord> persons = persons(5);
    Map<String, List<String>> members = membersByHousehold(persons);
    String household = firstWithMembers(members, 2);
    String bad = members.get(household).get(1);
    List<SourcedRecord> sourced = new ArrayList<>();
    for (int i = 0; i < persons.size(); i++) {
      GenericRecord person = persons.get(i);
      if (person.get("person_id").toString().equals(bad)) {
        person.put("weight", Double.NaN);
      }
      sourced.add(SourcedRecord.of("test:" + i, person, PayloadFormat.AVRO));
    }
    int size = members.get(household).size();

    WithFailures.Result<PCollection<GenericRecord>, DeadLetter> result =
        pipeline
            .apply(
                Create.of(sourced)
                    .withCoder(SourcedRecordCoder.of(HouseholdDemoPopulation.CONDITIONS)))
            .apply(
                ImputeHouseholds.with(
                        new FakeModelProvider(HouseholdFakeModel.FIELDS),
                        HouseholdFakeModel.CONTEXT)
                    .withBatchSize(5)
                    .withKeyField("person_id"));

    PAssert.thatSingleton(result.output().apply(Count.globally()))
        .isEqualTo((long) (persons.size() - size));
    PAssert.that(result.output())
        .satisfies(
            records -> {
              for (GenericRecord record : records) {
                assertNotEquals(household, record.get("household_id").toString());
              }
              return null;
            });
    PAssert.that(result.failures())
        .satisfies(
            letters -> {
              List<DeadLetter> all = new ArrayList<>();
              letters.forEach(all::add);
              assertEquals(size, all.size());
              for (DeadLetter letter : all) {
                boolean own =
                    letter.getRecordKey() != null && letter.getRecordKey().toString().equals(bad);
                assertEquals(own ? "weight" : "household_id", letter.getField().toString());
                if (!own) {
                  assertEquals("error", letter.getErrorClass().toString());
                  assertTrue(
                      letter
                          .getMessage()
                          .toString()
                          .contains(
                              "household '"
                                  + household
                                  + "' is not imputed because a member was rejected: test:"),
                      letter.getMessage().toString());
                }
              }
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /**
   * A member the model cannot encode (with {@code --missing-targets}, an observed amount of a sign
   * training never saw) takes its household with it too, as one the validation rejects.
   */
  @Test
  void aMemberTheEncodingRejectsDeadLettersItsWholeHousehold(TestPipeline pipeline) {
    List<GenericRecord> persons = persons(6);
    Map<String, List<String>> members = membersByHousehold(persons);
    String household = firstWithMembers(members, 2);
    String bad = members.get(household).get(0);
    List<SourcedRecord> sourced = new ArrayList<>();
    for (int i = 0; i < persons.size(); i++) {
      sourced.add(SourcedRecord.of("test:" + i, persons.get(i), PayloadFormat.AVRO));
    }

    WithFailures.Result<PCollection<GenericRecord>, DeadLetter> result =
        pipeline
            .apply(
                Create.of(sourced)
                    .withCoder(SourcedRecordCoder.of(HouseholdDemoPopulation.CONDITIONS)))
            .apply(
                ImputeHouseholds.with(new RefusingOnePerson(bad), HouseholdFakeModel.CONTEXT)
                    .withBatchSize(5)
                    .withKeyField("person_id"));

    int size = members.get(household).size();
    PAssert.thatSingleton(result.output().apply(Count.globally()))
        .isEqualTo((long) (persons.size() - size));
    PAssert.that(result.failures())
        .satisfies(
            letters -> {
              List<String> letterKeys = new ArrayList<>();
              for (DeadLetter letter : letters) {
                String key = letter.getRecordKey().toString();
                letterKeys.add(key);
                String expected =
                    key.equals(bad)
                        ? "encode unseen_state wage_income"
                        : "validate error household_id";
                assertEquals(
                    expected,
                    letter.getStage() + " " + letter.getErrorClass() + " " + letter.getField());
              }
              letterKeys.sort(null);
              List<String> expected = new ArrayList<>(members.get(household));
              expected.sort(null);
              assertEquals(expected, letterKeys);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /**
   * A member whose age is null takes its household with it; every dead letter, the member's own
   * ({@code null_value}, field {@code age}) and its housemates', holds the record's key (they had
   * none, although {@code --key-field} names it).
   */
  @Test
  void aMemberWithoutAnAgeAndItsHousematesKeepTheirRecordKeys(TestPipeline pipeline) {
    List<GenericRecord> persons = persons(7);
    Map<String, List<String>> members = membersByHousehold(persons);
    String household = firstWithMembers(members, 2);
    String bad = members.get(household).get(1);
    Schema nullableAge =
        new Schema.Parser()
            .parse(
                HouseholdDemoPopulation.CONDITIONS
                    .toString()
                    .replace(
                        "\"name\":\"age\",\"type\":\"int\"",
                        "\"name\":\"age\",\"type\":[\"null\",\"int\"]"));
    List<SourcedRecord> sourced = new ArrayList<>();
    for (int i = 0; i < persons.size(); i++) {
      GenericRecord person = new GenericData.Record(nullableAge);
      for (Schema.Field field : nullableAge.getFields()) {
        person.put(field.pos(), persons.get(i).get(field.name()));
      }
      if (person.get("person_id").toString().equals(bad)) {
        person.put("age", null);
      }
      sourced.add(SourcedRecord.of("test:" + i, person, PayloadFormat.AVRO));
    }

    WithFailures.Result<PCollection<GenericRecord>, DeadLetter> result =
        pipeline
            .apply(Create.of(sourced).withCoder(SourcedRecordCoder.of(nullableAge)))
            .apply(
                ImputeHouseholds.with(
                        new FakeModelProvider(HouseholdFakeModel.FIELDS),
                        HouseholdFakeModel.CONTEXT)
                    .withKeyField("person_id"));

    PAssert.that(result.failures())
        .satisfies(
            letters -> {
              List<String> letterKeys = new ArrayList<>();
              for (DeadLetter letter : letters) {
                String key = letter.getRecordKey().toString();
                letterKeys.add(key);
                assertEquals(
                    key.equals(bad) ? "null_value age" : "error household_id",
                    letter.getErrorClass() + " " + letter.getField());
              }
              letterKeys.sort(null);
              List<String> expected = new ArrayList<>(members.get(household));
              expected.sort(null);
              assertEquals(expected, letterKeys);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /** The conditions of the household demo's first 30 persons of {@code seed}. */
  private static List<GenericRecord> persons(long seed) {
    List<GenericRecord> persons = new ArrayList<>();
    HouseholdDemoPopulation.withSeed(seed)
        .persons(30)
        .forEachRemaining(person -> persons.add(HouseholdDemoPopulation.conditionsOf(person)));
    return persons;
  }

  /** Person ids by household id, in input order. */
  private static Map<String, List<String>> membersByHousehold(List<GenericRecord> persons) {
    Map<String, List<String>> members = new LinkedHashMap<>();
    for (GenericRecord person : persons) {
      members
          .computeIfAbsent(person.get("household_id").toString(), k -> new ArrayList<>())
          .add(person.get("person_id").toString());
    }
    return members;
  }

  /** The first household with at least {@code size} members. */
  private static String firstWithMembers(Map<String, List<String>> members, int size) {
    return members.entrySet().stream()
        .filter(entry -> entry.getValue().size() >= size)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  /** The household fake model, whose encoder refuses one person. */
  private static final class RefusingOnePerson implements ModelProvider {
    private static final long serialVersionUID = 1L;
    private final String refused;
    private final FakeModelProvider fake = new FakeModelProvider(HouseholdFakeModel.FIELDS);

    RefusingOnePerson(String refused) {
      this.refused = refused;
    }

    @Override
    public ModelFields fields() {
      return HouseholdFakeModel.FIELDS;
    }

    @Override
    public ImputationModel open() {
      ImputationModel model = fake.open();
      return new ImputationModel() {
        @Override
        public float[] encode(SourcedRecord record) {
          if (record.record().get("person_id").toString().equals(refused)) {
            throw new EncodingException(
                record.source(),
                "wage_income",
                EncodingException.Kind.UNSEEN_STATE,
                "observed value -500.0 has gate state 'negative', never seen in training");
          }
          return model.encode(record);
        }

        @Override
        public ImputedBatch impute(float[][] contexts, List<String> recordKeys) {
          return model.impute(contexts, recordKeys);
        }

        @Override
        public void close() {
          model.close();
        }
      };
    }
  }
}
