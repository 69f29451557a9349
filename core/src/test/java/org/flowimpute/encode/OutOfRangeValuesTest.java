package org.flowimpute.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.CategoricalTarget;
import org.flowimpute.bundle.ContinuousTarget;
import org.flowimpute.bundle.MagnitudeRange;
import org.flowimpute.bundle.MagnitudeTransform;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.SampleManifests;
import org.flowimpute.bundle.UnknownCategoryPolicy;
import org.junit.jupiter.api.Test;

class OutOfRangeValuesTest {
  private static final Schema SCHEMA =
      SchemaBuilder.record("r")
          .fields()
          .optionalString("age")
          .optionalDouble("income")
          .optionalDouble("rooms")
          .optionalString("region")
          .endRecord();

  private static GenericRecord record(String age, double income, double rooms) {
    return new GenericRecordBuilder(SCHEMA)
        .set("age", age)
        .set("income", income)
        .set("rooms", rooms)
        .set("region", "north")
        .build();
  }

  @Test
  void countsEachConditionOutsideItsRangeAndNamesTheFirstRecord() {
    OutOfRangeValues tally =
        OutOfRangeValues.of(
            List.of(
                new NumericCondition("age", 40, 15, 16, 90),
                new NumericCondition("income", 3e4, 1e4, 0, 2.5e5),
                new NumericCondition("rooms", 3, 1),
                new CategoricalCondition(
                    "region", List.of("north", "south"), UnknownCategoryPolicy.ERROR)));

    tally.note(record("40", 100, 99), "in.csv row 1");
    tally.note(record("200", -5.5, 3), "in.csv row 2");
    tally.note(record(" 999 ", 1e5, 3), "in.csv row 3");

    assertEquals(2, tally.count("age"));
    assertEquals(1, tally.count("income"));
    assertEquals(0, tally.count("rooms"));
    assertEquals(
        Optional.of(
            "warning: condition values outside the training range, imputed by extrapolation: age on"
                + " 2 rows (first in.csv row 2: 200; trained on 16..90); income on 1 row (first"
                + " in.csv row 2: -5.5; trained on 0..250000)"),
        tally.warning());
    assertTrue(tally.anyOutside(record("200", -5.5, 3), "r"));
    assertTrue(tally.anyOutside(record("40", 1e6, 3), "r"));
    assertFalse(tally.anyOutside(record("90", 0, 3), "r"));
  }

  @Test
  void saysNothingWithoutRangesAndRefusesWhatEncodingRefuses() {
    OutOfRangeValues unranged = OutOfRangeValues.of(List.of(new NumericCondition("age", 40, 15)));
    unranged.note(record("200", 0, 0), "in.csv row 1");

    assertEquals(Optional.empty(), unranged.warning());
    OutOfRangeValues ranged =
        OutOfRangeValues.of(List.of(new NumericCondition("age", 40, 15, 16, 90)));
    assertEquals(
        "in.csv row 4: field 'age': expected a number, got 'old'",
        assertThrows(
                EncodingException.class, () -> ranged.note(record("old", 0, 0), "in.csv row 4"))
            .getMessage());
  }

  private static final Schema OBSERVED =
      SchemaBuilder.record("o")
          .fields()
          .requiredDouble("age")
          .optionalString("region")
          .optionalDouble("wage")
          .optionalDouble("savings")
          .endRecord();

  /** Sample conditions (age trained on 16..90) with ranged wage, savings and a category. */
  private static Manifest observedTargets(boolean observed) {
    Manifest sample = SampleManifests.sample();
    return Manifest.builder()
        .modelId(sample.modelId())
        .createdAt(sample.createdAt())
        .trainingData(sample.trainingData())
        .conditions(sample.conditions())
        .targets(
            List.of(
                new ContinuousTarget(
                    "wage",
                    List.of("zero", "positive", "=4494.0"),
                    new MagnitudeTransform(
                        10.2, 0.8, 2.5e5, 1, Map.of("positive", new MagnitudeRange(900, 2.5e5))),
                    List.of(4494.0)),
                new ContinuousTarget(
                    "savings",
                    List.of("negative", "positive"),
                    new MagnitudeTransform(
                        8.1,
                        1.5,
                        9e4,
                        1,
                        Map.of(
                            "negative",
                            new MagnitudeRange(10, 5000),
                            "positive",
                            new MagnitudeRange(1, 9e4)))),
                new CategoricalTarget("benefit", List.of("0", "1"))))
        .training(sample.training())
        .observedTargets(observed)
        .build();
  }

  private static GenericRecord observed(double age, Double wage, Double savings) {
    return new GenericRecordBuilder(OBSERVED)
        .set("age", age)
        .set("region", "north")
        .set("wage", wage)
        .set("savings", savings)
        .build();
  }

  /**
   * With a --missing-targets model, observed amounts outside what training saw (a wage above the
   * largest, savings below the most negative) are counted in the same line as conditions, with the
   * training range from the sign ranges, zero and atoms (0.5 between the signs' ranges is inside
   * it); missing targets are not outside.
   */
  @Test
  void countsObservedTargetsOutsideTheirTrainingRangeInTheSameLine() {
    OutOfRangeValues tally = OutOfRangeValues.of(observedTargets(true));

    tally.note(observed(40, 0.0, -5000.0), "in.csv row 1");
    tally.note(observed(40, 1e7, null), "in.csv row 2");
    tally.note(observed(40, 2e6, -5001.0), "in.csv row 3");
    tally.note(observed(40, null, 0.5), "in.csv row 4");

    assertEquals(2, tally.count("wage"));
    assertEquals(1, tally.count("savings"));
    assertEquals(
        Optional.of(
            "warning: observed target values outside the training range, imputed by extrapolation:"
                + " wage on 2 rows (first in.csv row 2: 10000000; trained on 0..250000); savings"
                + " on 1 row (first in.csv row 3: -5001; trained on -5000..90000)"),
        tally.warning());
    tally.note(observed(200, null, null), "in.csv row 5");
    assertTrue(
        tally
            .warning()
            .orElseThrow()
            .startsWith(
                "warning: condition and observed target values outside the training range,"
                    + " imputed by extrapolation: wage on 2 rows"),
        tally.warning().orElseThrow());
    assertFalse(tally.anyOutside(observed(90, 4494.0, 90_000.0), "r"));

    OutOfRangeValues plain = OutOfRangeValues.of(observedTargets(false));
    plain.note(observed(40, 1e7, -1e7), "in.csv row 1");
    assertEquals(Optional.empty(), plain.warning());
  }

  /**
   * A NaN or a missing-value marker in an observed target is a missing target, not outside its
   * range: it was refused as not finite or not a number before the encoder read it as missing.
   */
  @Test
  void aNaNOrMarkerInAnObservedTargetIsMissingNotOutside() {
    OutOfRangeValues tally = OutOfRangeValues.of(observedTargets(true));
    GenericRecord markers =
        new GenericRecordBuilder(
                org.apache.avro.SchemaBuilder.record("R")
                    .fields()
                    .requiredDouble("age")
                    .requiredString("region")
                    .optionalString("wage")
                    .optionalDouble("savings")
                    .endRecord())
            .set("age", 40.0)
            .set("region", "north")
            .set("wage", "NA")
            .set("savings", Double.NaN)
            .build();

    tally.note(observed(40, Double.NaN, Double.NaN), "in.csv row 1");
    tally.note(markers, "in.csv row 2");

    assertFalse(tally.anyOutside(markers, "in.csv row 2"));
    assertEquals(0, tally.count("wage"));
    assertEquals(0, tally.count("savings"));
    assertEquals(Optional.empty(), tally.warning());
  }
}
