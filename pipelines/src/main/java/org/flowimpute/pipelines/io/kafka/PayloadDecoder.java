package org.flowimpute.pipelines.io.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.flowimpute.pipelines.values.PayloadFormat;

/**
 * Decodes Kafka message values written with one Avro writer schema into records of a reader schema
 * (the same schema, or a projection of it). Avro binary is not self-describing, so a value only
 * counts as well-formed if decoding consumes exactly all of its bytes; Avro JSON values must be
 * exactly one JSON object with only the schema's fields, each key once, in the schema's JSON
 * encoding (unions written as {@code {"type": value}}; see {@link AvroJsonRecords}).
 *
 * <p>Thread-safe: the datum reader is shared, each call gets its own decoder (or JSON parser).
 */
final class PayloadDecoder implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Parses one JSON value, refusing anything after it and a key twice in one object. */
  private static final ObjectMapper ONE_JSON_VALUE =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final String writerSchemaJson;
  private final String readerSchemaJson;
  private final PayloadFormat format;
  private transient volatile GenericDatumReader<GenericRecord> reader;
  private transient Schema writerSchema;
  private transient Schema readerSchema;

  private PayloadDecoder(Schema writerSchema, Schema readerSchema, PayloadFormat format) {
    if (format != PayloadFormat.AVRO && format != PayloadFormat.JSON) {
      throw new IllegalArgumentException(
          "Kafka values must be Avro binary (avro) or Avro JSON (json), got " + format.label());
    }
    if (format == PayloadFormat.JSON) {
      requireProjection(writerSchema, readerSchema);
    }
    this.writerSchemaJson = writerSchema.toString();
    this.readerSchemaJson = readerSchema.toString();
    this.format = format;
  }

  /** Decodes values of {@code schema} into records of the same schema. */
  static PayloadDecoder of(Schema schema, PayloadFormat format) {
    return new PayloadDecoder(schema, schema, format);
  }

  /**
   * Decodes values of {@code writerSchema} into records of {@code readerSchema}; for Avro JSON the
   * reader schema must be a projection (some of the writer's fields, of the same types).
   */
  static PayloadDecoder resolving(Schema writerSchema, Schema readerSchema, PayloadFormat format) {
    return new PayloadDecoder(writerSchema, readerSchema, format);
  }

  private static void requireProjection(Schema writerSchema, Schema readerSchema) {
    for (Schema.Field field : readerSchema.getFields()) {
      Schema.Field written = writerSchema.getField(field.name());
      if (written == null || !written.schema().equals(field.schema())) {
        throw new IllegalArgumentException(
            "Avro JSON values of "
                + writerSchema.getFullName()
                + " can only be read into a projection of it, but field '"
                + field.name()
                + "' of "
                + readerSchema.getFullName()
                + (written == null ? " is not in it" : " has another type"));
      }
    }
  }

  PayloadFormat format() {
    return format;
  }

  /**
   * Reads the JSON text as exactly one object of the writer schema ({@link AvroJsonRecords}),
   * projected onto the reader schema. One Jackson parse: Avro's JSON decoder stopped after the
   * first record (a second record or any text after it was dropped without a word), skipped fields
   * it did not know, kept one of two values of a key, truncated 42.7 in an int field and named no
   * field.
   */
  private GenericRecord decodeJson(byte[] payload) throws MalformedPayloadException {
    JsonNode value = parse(payload);
    GenericData.Record record;
    try {
      record = AvroJsonRecords.record(writerSchema, value);
    } catch (MalformedPayloadException e) {
      throw new MalformedPayloadException(
          notOneJson() + e.getMessage(), e.field(), e.missing(), null);
    }
    if (readerSchema == writerSchema) {
      return record;
    }
    GenericData.Record projected = new GenericData.Record(readerSchema);
    for (Schema.Field field : readerSchema.getFields()) {
      projected.put(field.pos(), record.get(field.name()));
    }
    return projected;
  }

  /**
   * One JSON value, nothing after it and no key twice in an object; a key given twice or a value
   * that does not parse is named (a dotted path).
   */
  private JsonNode parse(byte[] payload) throws MalformedPayloadException {
    try {
      return ONE_JSON_VALUE.readTree(payload);
    } catch (JsonProcessingException e) {
      String field =
          e.getProcessor() instanceof JsonParser parser && inField(parser, e)
              ? path(parser.getParsingContext())
              : null;
      throw new MalformedPayloadException(
          notOneJson()
              + e.getOriginalMessage()
              + (field == null ? "" : " (in field '" + field + "')"),
          field,
          false,
          e);
    } catch (IOException e) {
      throw new MalformedPayloadException(notOneJson() + e.getMessage(), e);
    }
  }

  /**
   * Whether a parse error is about the field the parser last named: a key given twice (Jackson's
   * strict duplicate detection has no exception type of its own), or a value that does not parse
   * (the parser has just read its key).
   */
  private static boolean inField(JsonParser parser, JsonProcessingException e) {
    return parser.currentToken() == JsonToken.FIELD_NAME
        || e.getOriginalMessage().startsWith("Duplicate field '");
  }

  /** The field a JSON parser is in: names joined by dots, {@code [i]} for array items; or null. */
  private static String path(JsonStreamContext context) {
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
      if (at.inArray()) {
        path.insert(0, "[" + Math.max(at.getCurrentIndex(), 0) + "]");
      } else if (at.getCurrentName() != null) {
        path.insert(0, (path.isEmpty() || path.charAt(0) == '[' ? "" : ".") + at.getCurrentName());
      }
    }
    return path.isEmpty() ? null : path.toString();
  }

  private String notOneJson() {
    return "not one Avro JSON " + writerSchema.getFullName() + ": ";
  }

  /**
   * @throws MalformedPayloadException if the bytes are not exactly one value of the writer schema
   */
  GenericRecord decode(byte[] payload) throws MalformedPayloadException {
    if (payload == null || payload.length == 0) {
      throw new MalformedPayloadException("empty message value (tombstone)", null);
    }
    GenericDatumReader<GenericRecord> datumReader = reader();
    try {
      if (format == PayloadFormat.JSON) {
        return decodeJson(payload);
      }
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(payload, null);
      GenericRecord record = datumReader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new MalformedPayloadException(
            "not one Avro binary "
                + writerSchema.getFullName()
                + ": bytes left over after the record ("
                + payload.length
                + " bytes in all)",
            null);
      }
      return record;
    } catch (IOException | RuntimeException e) {
      throw new MalformedPayloadException(
          "not a valid Avro "
              + (format == PayloadFormat.JSON ? "JSON" : "binary")
              + " "
              + writerSchema.getFullName()
              + " ("
              + payload.length
              + " bytes): "
              + why(e),
          e);
    }
  }

  /**
   * Why Avro could not decode a value, in words: Avro's {@link EOFException} has no message (the
   * dead letter said only "java.io.EOFException").
   */
  private static String why(Exception e) {
    if (e instanceof EOFException) {
      return "the bytes end before the record does";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private GenericDatumReader<GenericRecord> reader() {
    GenericDatumReader<GenericRecord> current = reader;
    if (current == null) {
      synchronized (this) {
        if (reader == null) {
          writerSchema = new Schema.Parser().parse(writerSchemaJson);
          readerSchema =
              readerSchemaJson.equals(writerSchemaJson)
                  ? writerSchema
                  : new Schema.Parser().parse(readerSchemaJson);
          reader = new GenericDatumReader<>(writerSchema, readerSchema);
        }
        current = reader;
      }
    }
    return current;
  }
}
