package org.flowimpute.calibrate.targets;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Says in plain words that a value of a targets file has the wrong shape: "target 'n' field 'by':
 * expected a list of column names, got the text 'region'" where Jackson said "Cannot construct
 * instance of `java.util.ArrayList` ... from String value". What was expected is worked out from
 * the type the targets model has at the error's path, so every field is covered; what was found is
 * the kind of value the parser stood on (text, a number, a list, a mapping).
 */
final class ShapeMismatch {

  /** What a text is, by the field it is in (a column name in {@code by}...); else "text". */
  private static final Map<String, String> TEXT_NOUNS =
      Map.of(
          "name", "name",
          "column", "column name",
          "classColumn", "column name",
          "by", "column name",
          "category", "category",
          "class", "class label",
          "group", "level",
          "type", "loss type");

  /** What one mapping of the model is called, by the field holding it. */
  private static final Map<String, String> MAPPING_NOUNS =
      Map.of("targets", "target", "householdTargets", "target", "cells", "cell", "loss", "loss");

  /** The longest text quoted in a message. */
  private static final int MAX_QUOTED = 60;

  private final ObjectMapper mapper;

  private ShapeMismatch(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * The message for {@code e}, thrown while reading {@code text} into {@code root}, without the
   * location (the caller appends line and path).
   */
  static String describe(
      ObjectMapper mapper, String text, Class<?> root, MismatchedInputException e) {
    return new ShapeMismatch(mapper).message(text, mapper.constructType(root), e);
  }

  private String message(String text, JavaType root, MismatchedInputException e) {
    List<JsonMappingException.Reference> path = e.getPath();
    JavaType type = root;
    String target = null;
    String field = null;
    String holder = null;
    String entry = "";
    int first = 0;
    if (path.size() >= 2
        && "target".equals(noun(MAPPING_NOUNS, path.get(0).getFieldName()))
        && path.get(1).getIndex() >= 0) {
      target = TargetLabel.of(mapper, text, path.get(0).getFieldName(), path.get(1).getIndex());
      holder = path.get(0).getFieldName();
      type = contentOf(propertyType(type, holder));
      first = 2;
    }
    for (JsonMappingException.Reference step : path.subList(first, path.size())) {
      if (type == null) {
        break;
      } else if (step.getFieldName() != null && type.isMapLikeType()) {
        entry = " key '" + step.getFieldName() + "'";
        type = type.getContentType();
      } else if (step.getFieldName() != null) {
        field = step.getFieldName();
        holder = field;
        entry = "";
        type = propertyType(type, field);
      } else if (step.getIndex() >= 0) {
        entry = " entry " + (step.getIndex() + 1);
        type = type.getContentType();
      }
    }
    if (type == null && e.getTargetType() != null) {
      type = mapper.constructType(e.getTargetType());
    }
    List<String> subject = new ArrayList<>();
    if (target != null) {
      subject.add(target);
    }
    if (field != null) {
      subject.add("field '" + field + "'" + entry);
    }
    String expected = type == null ? "another kind of value" : shape(type, holder).one();
    return (subject.isEmpty() ? "" : String.join(" ", subject) + ": ")
        + "expected "
        + expected
        + ", got "
        + found(e);
  }

  private static JavaType contentOf(JavaType list) {
    return list == null ? null : list.getContentType();
  }

  /** The type of the property named {@code name} (its name in the file) of {@code owner}. */
  private JavaType propertyType(JavaType owner, String name) {
    for (BeanPropertyDefinition property : properties(owner)) {
      if (property.getName().equals(name)) {
        return property.getPrimaryType();
      }
    }
    return null;
  }

  private List<BeanPropertyDefinition> properties(JavaType owner) {
    return ModelProperties.of(mapper, owner);
  }

  /** How to say one and several values of {@code type}, held by {@code field}. */
  private Shape shape(JavaType type, String field) {
    Class<?> raw = type.getRawClass();
    if (type.isCollectionLikeType() || type.isArrayType()) {
      Shape each = shape(type.getContentType(), field);
      return new Shape("a list of " + each.many(), "lists of " + each.many());
    }
    if (type.isMapLikeType()) {
      Shape each = shape(type.getContentType(), field);
      return new Shape(
          "a mapping of column names to " + each.many(),
          "mappings of column names to " + each.many());
    }
    if (raw == String.class || raw == Character.class) {
      String noun = field == null ? "text" : TEXT_NOUNS.getOrDefault(field, "text");
      return new Shape(article(noun) + noun, plural(noun));
    }
    if (Number.class.isAssignableFrom(raw)
        || (raw.isPrimitive() && raw != boolean.class && raw != char.class)) {
      return new Shape("a number", "numbers");
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return new Shape("true or false", "values true or false");
    }
    if (raw.isEnum()) {
      String names =
          String.join(
              ", ",
              Arrays.stream(raw.getEnumConstants())
                  .map(constant -> constant.toString().toLowerCase(Locale.ROOT))
                  .toList());
      return new Shape("one of " + names, "values, each one of " + names);
    }
    List<String> fields = new ArrayList<>();
    properties(type).forEach(property -> fields.add(property.getName()));
    if (fields.isEmpty()) {
      return new Shape("another kind of value", "values of another kind");
    }
    String mapping = "a mapping with " + String.join(", ", fields);
    String either = takesText(raw) ? "a text or " + mapping : mapping;
    String noun = noun(MAPPING_NOUNS, field);
    return noun == null
        ? new Shape(either, plural(either))
        : new Shape(
            article(noun) + noun + " (" + either + ")", plural(noun) + " (each " + either + ")");
  }

  /** The noun {@code nouns} gives {@code field}, or null (also for no field). */
  private static String noun(Map<String, String> nouns, String field) {
    return field == null ? null : nouns.get(field);
  }

  /** Whether {@code type} can also be written as a plain text (a String-taking creator). */
  private static boolean takesText(Class<?> type) {
    for (Method method : type.getDeclaredMethods()) {
      if (Modifier.isStatic(method.getModifiers())
          && method.isAnnotationPresent(JsonCreator.class)
          && method.getParameterCount() == 1
          && method.getParameterTypes()[0] == String.class) {
        return true;
      }
    }
    return false;
  }

  /** What the parser stood on when {@code e} was thrown: "the text 'abc'", "a list"... */
  private static String found(MismatchedInputException e) {
    if (!(e.getProcessor() instanceof JsonParser parser) || parser.currentToken() == null) {
      return "a value of another kind";
    }
    JsonToken token = parser.currentToken();
    try {
      return switch (token) {
        case START_ARRAY -> "a list";
        case START_OBJECT, FIELD_NAME -> "a mapping";
        case VALUE_STRING -> "the text '" + shortened(parser.getText()) + "'";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + parser.getText();
        case VALUE_TRUE, VALUE_FALSE -> "the value " + parser.getText();
        case VALUE_NULL -> "nothing (null)";
        default -> "a value of another kind";
      };
    } catch (IOException unreadable) {
      return "a value of another kind";
    }
  }

  private static String shortened(String text) {
    return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
  }

  private static String article(String noun) {
    return "aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ";
  }

  private static String plural(String noun) {
    if (noun.startsWith("a mapping")) {
      return "mappings" + noun.substring("a mapping".length());
    }
    if (noun.startsWith("a text or ")) {
      return "texts or " + plural(noun.substring("a text or ".length()));
    }
    return noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
  }

  /** The singular and plural way to name values of one type. */
  private record Shape(String one, String many) {}
}
