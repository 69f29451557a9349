package org.flowimpute.encode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Per column, how many records had a value worth a warning, and the first of them with its value:
 * what the warnings of {@code generate} ({@link OutOfRangeValues}, {@link UnseenCategories}) say,
 * one line for a whole input however many rows it has.
 *
 * @param <V> the kind of value remembered
 */
final class FirstOccurrences<V> {
  private final Map<String, First<V>> columns = new LinkedHashMap<>();

  /** Counts one more record with column {@code column} of note; remembers it if it is the first. */
  void note(String column, String recordRef, V value) {
    columns.computeIfAbsent(column, c -> new First<>(recordRef, value)).count++;
  }

  /** Whether no record was noted. */
  boolean isEmpty() {
    return columns.isEmpty();
  }

  /** The number of records noted for {@code column}. */
  long count(String column) {
    First<V> first = columns.get(column);
    return first == null ? 0 : first.count;
  }

  /** The columns noted, in the order their first record came. */
  List<String> columns() {
    return List.copyOf(columns.keySet());
  }

  /**
   * "age on 3 rows (first in.csv row 2: 200; trained on 16..90); …": per column, the count and the
   * first record with its value as {@code describe} writes it for the column.
   */
  String describe(BiFunction<String, V, String> describe) {
    StringBuilder text = new StringBuilder();
    columns.forEach(
        (column, first) ->
            text.append(text.length() == 0 ? "" : "; ")
                .append(column)
                .append(" on ")
                .append(first.count)
                .append(first.count == 1 ? " row" : " rows")
                .append(" (first ")
                .append(first.recordRef)
                .append(": ")
                .append(describe.apply(column, first.value))
                .append(')'));
    return text.toString();
  }

  /** The first record noted for a column, and the count. */
  private static final class First<V> {
    private final String recordRef;
    private final V value;
    private long count;

    First(String recordRef, V value) {
      this.recordRef = recordRef;
      this.value = value;
    }
  }
}
