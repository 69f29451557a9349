package org.flowimpute.demo;

import java.util.Arrays;
import java.util.Locale;

/**
 * Lower-case file labels of the demographic enums ({@code SELF_EMPLOYED} ↔ {@code self_employed}).
 */
final class Labels {
  private Labels() {}

  static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> E parse(Class<E> type, String label) {
    for (E value : type.getEnumConstants()) {
      if (of(value).equals(label)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "expected one of "
            + Arrays.stream(type.getEnumConstants()).map(Labels::of).toList()
            + ", got '"
            + label
            + "'");
  }
}
