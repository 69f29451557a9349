package org.flowimpute.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.util.Utf8;
import org.flowimpute.bundle.CategoricalTarget;
import org.flowimpute.bundle.SampleManifests;
import org.junit.jupiter.api.Test;

class ObservedTargetEncoderTest {

  /** Sample targets: wage (0/+), savings (-/0/+), benefit (0/1), tenure (3 categories). */
  private static final ObservedTargetEncoder ENCODER =
      ObservedTargetEncoder.of(SampleManifests.sample().targets());

  private static final Schema SCHEMA =
      SchemaBuilder.record("R")
          .fields()
          .optionalDouble("wage")
          .optionalDouble("savings")
          .optionalString("tenure")
          .endRecord();

  @Test
  void encodesMaskStatesAndMagnitudesOfPresentTargets() {
    GenericData.Record record = new GenericData.Record(SCHEMA);
    record.put("wage", 30_000.0);
    record.put("savings", 0.0);
    record.put("tenure", "renter");
    float[] observed = new float[ENCODER.width()];
    float[] values = new float[4];

    int count = ENCODER.encode(record, "row 1", observed, 0, values, 0);

    assertEquals(3, count);
    assertEquals(4 + 11 + 2, ENCODER.width());
    float wageMagnitude = (float) ((Math.log1p(30_000) - 10.2) / 0.8);
    assertArrayEquals(
        new float[] {
          1,
          1,
          0,
          1, // mask: wage, savings, benefit (absent), tenure
          0,
          0,
          1, // wage positive
          0,
          1,
          0, // savings zero
          0,
          0, // benefit not observed
          0,
          1,
          0, // tenure renter
          wageMagnitude,
          0 // magnitudes: wage, savings (zero)
        },
        observed,
        1e-6f);
    assertArrayEquals(new float[] {30_000f, 0f, 0f, 1f}, values);
  }

  @Test
  void nullOrAbsentFieldsAreMissingAndEncodeToZeros() {
    GenericData.Record record = new GenericData.Record(SCHEMA);
    float[] observed = new float[ENCODER.width()];
    java.util.Arrays.fill(observed, 9f);

    int count = ENCODER.encode(record, "row 2", observed, 0, new float[4], 0);

    assertEquals(0, count);
    assertArrayEquals(new float[ENCODER.width()], observed);
  }

  @Test
  void refusesAnObservedSignNeverSeenInTraining() {
    GenericData.Record record = new GenericData.Record(SCHEMA);
    record.put("wage", -5.0);

    EncodingException error =
        assertThrows(
            EncodingException.class,
            () -> ENCODER.encode(record, "row 3", new float[17], 0, new float[4], 0));

    assertTrue(error.getMessage().contains("row 3"), error.getMessage());
    assertTrue(error.getMessage().contains("wage"), error.getMessage());
    assertTrue(error.getMessage().contains("never seen in training"), error.getMessage());
  }

  /**
   * An observed amount beyond float32 (1e39) is refused naming the record and field, as training
   * refuses it: it reached the model as infinity and was written back unchanged, without a word.
   */
  @Test
  void refusesAnObservedAmountBeyondFloat32() {
    GenericData.Record record = new GenericData.Record(SCHEMA);
    record.put("wage", 1e39);

    EncodingException error =
        assertThrows(
            EncodingException.class,
            () -> ENCODER.encode(record, "in.csv row 2", new float[17], 0, new float[4], 0));

    assertEquals(
        "in.csv row 2: field 'wage': observed value 1.0E39 is beyond the numbers the model computes"
            + " with (32-bit floats, magnitude at most 3.4028235E38); check the value, or rescale"
            + " the column",
        error.getMessage());
    assertEquals(EncodingException.Kind.OUT_OF_RANGE, error.kind());
    record.put("wage", 3.4e38);
    assertEquals(1, ENCODER.encode(record, "in.csv row 3", new float[17], 0, new float[4], 0));
  }

  /**
   * A categorical target holding a missing-value marker is missing, as a null is, and is imputed:
   * {@code NA} in an observed tenure was refused as an unknown category.
   */
  @Test
  void aMissingValueMarkerInACategoricalTargetIsMissingAsANullIs() {
    for (String marker : List.of("NA", " n/a", "#N/A", "NULL", "NaN")) {
      GenericData.Record record = new GenericData.Record(SCHEMA);
      record.put("wage", 30_000.0);
      record.put("tenure", new Utf8(marker));
      GenericData.Record withNull = new GenericData.Record(SCHEMA);
      withNull.put("wage", 30_000.0);
      float[] observed = new float[ENCODER.width()];
      float[] values = new float[4];
      float[] observedOfNull = new float[ENCODER.width()];
      float[] valuesOfNull = new float[4];

      int count = ENCODER.encode(record, "row 4", observed, 0, values, 0);
      ENCODER.encode(withNull, "row 4", observedOfNull, 0, valuesOfNull, 0);

      assertEquals(1, count, marker);
      assertArrayEquals(observedOfNull, observed, marker);
      assertArrayEquals(valuesOfNull, values, marker);
      assertNull(ENCODER.presentValue(record, 3, "row 4"), marker);
    }
  }

