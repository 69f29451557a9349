package org.flowimpute.pipelines.io.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.util.Utf8;

/**
 * Reads an Avro JSON value, already parsed by Jackson, as a record of a schema, checking every
 * value against its field's type as the Avro specification's JSON encoding writes it: whole numbers
 * in range for {@code int} and {@code long}; numbers, or the strings {@code "NaN"}, {@code
 * "Infinity"} and {@code "-Infinity"} that Avro's {@code JsonEncoder} writes for them, for {@code
 * float} and {@code double}; {@code true}/{@code false}; a symbol of an enum; {@code null} or
 * {@code {"branch": value}} for a union; strings of characters U+0000–U+00FF for bytes and fixed;
 * objects for records and maps, arrays for arrays. A field the value lacks gets its default, or
 * null if it is nullable.
 *
 * <p>Values come out as Avro's generic readers give them ({@link Utf8} strings, no logical-type
 * conversions). Avro's own {@code JsonDecoder} truncated {@code 42.7} to an int, named no field in
 * its errors, refused a missing field with a default and refused the {@code "NaN"} its encoder
 * writes.
 */
final class AvroJsonRecords {

  /** How much of a wrong value an error quotes. */
  private static final int QUOTED = 80;

  private AvroJsonRecords() {}

  /**
   * The record of {@code schema} that {@code value} holds.
   *
   * @throws MalformedPayloadException naming the field (a dotted path inside nested records, with
   *     {@code [i]} for array items) and what it expected, if the value is not such a record
   */
  static GenericData.Record record(Schema schema, JsonNode value) throws MalformedPayloadException {
    if (!value.isObject()) {
      throw new MalformedPayloadException(
          "expected a JSON object, got "
              + (value.isMissingNode()
                  ? "nothing"
                  : value.getNodeType().name().toLowerCase(Locale.ROOT)),
          null,
          false,
          null);
    }
    return record(schema, value, "");
  }

