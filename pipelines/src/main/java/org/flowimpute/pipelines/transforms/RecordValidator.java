package org.flowimpute.pipelines.transforms;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.encode.MissingMarkers;
import org.flowimpute.encode.UnknownCategory;
import org.flowimpute.pipelines.values.ConditionField;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.table.LevelSpelling;

/**
 * Checks each record against the model's condition fields before it reaches the model, and derives
 * its record key. A record that passes gets its key; otherwise one dead letter names the first
 * offending field (manifest order) and the reason: missing field, null, wrong type, NaN/infinite
 * number, or a category the model did not see when the manifest's policy rejects unseen categories.
 *
 * <p>The weight field, when one is configured and the record's schema holds it, must be a finite
 * number. Values are read exactly as the model's encoder reads them (core's {@link FieldValues}):
 * numbers may also be numeric text, categories are compared by their text. A key field's value
 * becomes the key as {@code generate --key-column} reads it (its category text: the key field may
 * hold text, a number or a boolean; {@code 3}, {@code 3L} and {@code 3.0} are the key "3").
 *
 * <p>Plain Java, run inside the imputation DoFns ({@link ImputeBatchesFn}, {@link
 * ImputeWithLatestModelFn}) rather than as a step of its own: a separate step cost every record one
 * more pass through the runner's per-element machinery. One instance per DoFn instance (not
 * thread-safe): it remembers field positions per schema, holds each condition's categories as a
 * set, and reuses its record hasher.
 */
final class RecordValidator {

  /**
   * The record as core's value readers name it: only the problem of their exceptions goes into a
   * dead letter, which names the record by its source, so that text is not built for every record.
   */
  private static final String UNNAMED = "record";

  private final ModelFields model;
  private final String keyField;
  private final RecordKeys keys = RecordKeys.create();
  private final List<Predicate<String>> isKnownCategory;
  private Schema schema;
  private int[] conditionPositions;
  private int keyPosition;
  private int weightPosition;

  /**
   * @param model the fields to check
   * @param keyField the field holding the record key, or {@code null} to key by position and
   *     content ({@link RecordKeys})
   */
  RecordValidator(ModelFields model, String keyField) {
    this.model = model;
    this.keyField = keyField;
    // One predicate per condition, not a method reference built for every categorical value.
    this.isKnownCategory =
        model.conditions().stream()
            .map(condition -> Set.copyOf(condition.categories()))
            .map(set -> (Predicate<String>) set::contains)
            .toList();
  }

  /**
   * Checks one record: returns its record key if it passes; otherwise gives its dead letter to
   * {@code rejected} and returns {@code null}.
   */
  String validate(SourcedRecord element, Consumer<DeadLetter> rejected) {
    return validate(element, true, rejected);
  }

  /**
   * As {@link #validate}, leaving out the conditions: for a record whose conditions the model has
   * encoded, when its encoder refuses every condition value this would ({@link
   * ImputationModel#checksConditions}).
   */
  String validateKeyAndWeight(SourcedRecord element, Consumer<DeadLetter> rejected) {
    return validate(element, false, rejected);
  }

  private String validate(
      SourcedRecord element, boolean checkConditions, Consumer<DeadLetter> rejected) {
    GenericRecord record = element.record();
    if (record.getSchema() != schema) {
      learn(record.getSchema());
    }
    String key = null;
    if (keyField != null) {
      if (keyPosition < 0) {
        rejected.accept(missingField(element, keyField, null, "the record key"));
        return null;
      }
      Object value = record.get(keyPosition);
      if (value == null) {
        rejected.accept(nullValue(element, keyField, null, "a record key"));
        return null;
      }
      try {
        key = FieldValues.recordKey(value, UNNAMED, keyField);
      } catch (EncodingException e) {
        rejected.accept(
            DeadLetters.reject(
                element,
                Stage.VALIDATE,
                Reason.WRONG_TYPE,
                keyField,
                null,
                "field '" + keyField + "' " + e.problem()));
        return null;
      }
    }
    List<ConditionField> conditions = model.conditions();
    for (int c = 0; checkConditions && c < conditions.size(); c++) {
      DeadLetter rejection =
          check(element, conditions.get(c), isKnownCategory.get(c), conditionPositions[c], key);
      if (rejection != null) {
        rejected.accept(rejection);
        return null;
      }
    }
    if (weightPosition >= 0) {
      String weight = model.weightField();
      Object value = record.get(weightPosition);
      DeadLetter rejection =
          value == null
              ? nullValue(element, weight, key, "a weight")
              : checkNumber(element, weight, key, value);
      if (rejection != null) {
        rejected.accept(rejection);
        return null;
      }
    }
    return key != null ? key : keys.hash(record, element.position());
  }

