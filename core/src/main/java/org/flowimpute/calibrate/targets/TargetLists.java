package org.flowimpute.calibrate.targets;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable copies of the lists and maps of a targets file that name an empty entry (a YAML {@code
 * -} with nothing after it, {@code null}, {@code ~}) instead of failing with a bare
 * NullPointerException, as {@link List#copyOf} and {@link Map#copyOf} would.
 */
final class TargetLists {

  private TargetLists() {}

  /**
   * A copy of {@code list}, or null when it is null.
   *
   * @param where what the list is, e.g. "target 'age': edges"
   * @param expected what an entry should be, e.g. "a number"
   */
  static <T> List<T> copy(List<T> list, String where, String expected) {
    if (list == null) {
      return null;
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw new IllegalArgumentException(
            where + ": entry " + (i + 1) + " is empty, expected " + expected);
      }
    }
    return List.copyOf(list);
  }

  /** A copy of a cell's group in the file's order, or an empty map when it is null. */
  static Map<String, String> copyGroup(Map<String, String> group) {
    if (group == null) {
      return Map.of();
    }
    for (Map.Entry<String, String> level : group.entrySet()) {
      if (level.getKey() == null || level.getValue() == null) {
        throw new IllegalArgumentException(
            "cell group " + group + ": no level given for '" + level.getKey() + "'");
      }
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(group));
  }
}
