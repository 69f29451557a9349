package org.flowimpute.pipelines.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.bundle.CategoricalCondition;
import org.flowimpute.bundle.UnknownCategoryPolicy;
import org.flowimpute.encode.ConditionEncoder;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.pipelines.values.ConditionField;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.pipelines.values.TargetField;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter reasons of {@link RecordValidator} for categories: the known categories quoted as
 * {@code generate} quotes them, so that a category holding a comma reads as one.
 */
class RecordValidatorTest {

  private static final List<String> REGIONS =
      List.of("Nord", "Pas-de-Calais", "Quote \"Q\" land", "Süd");

  private static final Schema RECORD =
      SchemaBuilder.record("Person")
          .namespace("org.flowimpute.test")
          .fields()
          .requiredString("id")
          .requiredString("region")
          .endRecord();

  private static final Schema NO_REGION =
      SchemaBuilder.record("NoRegion")
          .namespace("org.flowimpute.test")
          .fields()
          .requiredString("id")
          .endRecord();

  private final RecordValidator validator =
      new RecordValidator(
          new ModelFields(
              "m",
              List.of(ConditionField.categorical("region", REGIONS)),
              List.of(TargetField.continuous("income")),
              null),
          "id");

  @Test
  void anUnknownCategoryListsTheKnownOnesQuotedAsGenerateDoes() {
    DeadLetter letter = rejected(person("p1", "Region 99"));

    assertEquals("unknown_category", letter.getErrorClass());
    assertEquals(
        "test:p1: field 'region': unknown category 'Region 99' (known: 'Nord', 'Pas-de-Calais',"
            + " 'Quote \"Q\" land', 'Süd'; the model was trained with --unknown-category error)",
        letter.getMessage());
    assertEquals(
        "test:p1: " + encoderMessage("Region 99"), letter.getMessage(), "generate's message");
  }

  @Test
  void aCategoryThatOnlyLooksKnownSaysWhatDiffers() {
    String decomposed = Normalizer.normalize("Süd", Normalizer.Form.NFD);

    DeadLetter nfd = rejected(person("p2", decomposed));
    DeadLetter spaced = rejected(person("p3", "Nord "));

    assertEquals(
        "test:p2: field 'region': unknown category '"
            + decomposed
            + "' (known: 'Nord', 'Pas-de-Calais', 'Quote \"Q\" land', 'Süd'; the model was trained"
            + " with --unknown-category error): '"
            + decomposed
            + "' differs from the model's 'Süd' only in Unicode normalisation (NFD vs NFC): save"
            + " the input as NFC",
        nfd.getMessage());
    assertEquals("test:p2: " + encoderMessage(decomposed), nfd.getMessage(), "generate's message");
    assertEquals(
        "test:p3: field 'region': unknown category 'Nord ' (known: 'Nord', 'Pas-de-Calais', 'Quote"
            + " \"Q\" land', 'Süd'; the model was trained with --unknown-category error): 'Nord '"
            + " differs from the model's 'Nord' only in spaces around it",
        spaced.getMessage());
  }

  /** 'nord' for the model's 'Nord' is still a dead letter, saying it differs only in case. */
  @Test
  void aCategoryInOtherLetterCaseSaysSo() {
    DeadLetter cased = rejected(person("p6", "nord"));

    assertEquals("unknown_category", cased.getErrorClass());
    assertEquals(
        "test:p6: field 'region': unknown category 'nord' (known: 'Nord', 'Pas-de-Calais', 'Quote"
            + " \"Q\" land', 'Süd'; the model was trained with --unknown-category error): 'nord'"
            + " differs from the model's 'Nord' only in letter case",
        cased.getMessage());
    assertEquals("test:p6: " + encoderMessage("nord"), cased.getMessage(), "generate's message");
  }

  @Test
  void aMissingCategoricalFieldListsTheCategoriesQuoted() {
    GenericData.Record record = new GenericData.Record(NO_REGION);
    record.put("id", "p4");

    DeadLetter letter = rejected(SourcedRecord.of("test:p4", record, PayloadFormat.AVRO));

    assertEquals(
        "test:p4: field 'region' is missing; expected one of 'Nord', 'Pas-de-Calais', 'Quote \"Q\""
            + " land', 'Süd'",
        letter.getMessage());
  }

  @Test
  void aKnownCategoryPasses() {
    List<DeadLetter> letters = new ArrayList<>();

    assertEquals("p5", validator.validate(person("p5", "Pas-de-Calais"), letters::add));
    assertEquals(List.of(), letters);
  }

  private DeadLetter rejected(SourcedRecord record) {
    List<DeadLetter> letters = new ArrayList<>();
    assertNull(validator.validate(record, letters::add));
    assertEquals(1, letters.size(), "dead letters");
    return letters.get(0);
  }

  /** What core's condition encoder, which {@code generate} runs, says of {@code region}. */
  private static String encoderMessage(String region) {
    ConditionEncoder encoder =
        ConditionEncoder.of(
            List.of(new CategoricalCondition("region", REGIONS, UnknownCategoryPolicy.ERROR)));
    float[] encoded = new float[encoder.width()];
    EncodingException refused =
        assertThrows(
            EncodingException.class,
            () -> encoder.encode(Map.of("region", region), "row", encoded, 0));
    return "field '" + refused.field() + "': " + refused.problem();
  }

  private static SourcedRecord person(String id, String region) {
    GenericData.Record record = new GenericData.Record(RECORD);
    record.put("id", id);
    record.put("region", region);
    return SourcedRecord.of("test:" + id, record, PayloadFormat.AVRO);
  }
}
