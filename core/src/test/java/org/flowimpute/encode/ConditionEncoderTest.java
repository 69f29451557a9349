package org.flowimpute.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.NumericCondition;
import org.flowimpute.bundle.UnknownCategoryPolicy;
import org.junit.jupiter.api.Test;

class ConditionEncoderTest {
  private static final ConditionEncoder ENCODER =
      ConditionEncoder.of(
          List.of(
              new NumericCondition("age", 40, 10),
              new CategoricalCondition(
                  "region", List.of("north", "south"), UnknownCategoryPolicy.OTHER),
              new CategoricalCondition("sex", List.of("1", "2"), UnknownCategoryPolicy.ERROR)));

  private static final Schema SCHEMA =
      SchemaBuilder.record("Person")
          .fields()
          .requiredInt("age")
          .requiredString("region")
          .requiredLong("sex")
          .endRecord();

  @Test
  void standardizesNumericsAndOneHotEncodesCategoricals() {
    float[] encoded = new float[ENCODER.width()];

    ENCODER.encode(Map.of("age", "55", "region", "south", "sex", 2), "row 0", encoded, 0);

    assertEquals(6, ENCODER.width());
    assertArrayEquals(new float[] {1.5f, 0, 1, 0, 0, 1}, encoded);
  }

  /**
   * {@code NA} in a categorical condition is a missing value, refused as a null is, also where
   * unknown categories go to "other" (it was encoded as an unknown category); a model whose
   * training data had the category {@code NA} (trained before such markers were refused) keeps
   * reading it as that category.
   */
  @Test
  void refusesAMissingMarkerUnlessTheModelKnowsItAsACategory() {
    float[] encoded = new float[ENCODER.width()];

    EncodingException other =
        assertThrows(
            EncodingException.class,
            () ->
                ENCODER.encode(Map.of("age", 40, "region", "NA", "sex", "1"), "row 3", encoded, 0));
    EncodingException error =
        assertThrows(
            EncodingException.class,
            () ->
                ENCODER.encode(
                    Map.of("age", 40, "region", "north", "sex", "N/A"), "row 4", encoded, 0));
    ConditionEncoder knowsNa =
        ConditionEncoder.of(
            List.of(
                new CategoricalCondition(
                    "employment", List.of("NA", "employed"), UnknownCategoryPolicy.ERROR)));
    float[] known = new float[knowsNa.width()];
    knowsNa.encode(Map.of("employment", "NA"), "row 5", known, 0);

    assertEquals(EncodingException.Kind.NULL, other.kind());
    assertTrue(
        other
            .getMessage()
            .startsWith("row 3: field 'region': is 'NA', which marks a missing value"),
        other.getMessage());
    assertEquals(EncodingException.Kind.NULL, error.kind());
    assertEquals("sex", error.field());
    assertArrayEquals(new float[] {1, 0}, known);
  }

