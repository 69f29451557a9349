package org.flowimpute.pipelines.transforms;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.pipelines.values.ConditionField;
import org.flowimpute.pipelines.values.ModelFields;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Checks each record against the model's condition fields before it reaches the model, and derives
 * its record key. A record passes with its key on {@link #VALID}; otherwise one dead letter on
 * {@link #FAILED} names the first offending field (manifest order) and the reason: missing field,
 * null, wrong type, NaN/infinite number, or a category the model did not see when the manifest's
 * policy rejects unseen categories.
 *
 * <p>The weight field, when one is configured and the record's schema holds it, must be a finite
 * number. Values are read exactly as the model's encoder reads them (core's {@link FieldValues}):
 * numbers may also be numeric text, categories are compared by their text.
 */
public final class ValidateRecordsFn extends DoFn<SourcedRecord, KV<String, SourcedRecord>> {

  /** Records that passed, keyed by their record key. */
  public static final TupleTag<KV<String, SourcedRecord>> VALID = new TupleTag<>() {};

  /** Records that did not pass. */
  public static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final ModelFields model;
  private final String keyField;
  private final Counter valid = Metrics.counter(DeadLetters.METRICS_NAMESPACE, "records_valid");
  private transient RecordKeys keys;
  private transient Schema schema;
  private transient int[] conditionPositions;

  /**
   * @param model the fields to check
   * @param keyField the field holding the record key, or {@code null} to key by content hash
   */
  public ValidateRecordsFn(ModelFields model, String keyField) {
    this.model = model;
    this.keyField = keyField;
  }

  /** Prepares this instance's content hasher. */
  @Setup
  public void setup() {
    keys = RecordKeys.create();
  }

  /** Checks one record. */
  @ProcessElement
  public void processElement(@Element SourcedRecord element, MultiOutputReceiver out) {
    GenericRecord record = element.record();
    if (record.getSchema() != schema) {
      learn(record.getSchema());
    }
    String key = null;
    if (keyField != null) {
      if (schema.getField(keyField) == null) {
        out.get(FAILED).output(missingField(element, keyField, "the record key"));
        return;
      }
      Object value = record.get(keyField);
      if (value == null) {
        out.get(FAILED).output(nullValue(element, keyField, null, "a record key"));
        return;
      }
      key = value.toString();
    }
    List<ConditionField> conditions = model.conditions();
    for (int c = 0; c < conditions.size(); c++) {
      DeadLetter rejection = check(element, conditions.get(c), conditionPositions[c], key);
      if (rejection != null) {
        out.get(FAILED).output(rejection);
        return;
      }
    }
    String weight = model.weightField();
    if (weight != null && schema.getField(weight) != null) {
      Object value = record.get(weight);
      DeadLetter rejection =
          value == null
              ? nullValue(element, weight, key, "a weight")
              : checkNumber(element, weight, key, value);
      if (rejection != null) {
        out.get(FAILED).output(rejection);
        return;
      }
    }
    valid.inc();
    out.get(VALID).output(KV.of(key != null ? key : keys.hash(record), element));
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
    schema = recordSchema;
  }

  private static DeadLetter check(
      SourcedRecord element, ConditionField condition, int position, String key) {
    String name = condition.name();
    if (position < 0) {
      return missingField(element, name, expectation(condition));
    }
    Object value = element.record().get(position);
    if (value == null) {
      return nullValue(element, name, key, expectation(condition));
    }
    if (condition.numeric()) {
      return checkNumber(element, name, key, value);
    }
    return checkCategory(element, condition, key, value);
  }

  private static DeadLetter checkNumber(
      SourcedRecord element, String name, String key, Object value) {
    try {
      FieldValues.number(value, element.source(), name);
      return null;
    } catch (EncodingException e) {
      boolean notFinite = value instanceof Number number && !Double.isFinite(number.doubleValue());
      return DeadLetters.reject(
          element,
          Stage.VALIDATE,
          notFinite ? Reason.NOT_FINITE : Reason.WRONG_TYPE,
          name,
          key,
          "field '" + name + "' " + e.problem());
    }
  }

  private static DeadLetter checkCategory(
      SourcedRecord element, ConditionField condition, String key, Object value) {
    String name = condition.name();
    String category;
    try {
      category = FieldValues.category(value, element.source(), name);
    } catch (EncodingException e) {
      return DeadLetters.reject(
          element,
          Stage.VALIDATE,
          Reason.WRONG_TYPE,
          name,
          key,
          "field '" + name + "' " + e.problem());
    }
    if (!condition.acceptsUnknown() && !condition.categories().contains(category)) {
      return DeadLetters.reject(
          element,
          Stage.VALIDATE,
          Reason.UNKNOWN_CATEGORY,
          name,
          key,
          "field '"
              + name
              + "': expected one of "
              + condition.categories()
              + ", got '"
              + category
              + "'");
    }
    return null;
  }

  private static DeadLetter missingField(SourcedRecord element, String name, String expected) {
    return DeadLetters.reject(
        element,
        Stage.VALIDATE,
        Reason.MISSING_FIELD,
        name,
        null,
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
    return condition.numeric() ? "a number" : "one of " + condition.categories();
  }
}