  private static GenericData.Record record(Schema schema, JsonNode value, String path)
      throws MalformedPayloadException {
    Iterator<String> names = value.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (schema.getField(name) == null) {
        String fields = schema.getFields().stream().map(Schema.Field::name).toList().toString();
        throw new MalformedPayloadException(
            path.isEmpty()
                ? "unknown field '" + name + "' (the record schema has " + fields + ")"
                : "field '"
                    + path
                    + "': unknown field '"
                    + name
                    + "' (record "
                    + schema.getName()
                    + " has "
                    + fields
                    + ")",
            path.isEmpty() ? name : path + "." + name,
            false,
            null);
      }
    }
    GenericData.Record record = new GenericData.Record(schema);
    for (Schema.Field field : schema.getFields()) {
      String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
      JsonNode fieldValue = value.get(field.name());
      record.put(
          field.pos(),
          fieldValue == null
              ? absent(field, fieldPath)
              : value(field.schema(), fieldValue, fieldPath));
    }
    return record;
  }

  /** The value of a field the JSON object lacks: its default, else null if it is nullable. */
  private static Object absent(Schema.Field field, String path) throws MalformedPayloadException {
    if (field.hasDefaultValue()) {
      return GenericData.get().getDefaultValue(field);
    }
    if (field.schema().isNullable()) {
      return null;
    }
    throw new MalformedPayloadException(
        "field '"
            + path
            + "' is missing, but the record schema requires a value (not nullable, no default)",
        path,
        true,
        null);
  }

  private static Object value(Schema type, JsonNode value, String path)
      throws MalformedPayloadException {
    return switch (type.getType()) {
      case NULL -> {
        if (!value.isNull()) {
          throw wrong(path, type, value);
        }
        yield null;
      }
      case BOOLEAN -> {
        if (!value.isBoolean()) {
          throw wrong(path, type, value);
        }
        yield value.booleanValue();
      }
      case INT -> {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
          throw wrong(path, type, value);
        }
        yield value.intValue();
      }
      case LONG -> {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
          throw wrong(path, type, value);
        }
        yield value.longValue();
      }
      case FLOAT -> (float) floating(type, value, path);
      case DOUBLE -> floating(type, value, path);
      case STRING -> {
        if (!value.isTextual()) {
          throw wrong(path, type, value);
        }
        yield new Utf8(value.textValue());
      }
      case ENUM -> {
        if (!value.isTextual() || !type.hasEnumSymbol(value.textValue())) {
          throw wrong(path, type, value);
        }
        yield new GenericData.EnumSymbol(type, value.textValue());
      }
      case BYTES -> ByteBuffer.wrap(bytes(type, value, path));
      case FIXED -> {
        byte[] bytes = bytes(type, value, path);
        if (bytes.length != type.getFixedSize()) {
          throw wrong(path, type, value);
        }
        yield new GenericData.Fixed(type, bytes);
      }
      case RECORD -> {
        if (!value.isObject()) {
          throw wrong(path, type, value);
        }
        yield record(type, value, path);
      }
      case ARRAY -> array(type, value, path);
      case MAP -> map(type, value, path);
      case UNION -> union(type, value, path);
    };
  }

  /** A number, or one of the strings Avro's JSON encoder writes for a double that is not finite. */
  private static double floating(Schema type, JsonNode value, String path)
      throws MalformedPayloadException {
    if (value.isNumber()) {
      return value.doubleValue();
    }
    if (value.isTextual()) {
      switch (value.textValue()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw wrong(path, type, value);
  }

  /** Avro JSON's bytes: a string whose characters are the bytes U+0000–U+00FF. */
  private static byte[] bytes(Schema type, JsonNode value, String path)
      throws MalformedPayloadException {
    if (!value.isTextual() || value.textValue().chars().anyMatch(c -> c > 0xff)) {
      throw wrong(path, type, value);
    }
    return value.textValue().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static GenericData.Array<Object> array(Schema type, JsonNode value, String path)
      throws MalformedPayloadException {
    if (!value.isArray()) {
      throw wrong(path, type, value);
    }
    GenericData.Array<Object> items = new GenericData.Array<>(value.size(), type);
    for (int i = 0; i < value.size(); i++) {
      items.add(value(type.getElementType(), value.get(i), path + "[" + i + "]"));
    }
    return items;
  }

  private static Map<Utf8, Object> map(Schema type, JsonNode value, String path)
      throws MalformedPayloadException {
    if (!value.isObject()) {
      throw wrong(path, type, value);
    }
    Map<Utf8, Object> entries = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      entries.put(
          new Utf8(entry.getKey()),
          value(type.getValueType(), entry.getValue(), path + "." + entry.getKey()));
    }
    return entries;
  }

  /** {@code null} for a null branch, else an object whose one key names the branch. */
  private static Object union(Schema type, JsonNode value, String path)
      throws MalformedPayloadException {
    if (value.isNull() && type.isNullable()) {
      return null;
    }
    if (value.isObject() && value.size() == 1) {
      Map.Entry<String, JsonNode> only = value.fields().next();
      Integer branch = type.getIndexNamed(only.getKey());
      if (branch != null && type.getTypes().get(branch).getType() != Schema.Type.NULL) {
        return value(type.getTypes().get(branch), only.getValue(), path);
      }
    }
    MalformedPayloadException wrong = wrong(path, type, value);
    if (value.isValueNode() && !value.isNull()) {
      Schema example =
          type.getTypes().stream()
              .filter(branch -> branch.getType() != Schema.Type.NULL)
              .findFirst()
              .orElse(type);
      throw new MalformedPayloadException(
          wrong.getMessage()
              + " (Avro JSON names the branch of a union's value: {\""
              + example.getFullName()
              + "\": "
              + quote(value)
              + "})",
          path,
          false,
          null);
    }
    throw wrong;
  }

  private static MalformedPayloadException wrong(String path, Schema type, JsonNode value) {
    return new MalformedPayloadException(
        "field '" + path + "': expected " + expected(type) + ", got " + describe(value),
        path,
        false,
        null);
  }

  /** What a value of {@code type} looks like in Avro JSON. */
  private static String expected(Schema type) {
    return switch (type.getType()) {
      case NULL -> "null";
      case BOOLEAN -> "true or false";
      case INT ->
          "an int (a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")";
      case LONG -> "a long (a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")";
      case FLOAT, DOUBLE ->
          "a "
              + type.getType().getName()
              + " (a number, or \"NaN\", \"Infinity\" or \"-Infinity\")";
      case STRING -> "a string";
      case ENUM -> "one of " + type.getEnumSymbols() + " (enum " + type.getName() + ")";
      case BYTES -> "bytes (a string of characters U+0000-U+00FF)";
      case FIXED ->
          type.getFixedSize()
              + " bytes (fixed "
              + type.getName()
              + ": a string of as many characters U+0000-U+00FF)";
      case RECORD -> "an object (record " + type.getName() + ")";
      case ARRAY -> "an array";
      case MAP -> "an object (map)";
      case UNION ->
          type.getTypes().stream()
              .map(
                  branch ->
                      branch.getType() == Schema.Type.NULL
                          ? "null"
                          : "{\"" + branch.getFullName() + "\": " + expected(branch) + "}")
              .collect(Collectors.joining(" or "));
    };
  }

  /** A JSON value in an error: its kind and its text, cut short if long. */
  private static String describe(JsonNode value) {
    String kind =
        switch (value.getNodeType()) {
          case STRING -> "the string ";
          case NUMBER -> "the number ";
          case OBJECT -> "an object ";
          case ARRAY -> "an array ";
          default -> "";
        };
    return kind + quote(value);
  }

  private static String quote(JsonNode value) {
    String text = value.toString();
    return text.length() <= QUOTED ? text : text.substring(0, QUOTED) + "...";
  }
}