  /** Where each condition is in records of {@code recordSchema} (-1: missing). */
  private void learn(Schema recordSchema) {
    List<ConditionField> conditions = model.conditions();
    int[] positions = new int[conditions.size()];
    for (int c = 0; c < positions.length; c++) {
      Schema.Field field = recordSchema.getField(conditions.get(c).name());
      positions[c] = field == null ? -1 : field.pos();
    }
    conditionPositions = positions;
    keyPosition = position(recordSchema, keyField);
    weightPosition = position(recordSchema, model.weightField());
    schema = recordSchema;
  }

  /** Position of {@code field} in records of {@code recordSchema}; -1 if absent or none. */
  private static int position(Schema recordSchema, String field) {
    Schema.Field found = field == null ? null : recordSchema.getField(field);
    return found == null ? -1 : found.pos();
  }

  private static DeadLetter check(
      SourcedRecord element,
      ConditionField condition,
      Predicate<String> isKnown,
      int position,
      String key) {
    String name = condition.name();
    if (position < 0) {
      return missingField(element, name, key, expectation(condition));
    }
    Object value = element.record().get(position);
    if (value == null) {
      return nullValue(element, name, key, expectation(condition));
    }
    if (condition.numeric()) {
      return checkNumber(element, name, key, value);
    }
    return checkCategory(element, condition, isKnown, key, value);
  }

  private static DeadLetter checkNumber(
      SourcedRecord element, String name, String key, Object value) {
    try {
      FieldValues.number(value, UNNAMED, name);
      return null;
    } catch (EncodingException e) {
      return DeadLetters.reject(
          element,
          Stage.VALIDATE,
          FieldValues.isNotFinite(value) ? Reason.NOT_FINITE : Reason.WRONG_TYPE,
          name,
          key,
          "field '" + name + "' " + e.problem());
    }
  }

  private static DeadLetter checkCategory(
      SourcedRecord element,
      ConditionField condition,
      Predicate<String> isKnown,
      String key,
      Object value) {
    String name = condition.name();
    String category;
    try {
      category = FieldValues.category(value, UNNAMED, name);
    } catch (EncodingException e) {
      return DeadLetters.reject(
          element,
          Stage.VALIDATE,
          Reason.WRONG_TYPE,
          name,
          key,
          "field '" + name + "' " + e.problem());
    }
    if (MissingMarkers.isMarker(category) && !isKnown.test(category)) {
      return DeadLetters.reject(
          element,
          Stage.VALIDATE,
          Reason.NULL_VALUE,
          name,
          key,
          "field '" + name + "' " + MissingMarkers.refused(UNNAMED, name, category).problem());
    }
    if (!condition.acceptsUnknown()
        && !isKnown.test(FieldValues.knownCategory(category, isKnown))) {
      return DeadLetters.reject(
          element,
          Stage.VALIDATE,
          Reason.UNKNOWN_CATEGORY,
          name,
          key,
          "field '" + name + "': " + UnknownCategory.ofCondition(category, condition.categories()));
    }
    return null;
  }

  private static DeadLetter missingField(
      SourcedRecord element, String name, String key, String expected) {
    return DeadLetters.reject(
        element,
        Stage.VALIDATE,
        Reason.MISSING_FIELD,
        name,
        key,
        "field '" + name + "' is missing; expected " + expected);
  }

  private static DeadLetter nullValue(
      SourcedRecord element, String name, String key, String expected) {
    return DeadLetters.reject(
        element,
        Stage.VALIDATE,
        Reason.NULL_VALUE,
        name,
        key,
        "field '" + name + "' is null or empty; expected " + expected);
  }

  private static String expectation(ConditionField condition) {
    return condition.numeric()
        ? "a number"
        : "one of " + LevelSpelling.quoted(condition.categories());
  }
}