  /** Other text that is no category stays an unknown category, and a known marker is observed. */
  @Test
  void otherUnknownTextAndAMarkerThatIsACategoryAreNotMissing() {
    GenericData.Record record = new GenericData.Record(SCHEMA);
    record.put("tenure", "N.A.");
    ObservedTargetEncoder knowsNa =
        ObservedTargetEncoder.of(List.of(new CategoricalTarget("tenure", List.of("owner", "NA"))));
    GenericData.Record na = new GenericData.Record(SCHEMA);
    na.put("tenure", "NA");

    EncodingException error =
        assertThrows(
            EncodingException.class,
            () -> ENCODER.encode(record, "row 5", new float[17], 0, new float[4], 0));

    assertEquals(EncodingException.Kind.UNKNOWN_CATEGORY, error.kind());
    assertTrue(error.getMessage().startsWith("row 5: field 'tenure': "), error.getMessage());
    assertEquals(1, knowsNa.encode(na, "row 6", new float[knowsNa.width()], 0, new float[1], 0));
    assertEquals("NA", knowsNa.presentValue(na, 0, "row 6"));
  }

  /**
   * A continuous target holding a missing-value marker (R's {@code write.csv} writes {@code NA}) or
   * a NaN number (pandas, an Avro or Parquet double) is missing, as a null is, and is imputed: it
   * was refused as not a number or not finite.
   */
  @Test
  void aMarkerOrNaNInAContinuousTargetIsMissingAsANullIs() {
    Schema textWage =
        SchemaBuilder.record("R")
            .fields()
            .optionalString("wage")
            .optionalDouble("savings")
            .endRecord();
    Schema floatWage =
        SchemaBuilder.record("R")
            .fields()
            .optionalFloat("wage")
            .optionalDouble("savings")
            .endRecord();
    GenericData.Record withNull = new GenericData.Record(SCHEMA);
    withNull.put("savings", 0.0);
    float[] observedOfNull = new float[ENCODER.width()];
    float[] valuesOfNull = new float[4];
    ENCODER.encode(withNull, "row 7", observedOfNull, 0, valuesOfNull, 0);
    List<GenericData.Record> records = new java.util.ArrayList<>();
    for (String marker : List.of("NA", " na ", "N/A", "#N/A", "null", "NaN", "nan")) {
      GenericData.Record record = new GenericData.Record(textWage);
      record.put("wage", new Utf8(marker));
      records.add(record);
    }
    GenericData.Record doubleNaN = new GenericData.Record(SCHEMA);
    doubleNaN.put("wage", Double.NaN);
    records.add(doubleNaN);
    GenericData.Record floatNaN = new GenericData.Record(floatWage);
    floatNaN.put("wage", Float.NaN);
    records.add(floatNaN);

    for (GenericData.Record record : records) {
      record.put("savings", 0.0);
      float[] observed = new float[ENCODER.width()];
      float[] values = new float[4];

      int count = ENCODER.encode(record, "row 7", observed, 0, values, 0);

      String label = String.valueOf(record.get("wage"));
      assertEquals(1, count, label);
      assertArrayEquals(observedOfNull, observed, label);
      assertArrayEquals(valuesOfNull, values, label);
      assertNull(ENCODER.presentValue(record, 0, "row 7"), label);
      assertEquals(0.0, ENCODER.presentValue(record, 1, "row 7"), label);
    }
  }

  /** Infinity in a continuous target stays refused as not finite, other text as not a number. */
  @Test
  void infinityAndOtherTextInAContinuousTargetAreStillRefused() {
    Schema textWage = SchemaBuilder.record("R").fields().optionalString("wage").endRecord();
    GenericData.Record inf = new GenericData.Record(textWage);
    inf.put("wage", "inf");
    GenericData.Record infinity = new GenericData.Record(SCHEMA);
    infinity.put("wage", Double.POSITIVE_INFINITY);
    GenericData.Record abc = new GenericData.Record(textWage);
    abc.put("wage", "abc");

    EncodingException infError =
        assertThrows(
            EncodingException.class,
            () -> ENCODER.encode(inf, "row 8", new float[17], 0, new float[4], 0));
    EncodingException infinityError =
        assertThrows(
            EncodingException.class,
            () -> ENCODER.encode(infinity, "row 8", new float[17], 0, new float[4], 0));
    EncodingException abcError =
        assertThrows(
            EncodingException.class,
            () -> ENCODER.encode(abc, "row 9", new float[17], 0, new float[4], 0));
    EncodingException abcPresentError =
        assertThrows(EncodingException.class, () -> ENCODER.presentValue(abc, 0, "row 9"));

    assertEquals("row 8: field 'wage': must be finite, got 'inf'", infError.getMessage());
    assertEquals(EncodingException.Kind.NOT_FINITE, infError.kind());
    assertEquals("row 8: field 'wage': must be finite, got Infinity", infinityError.getMessage());
    assertEquals(EncodingException.Kind.NOT_FINITE, infinityError.kind());
    assertEquals("row 9: field 'wage': expected a number, got 'abc'", abcError.getMessage());
    assertEquals(EncodingException.Kind.WRONG_TYPE, abcError.kind());
    assertEquals(abcError.getMessage(), abcPresentError.getMessage());
  }
}