  /** A manifest without category shares (format 1.3 and older): one-hot "other", as before. */
  @Test
  void mapsUnknownCategoriesToTheOtherLevelWithoutShares() {
    float[] encoded = new float[ENCODER.width()];

    ENCODER.encode(Map.of("age", 40, "region", "east", "sex", "1"), "row 0", encoded, 0);

    assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0}, encoded);
  }

  /**
   * With category shares (format 1.4) an unknown value is the shares, 0 in "other"; known values
   * stay one-hot, also in a buffer the unknown value was written to before.
   */
  @Test
  void encodesUnknownCategoriesAsTheCategorySharesWhenTheManifestHasThem() {
    ConditionEncoder encoder =
        ConditionEncoder.of(
            List.of(
                new CategoricalCondition(
                    "region",
                    List.of("east", "north", "south"),
                    UnknownCategoryPolicy.OTHER,
                    List.of(0.25, 0.5, 0.25)),
                new NumericCondition("age", 40, 10)));
    float[] encoded = new float[encoder.width()];
    java.util.Arrays.fill(encoded, -7f);

    encoder.encode(Map.of("region", "west", "age", 50), "row 0", encoded, 0);
    assertArrayEquals(new float[] {0.25f, 0.5f, 0.25f, 0, 1}, encoded);

    encoder.encode(Map.of("region", "north", "age", 50), "row 1", encoded, 0);
    assertArrayEquals(new float[] {0, 1, 0, 0, 1}, encoded);
  }

  @Test
  void refusesUnknownCategoriesUnderPolicyError() {
    Map<String, Object> values = Map.of("age", 40, "region", "north", "sex", "3");

    EncodingException error =
        assertThrows(
            EncodingException.class, () -> ENCODER.encode(values, "key p-9", new float[6], 0));

    assertEquals(
        "key p-9: field 'sex': unknown category '3' (known: '1', '2'; the model was trained with --unknown-category error)",
        error.getMessage());
  }

  /**
   * A value that differs from a known category only in Unicode normalisation or in spaces around it
   * is still refused (values are matched as written), with the difference said: the message listed
   * it among the known categories, which look the same on screen.
   */
  @Test
  void saysWhatTellsAnUnknownCategoryApartFromAKnownOneThatLooksTheSame() {
    ConditionEncoder encoder =
        ConditionEncoder.of(
            List.of(
                new CategoricalCondition(
                    "region", List.of("Nord", "S\u00fcd"), UnknownCategoryPolicy.ERROR)));

    EncodingException decomposed =
        assertThrows(
            EncodingException.class,
            () -> encoder.encode(Map.of("region", "Su\u0308d"), "row 7", new float[2], 0));
    EncodingException spaced =
        assertThrows(
            EncodingException.class,
            () -> encoder.encode(Map.of("region", " Nord"), "row 2", new float[2], 0));
    EncodingException brokenLine =
        assertThrows(
            EncodingException.class,
            () -> encoder.encode(Map.of("region", "No\nrd"), "row 3", new float[2], 0));

    assertEquals(
        "row 7: field 'region': unknown category 'Su\u0308d' (known: 'Nord', 'S\u00fcd'; the model"
            + " was trained with --unknown-category error): 'Su\u0308d' differs from the model's"
            + " 'S\u00fcd' only in Unicode normalisation (NFD vs NFC): save the input as NFC",
        decomposed.getMessage());
    assertEquals(
        "row 2: field 'region': unknown category ' Nord' (known: 'Nord', 'S\u00fcd'; the model was"
            + " trained with --unknown-category error): ' Nord' differs from the model's 'Nord' only"
            + " in spaces around it",
        spaced.getMessage());
    assertEquals(
        "row 3: field 'region': unknown category 'No\\nrd' (known: 'Nord', 'S\u00fcd'; the model"
            + " was trained with --unknown-category error)",
        brokenLine.getMessage(),
        "a line break in a category is escaped so that the error stays one line");
  }

  /**
   * A value in other letter case than a known category ('nord' for 'Nord') is still refused, with
   * the difference said (until 2026-12-04 only the known categories were listed).
   */
  @Test
  void saysThatAnUnknownCategoryDiffersFromAKnownOneOnlyInLetterCase() {
    ConditionEncoder encoder =
        ConditionEncoder.of(
            List.of(
                new CategoricalCondition(
                    "region", List.of("Nord", "S\u00fcd"), UnknownCategoryPolicy.ERROR)));

    EncodingException cased =
        assertThrows(
            EncodingException.class,
            () -> encoder.encode(Map.of("region", "nord"), "row 1", new float[2], 0));

    assertEquals(
        "row 1: field 'region': unknown category 'nord' (known: 'Nord', 'S\u00fcd'; the model was"
            + " trained with --unknown-category error): 'nord' differs from the model's 'Nord' only"
            + " in letter case",
        cased.getMessage());
  }

  /**
   * Text that local tables read as a known number ({@code "+2"}, {@code "2e0"}) is that category;
   * text that is neither is refused as written.
   */
  @Test
  void findsNumericTextUnderTheNumbersCategory() {
    float[] encoded = new float[ENCODER.width()];

    ENCODER.encode(Map.of("age", 40, "region", "north", "sex", "+2"), "row 0", encoded, 0);
    assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1}, encoded);
    ENCODER.encode(Map.of("age", 40, "region", "north", "sex", "1e0"), "row 1", encoded, 0);
    assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0}, encoded);
    EncodingException error =
        assertThrows(
            EncodingException.class,
            () ->
                ENCODER.encode(
                    Map.of("age", 40, "region", "north", "sex", "+3"), "row 2", encoded, 0));
    assertEquals(
        "row 2: field 'sex': unknown category '+3' (known: '1', '2'; the model was trained with --unknown-category error)",
        error.getMessage());
  }

  /**
   * A boolean value is one-hot in the category spelling it in any case (a model trained on CSV
   * {@code TRUE}/{@code FALSE}, a Parquet {@code boolean} to impute); another spelling is an
   * unknown category: the category shares under policy OTHER, refused under ERROR.
   */
  @Test
  void encodesBooleansAsTheCategorySpellingThemAndOtherSpellingsByPolicy() {
    ConditionEncoder encoder =
        ConditionEncoder.of(
            List.of(
                new CategoricalCondition(
                    "owner",
                    List.of("FALSE", "TRUE"),
                    UnknownCategoryPolicy.OTHER,
                    List.of(0.75, 0.25)),
                new CategoricalCondition(
                    "married", List.of("false", "true"), UnknownCategoryPolicy.ERROR)));
    float[] encoded = new float[encoder.width()];

    encoder.encode(Map.of("owner", true, "married", "TRUE"), "row 0", encoded, 0);
    assertArrayEquals(new float[] {0, 1, 0, 0, 1}, encoded);
    encoder.encode(Map.of("owner", new Utf8("false"), "married", false), "row 1", encoded, 0);
    assertArrayEquals(new float[] {1, 0, 0, 1, 0}, encoded);
    encoder.encode(Map.of("owner", "yes", "married", "False"), "row 2", encoded, 0);
    assertArrayEquals(new float[] {0.75f, 0.25f, 0, 1, 0}, encoded);
    EncodingException error =
        assertThrows(
            EncodingException.class,
            () -> encoder.encode(Map.of("owner", true, "married", "T"), "row 3", encoded, 0));
    assertEquals(
        "row 3: field 'married': unknown category 'T' (known: 'false', 'true'; the model was trained with --unknown-category error)",
        error.getMessage());
  }

  @Test
  void encodesAvroRecordsIntoABatchBufferAtOffsets() {
    GenericRecord first = avro(30, "north", 1L);
    GenericRecord second = avro(60, "south", 2L);
    float[] batch = new float[3 * ENCODER.width()];
    java.util.Arrays.fill(batch, -7f);

    ENCODER.encode(first, "row 0", batch, 0);
    ENCODER.encode(second, "row 1", batch, 2 * ENCODER.width());

    assertArrayEquals(
        new float[] {-1, 1, 0, 0, 1, 0, -7, -7, -7, -7, -7, -7, 2, 0, 1, 0, 0, 1}, batch);
  }

  /** One encoder reads records of schemas with other field orders (and missing fields) in turn. */
  @Test
  void encodesRecordsOfSeveralSchemasInTurn() {
    Schema reordered =
        SchemaBuilder.record("Person")
            .fields()
            .requiredString("id")
            .requiredLong("sex")
            .requiredString("region")
            .requiredInt("age")
            .endRecord();
    GenericRecord other = new GenericData.Record(reordered);
    other.put("id", "p1");
    other.put("sex", 2L);
    other.put("region", "south");
    other.put("age", 60);
    GenericRecord withoutSex =
        new GenericData.Record(
            SchemaBuilder.record("P")
                .fields()
                .requiredInt("age")
                .requiredString("region")
                .endRecord());
    withoutSex.put("age", 30);
    withoutSex.put("region", "north");

    for (int round = 0; round < 2; round++) {
      float[] encoded = new float[ENCODER.width()];
      ENCODER.encode(avro(30, "north", 1L), "row 0", encoded, 0);
      assertArrayEquals(new float[] {-1, 1, 0, 0, 1, 0}, encoded);
      ENCODER.encode(other, "row 1", encoded, 0);
      assertArrayEquals(new float[] {2, 0, 1, 0, 0, 1}, encoded);
      EncodingException missing =
          assertThrows(
              EncodingException.class, () -> ENCODER.encode(withoutSex, "row 2", new float[6], 0));
      assertEquals(
          "row 2: field 'sex': missing (the model needs this condition)", missing.getMessage());
    }
  }

  @Test
  void reportsMissingFieldsInMapsAndAvroRecords() {
    Schema withoutSex =
        SchemaBuilder.record("P").fields().requiredInt("age").requiredString("region").endRecord();
    GenericRecord record = new GenericData.Record(withoutSex);
    record.put("age", 30);
    record.put("region", new Utf8("north"));

    EncodingException fromMap =
        assertThrows(
            EncodingException.class,
            () -> ENCODER.encode(Map.of("age", 1, "region", "north"), "row 3", new float[6], 0));
    EncodingException fromAvro =
        assertThrows(
            EncodingException.class, () -> ENCODER.encode(record, "row 4", new float[6], 0));

    assertEquals(
        "row 3: field 'sex': missing (the model needs this condition)", fromMap.getMessage());
    assertEquals(
        "row 4: field 'sex': missing (the model needs this condition)", fromAvro.getMessage());
  }

  @Test
  void reportsNullNonNumericAndNonFiniteValues() {
    Map<String, Object> nullAge = new HashMap<>(Map.of("region", "north", "sex", 1));
    nullAge.put("age", null);

    EncodingException nullError =
        assertThrows(
            EncodingException.class, () -> ENCODER.encode(nullAge, "row 1", new float[6], 0));
    EncodingException textError =
        assertThrows(
            EncodingException.class,
            () ->
                ENCODER.encode(
                    Map.of("age", "old", "region", "north", "sex", 1), "row 2", new float[6], 0));
    EncodingException nanError =
        assertThrows(
            EncodingException.class,
            () ->
                ENCODER.encode(
                    Map.of("age", Double.NaN, "region", "north", "sex", 1),
                    "row 3",
                    new float[6],
                    0));

    assertEquals("row 1: field 'age': is null, expected a number", nullError.getMessage());
    assertEquals("row 2: field 'age': expected a number, got 'old'", textError.getMessage());
    assertEquals("row 3: field 'age': must be finite, got NaN", nanError.getMessage());
  }

  /**
   * A value beyond a million standard deviations (age mean 40, sd 10) is refused: 1e300 overflowed
   * float32 to an infinite input and a NaN amount, and values around 1e10 sd swamped the mask of
   * unseen gate states.
   */
  @Test
  void refusesValuesTooFarFromTheTrainingMean() {
    float[] encoded = new float[6];
    ENCODER.encode(Map.of("age", 1e7, "region", "north", "sex", 1), "row 1", encoded, 0);
    assertEquals(999_996f, encoded[0]);

    for (double age : new double[] {1e300, 1.0000041e7, -1e8}) {
      EncodingException error =
          assertThrows(
              EncodingException.class,
              () ->
                  ENCODER.encode(
                      Map.of("age", age, "region", "north", "sex", 1), "row 2", new float[6], 0));

      assertEquals("age", error.field());
      assertTrue(
          error
              .getMessage()
              .matches(
                  "row 2: field 'age': value \\S+ is \\S+ standard deviations from the training"
                      + " mean 40.0 \\(sd 10.0\\); at most 1e\\+06 are encoded: the model"
                      + " cannot extrapolate that far"),
          error.getMessage());
    }
  }

  private static GenericRecord avro(int age, String region, long sex) {
    GenericRecord record = new GenericData.Record(SCHEMA);
    record.put("age", age);
    record.put("region", new Utf8(region));
    record.put("sex", sex);
    return record;
  }
}
