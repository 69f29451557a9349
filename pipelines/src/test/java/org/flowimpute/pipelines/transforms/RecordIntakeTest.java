package org.flowimpute.pipelines.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.UnknownCategoryPolicy;
import org.flowimpute.infer.ImputedBatch;
import org.flowimpute.pipelines.testing.ContractModels;
import org.flowimpute.pipelines.testing.TestBundles;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordIntakeTest {

  /** id (the key), age (numeric condition), region (categorical, unknown = error), weight. */
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
          .unionOf()
          .nullType()
          .and()
          .stringType()
          .and()
          .intType()
          .endUnion()
          .noDefault()
          .name("weight")
          .type()
          .nullable()
          .doubleType()
          .noDefault()
          .endRecord();

  /** Without the region condition. */
  private static final Schema NO_REGION =
      SchemaBuilder.record("NoRegion")
          .namespace("org.flowimpute.test")
          .fields()
          .requiredString("id")
          .requiredDouble("age")
          .requiredDouble("weight")
          .endRecord();

  @TempDir Path directory;

  /**
   * A bundle model encodes before validating and validates only the key and weight of what it
   * encoded, yet every record gets the key, encoding or dead letter (stage, reason, field, key,
   * message, payload) that validating first gives, also when several fields are wrong or only the
   * encoder refuses a value (an age far beyond the training range). Only the time the dead letters
   * were made at is left out.
   */
  @Test
  void encodingFirstGivesWhatValidatingFirstGives() {
    BundleModelProvider provider = provider();
    List<SourcedRecord> records = new ArrayList<>();
    records.add(loose("ok", 30.0, "north", 1.0));
    records.add(loose("numeric-text", "41", "east", 2.0));
    records.add(loose("null-age", null, "north", 1.0));
    records.add(loose("null-region", 30.0, null, 1.0));
    records.add(loose("wrong-type", "forty", "north", 1.0));
    records.add(loose("nan", Double.NaN, "north", 1.0));
    records.add(loose("infinite", Double.POSITIVE_INFINITY, "south", 1.0));
    records.add(loose("nan-text", "NaN", "south", 1.0));
    records.add(loose("unknown", 30.0, "west", 1.0));
    records.add(loose("number-category", 30.0, 3, 1.0));
    records.add(loose("null-weight", 30.0, "south", null));
    records.add(loose(null, 30.0, "south", 1.0));
    records.add(loose("far", 1e300, "north", 1.0));
    records.add(loose(null, 1e300, "north", 1.0));
    records.add(loose("far-no-weight", 1e300, "north", null));
    records.add(loose("unknown-and-nan", Double.NaN, "west", 1.0));
    records.add(loose(null, Double.NaN, "west", null));
    GenericData.Record noRegion = new GenericData.Record(NO_REGION);
    noRegion.put("id", "no-region");
    noRegion.put("age", 30.0);
    noRegion.put("weight", 1.0);
    records.add(SourcedRecord.of("test:no-region", noRegion, PayloadFormat.AVRO));

    try (ImputationModel model = provider.open()) {
      assertTrue(model.checksConditions(), "the bundle's encoder reads the fields' conditions");
      Taken encodingFirst = take(provider, model, records);
      Taken validatingFirst = take(provider, new ValidatingFirst(model), records);

      assertEquals(validatingFirst.keys, encodingFirst.keys);
      assertEquals(List.of("ok", "numeric-text"), encodingFirst.keys);
      for (int i = 0; i < encodingFirst.contexts.size(); i++) {
        assertArrayEquals(validatingFirst.contexts.get(i), encodingFirst.contexts.get(i));
      }
      assertEquals(validatingFirst.deadLetters, encodingFirst.deadLetters);
      assertEquals(records.size() - 2, encodingFirst.deadLetters.size());
    }
  }

  /**
   * A bundle replaced (other categories) between building the pipeline and opening the model does
   * not check the conditions the pipeline validates: records are validated first.
   */
  @Test
  void aModelWhoseConditionsDifferFromTheFieldsDoesNotCheckThem() {
    BundleModelProvider provider = provider();
    ContractModels.writeBundle(
        directory,
        TestBundles.peopleManifestBuilder("people-contract-2")
            .conditions(
                List.of(
                    new NumericCondition("age", 40, 15),
                    new CategoricalCondition(
                        "region", List.of("north", "west"), UnknownCategoryPolicy.ERROR)))
            .build());

    try (ImputationModel model = provider.open()) {
      assertFalse(model.checksConditions());
      List<DeadLetter> deadLetters = new ArrayList<>();
      RecordIntake intake = new RecordIntake(provider.fields(), "id", new BatchMetrics());

      assertNull(intake.accept(loose("west", 30.0, "west", 1.0), model, deadLetters::add));
      assertEquals("validate", deadLetters.get(0).getStage());
      assertEquals("region", deadLetters.get(0).getField());
    }
  }

  private BundleModelProvider provider() {
    TestBundles.writePeopleBundle(directory);
    return BundleModelProvider.load(directory.toString(), "cpu", 1, 16, 0, "weight");
  }

  private static Taken take(
      BundleModelProvider provider, ImputationModel model, List<SourcedRecord> records) {
    RecordIntake intake = new RecordIntake(provider.fields(), "id", new BatchMetrics());
    Taken taken = new Taken();
    for (SourcedRecord record : records) {
      RecordIntake.Accepted accepted =
          intake.accept(record, model, letter -> taken.deadLetters.add(untimed(letter)));
      if (accepted != null) {
        taken.keys.add(accepted.key());
        taken.contexts.add(accepted.context());
      }
    }
    return taken;
  }

  /** {@code letter} without the time it was made at. */
  private static DeadLetter untimed(DeadLetter letter) {
    return DeadLetter.newBuilder(letter).setTimestamp(Instant.EPOCH).build();
  }

  private static SourcedRecord loose(String id, Object age, Object region, Double weight) {
    GenericData.Record record = new GenericData.Record(LOOSE);
    record.put("id", id);
    record.put("age", age);
    record.put("region", region);
    record.put("weight", weight);
    return SourcedRecord.of("test:" + id, record, PayloadFormat.AVRO);
  }

  /** What the intake gave for a list of records. */
  private static final class Taken {
    final List<String> keys = new ArrayList<>();
    final List<float[]> contexts = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();
  }

  /** {@code model} with the intake validating first. */
  private record ValidatingFirst(ImputationModel model) implements ImputationModel {

    @Override
    public float[] encode(SourcedRecord record) {
      return model.encode(record);
    }

    @Override
    public ImputedBatch impute(float[][] contexts, List<String> recordKeys) {
      return model.impute(contexts, recordKeys);
    }

    @Override
    public void close() {}
  }
}
