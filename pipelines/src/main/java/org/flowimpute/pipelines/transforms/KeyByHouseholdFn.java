package org.flowimpute.pipelines.transforms;

import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Keys each record by its household id so that a {@code GroupByKey} brings a household's records
 * together (per window when the input is windowed). The id is its category text (core's {@code
 * FieldValues}: text, a number or a boolean; {@code 7} and {@code 7.0} are one household). A record
 * without a household id, or with one of another type (e.g. Avro bytes), goes to {@link #FAILED}
 * with the field named. With a part field (streams: {@code household_part}, see {@code
 * CompleteHouseholds}) the key is the id and the part, so that members released apart are grouped
 * apart. A dead letter carries the record key of the job's key field when the record has a usable
 * one.
 */
public final class KeyByHouseholdFn extends DoFn<SourcedRecord, KV<String, SourcedRecord>> {

  /** Records keyed by household id. */
  public static final TupleTag<KV<String, SourcedRecord>> KEYED = new TupleTag<>() {};

  /** Records without a household id. */
  public static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final String idField;
  private final String partField;
  private final String keyField;

  /**
   * Keys by {@code idField} and, when not null, {@code partField}; dead letters carry the key of
   * {@code keyField} (null: the job keys by content, they carry none).
   */
  public KeyByHouseholdFn(String idField, String partField, String keyField) {
    this.idField = idField;
    this.partField = partField;
    this.keyField = keyField;
  }

  /**
   * The grouping key of a record whose household id is present: the id, or id and part when {@code
   * partField} is not null.
   */
  public static String keyOf(GenericRecord record, String idField, String partField) {
    String id = FieldValues.category(record.get(idField), "household", idField);
    return partField == null ? id : id + "#" + record.get(partField);
  }

  /** Keys one record. */
  @ProcessElement
  public void processElement(@Element SourcedRecord element, MultiOutputReceiver out) {
    if (element.record().getSchema().getField(idField) == null) {
      out.get(FAILED)
          .output(
              DeadLetters.reject(
                  element,
                  Stage.VALIDATE,
                  Reason.MISSING_FIELD,
                  idField,
                  SharedKeys.knownKey(element, keyField),
                  "field '" + idField + "' is missing; expected a household id"));
      return;
    }
    Object id = element.record().get(idField);
    String text;
    try {
      text = id == null ? "" : FieldValues.category(id, element.source(), idField);
    } catch (EncodingException e) {
      out.get(FAILED)
          .output(
              DeadLetters.reject(
                  element,
                  Stage.VALIDATE,
                  Reason.WRONG_TYPE,
                  idField,
                  SharedKeys.knownKey(element, keyField),
                  "field '" + idField + "' " + e.problem()));
      return;
    }
    if (text.isEmpty()) {
      out.get(FAILED)
          .output(
              DeadLetters.reject(
                  element,
                  Stage.VALIDATE,
                  Reason.NULL_VALUE,
                  idField,
                  SharedKeys.knownKey(element, keyField),
                  "field '" + idField + "' is null or empty; expected a household id"));
      return;
    }
    out.get(KEYED).output(KV.of(keyOf(element.record(), idField, partField), element));
  }
}
