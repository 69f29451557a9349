package org.flowimpute.calibrate.targets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the first unknown field of a targets text, wherever it is, before any target is built. The
 * model's types are records whose constructors check what they were given, and Jackson reports an
 * unknown field only once the object holding it has been built, so a misspelt required or
 * structural field was named by its consequence: {@code cellz:} as "lists no cells", {@code los:
 * band} as "band bounds need loss: band". The fields each mapping takes come from the model's
 * types, as Jackson reads them.
 */
final class UnknownFields {

  private final ObjectMapper mapper;
  private final String text;
  private final List<Object> path = new ArrayList<>();

  private UnknownFields(ObjectMapper mapper, String text) {
    this.mapper = mapper;
    this.text = text;
  }

  /**
   * Refuses the first field of {@code text} (in document order) that the model of {@code root} does
   * not have, naming it, the fields expected there, its line and its path.
   *
   * @throws IOException if the text is not YAML or JSON (Jackson's error, with its location)
   */
  static void check(ObjectMapper mapper, String text, Class<?> root) throws IOException {
    UnknownFields check = new UnknownFields(mapper, text);
    try (JsonParser parser = check.lenientParser()) {
      check.walk(mapper.readTree(parser), mapper.constructType(root), "");
    }
  }

  /**
   * A parser of the text that lets a key given twice pass: the typed read refuses it with its path,
   * which this parser's error would not give.
   */
  private JsonParser lenientParser() throws IOException {
    return mapper
        .getFactory()
        .createParser(text)
        .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /** Walks {@code node} as a value of {@code type}; {@code subject} names the enclosing target. */
  private void walk(JsonNode node, JavaType type, String subject) {
    if (node == null || type == null) {
      return;
    }
    if ((type.isCollectionLikeType() || type.isArrayType()) && node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        path.add(i);
        walk(node.get(i), type.getContentType(), subject);
        path.remove(path.size() - 1);
      }
    } else if (type.isMapLikeType() && node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        path.add(entry.getKey());
        walk(entry.getValue(), type.getContentType(), subject);
        path.remove(path.size() - 1);
      }
    } else if (type.getRawClass().isRecord() && node.isObject()) {
      walkRecord(node, type, subjectOf(node, type, subject, path));
    }
  }

  private void walkRecord(JsonNode node, JavaType type, String subject) {
    Map<String, JavaType> fields = new LinkedHashMap<>();
    for (BeanPropertyDefinition property : ModelProperties.of(mapper, type)) {
      fields.put(property.getName(), property.getPrimaryType());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      path.add(entry.getKey());
      if (!fields.containsKey(entry.getKey())) {
        throw new IllegalArgumentException(
            subject
                + "unknown field '"
                + entry.getKey()
                + "' (expected one of "
                + fields.keySet()
                + ")"
                + where());
      }
      walk(entry.getValue(), fields.get(entry.getKey()), subject);
      path.remove(path.size() - 1);
    }
  }

  /**
   * "target 'people': " ("household target 'homes': " in {@code householdTargets}) inside a target
   * with a name, else {@code outer}; {@code path} leads to {@code node}.
   */
  private static String subjectOf(JsonNode node, JavaType type, String outer, List<Object> path) {
    JsonNode name = node.path("name");
    return type.getRawClass() == TargetSpec.class && name.isTextual()
        ? TargetLabel.named((String) path.get(0), name.asText()) + ": "
        : outer;
  }

  /** " (line 5, at targets[0].cellz)": the current path and the line of its last field. */
  private String where() {
    StringBuilder at = new StringBuilder();
    StringBuilder pointer = new StringBuilder();
    for (Object step : path) {
      if (step instanceof Integer index) {
        at.append('[').append(index).append(']');
        pointer.append('/').append(index);
      } else {
        String field = (String) step;
        at.append(at.length() == 0 ? "" : ".").append(field);
        pointer.append('/').append(field.replace("~", "~0").replace("/", "~1"));
      }
    }
    int line = lineOf(JsonPointer.compile(pointer.toString()));
    return " (" + (line > 0 ? "line " + line + ", " : "") + "at " + at + ")";
  }

  /** The line of the field at {@code field} (read again as tokens, which know their line), or 0. */
  private int lineOf(JsonPointer field) {
    try (JsonParser parser = lenientParser()) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME
            && parser.getParsingContext().pathAsPointer().equals(field)) {
          return Math.max(0, parser.currentTokenLocation().getLineNr());
        }
      }
    } catch (IOException unreadable) {
      return 0;
    }
    return 0;
  }
}
