package org.flowimpute.pipelines.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.pipelines.transforms.Stage;
import org.flowimpute.pipelines.values.PayloadFormat;

/**
 * The household of each Avro or Parquet record the job's schema could not hold (a null where a
 * value is required, a type it cannot take), so that a household job can dead-letter the rest of
 * that household instead of imputing it as a smaller one, as {@link UnreadableCsvHouseholdsFn} does
 * for CSV rows: for a {@code decode} dead letter whose payload is the record in Avro's JSON
 * encoding of its own file's schema, emits (household id as a category, the record's source). A
 * record without a household id that reads as text, a number or a boolean is left out (the
 * household job could not have grouped it either); so are bytes that could not be decoded at all (a
 * damaged or cut file), whose records' households are unknown.
 */
public final class UnresolvedRecordHouseholdsFn extends DoFn<DeadLetter, KV<String, String>> {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String idField;

  /** Reads the household id from field {@code idField}. */
  public UnresolvedRecordHouseholdsFn(String idField) {
    this.idField = idField;
  }

  /** Emits the household of one dead letter, if it is a record's whose household id reads. */
  @ProcessElement
  public void processElement(@Element DeadLetter letter, OutputReceiver<KV<String, String>> out)
      throws IOException {
    if (!Stage.DECODE.label().equals(letter.getStage().toString())
        || !PayloadFormat.JSON.label().equals(letter.getPayloadFormat().toString())) {
      return;
    }
    ByteBuffer payload = letter.getOriginalPayload().duplicate();
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    JsonNode id = unionValue(JSON.readTree(bytes).get(idField));
    Object value = value(id);
    if (value != null) {
      String source = letter.getSource().toString();
      out.output(KV.of(FieldValues.category(value, source, idField), source));
    }
  }

  /** A union's value, which Avro's JSON encoding wraps as {@code {"branch type": value}}. */
  private static JsonNode unionValue(JsonNode node) {
    if (node != null && node.isObject() && node.size() == 1) {
      Map.Entry<String, JsonNode> branch = node.fields().next();
      return branch.getValue();
    }
    return node;
  }

  /** The id as the household job reads it from a record; null when it would not be a household. */
  private static Object value(JsonNode id) {
    if (id == null || id.isNull()) {
      return null;
    }
    if (id.isTextual()) {
      return id.textValue().isEmpty() ? null : id.textValue();
    }
    if (id.isNumber() && Double.isFinite(id.doubleValue())) {
      return id.numberValue();
    }
    return id.isBoolean() ? id.booleanValue() : null;
  }
}
