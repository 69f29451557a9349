package org.flowimpute.pipelines.io.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.flowimpute.pipelines.values.PayloadFormat;

/**
 * Decodes Kafka message values written with one Avro writer schema into records of a reader schema
 * (the same schema, or a projection of it). Avro binary is not self-describing, so a value only
 * counts as well-formed if decoding consumes exactly all of its bytes; Avro JSON values must be
 * exactly one JSON object with only the schema's fields, in the schema's JSON encoding (unions
 * written as {@code {"type": value}}).
 *
 * <p>Thread-safe: the datum reader is shared, each call gets its own decoder.
 */
final class PayloadDecoder implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Parses one JSON value and refuses anything after it. */
  private static final ObjectMapper ONE_JSON_VALUE =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String writerSchemaJson;
  private final String readerSchemaJson;
  private final PayloadFormat format;
  private transient volatile GenericDatumReader<GenericRecord> reader;
  private transient Schema writerSchema;

  private PayloadDecoder(Schema writerSchema, Schema readerSchema, PayloadFormat format) {
    if (format != PayloadFormat.AVRO && format != PayloadFormat.JSON) {
      throw new IllegalArgumentException(
          "Kafka values must be Avro binary (avro) or Avro JSON (json), got " + format.label());
    }
    this.writerSchemaJson = writerSchema.toString();
    this.readerSchemaJson = readerSchema.toString();
    this.format = format;
  }

  /** Decodes values of {@code schema} into records of the same schema. */
  static PayloadDecoder of(Schema schema, PayloadFormat format) {
    return new PayloadDecoder(schema, schema, format);
  }

  /** Decodes values of {@code writerSchema} into records of {@code readerSchema}. */
  static PayloadDecoder resolving(Schema writerSchema, Schema readerSchema, PayloadFormat format) {
    return new PayloadDecoder(writerSchema, readerSchema, format);
  }

  PayloadFormat format() {
    return format;
  }

  /**
   * Requires the JSON text to be exactly one object whose fields are the writer schema's: Avro's
   * JSON decoder stops after the first record (a second record or any text after it was dropped
   * without a word) and skips fields it does not know.
   */
  private void requireOneJsonRecord(byte[] payload) throws MalformedPayloadException {
    JsonNode value;
    try {
      value = ONE_JSON_VALUE.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new MalformedPayloadException(
          "not one Avro JSON " + writerSchema.getFullName() + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedPayloadException(
          "not one Avro JSON " + writerSchema.getFullName() + ": " + e.getMessage(), e);
    }
    if (value == null || !value.isObject()) {
      throw new MalformedPayloadException(
          "not one Avro JSON "
              + writerSchema.getFullName()
              + ": expected a JSON object, got "
              + (value == null ? "nothing" : value.getNodeType().name().toLowerCase(Locale.ROOT)),
          null);
    }
    Iterator<String> names = value.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (writerSchema.getField(name) == null) {
        throw new MalformedPayloadException(
            "not one Avro JSON "
                + writerSchema.getFullName()
                + ": unknown field '"
                + name
                + "' (the record schema has "
                + writerSchema.getFields().stream().map(Schema.Field::name).toList()
                + ")",
            null);
      }
    }
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
        requireOneJsonRecord(payload);
        return datumReader.read(
            null,
            DecoderFactory.get()
                .jsonDecoder(writerSchema, new String(payload, StandardCharsets.UTF_8)));
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
          reader =
              new GenericDatumReader<>(writerSchema, new Schema.Parser().parse(readerSchemaJson));
        }
        current = reader;
      }
    }
    return current;
  }
}
