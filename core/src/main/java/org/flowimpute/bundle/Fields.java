package org.flowimpute.bundle;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Argument checks shared by the manifest records; messages use the JSON (snake_case) names. */
final class Fields {
  private Fields() {}

  static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return value;
  }

  static String requiredText(String value, String field) {
    if (required(value, field).isBlank()) {
      throw new IllegalArgumentException("field '" + field + "' must not be blank");
    }
    return value;
  }

  static <T> List<T> requiredList(List<T> values, String field) {
    required(values, field);
    for (T value : values) {
      if (value == null) {
        throw new IllegalArgumentException("field '" + field + "' contains null");
      }
    }
    return List.copyOf(values);
  }

  static double finite(double value, String field) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("field '" + field + "' must be finite, got " + value);
    }
    return value;
  }

  static double positive(double value, String field) {
    if (!(finite(value, field) > 0)) {
      throw new IllegalArgumentException("field '" + field + "' must be > 0, got " + value);
    }
    return value;
  }

  static void unique(Collection<String> values, String what) {
    Set<String> seen = new HashSet<>();
    for (String value : values) {
      if (!seen.add(value)) {
        throw new IllegalArgumentException("duplicate " + what + " '" + value + "'");
      }
    }
  }
}
