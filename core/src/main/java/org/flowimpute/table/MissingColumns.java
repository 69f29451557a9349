package org.flowimpute.table;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;

/**
 * Refuses, before any row is read, a column a table lacks, with a message that lists the table's
 * columns and names a column differing only in case ({@code Age} for {@code age}): column names are
 * case-sensitive, and a bare "field 'age': missing" on the first row left the user to find that
 * out.
 */
public final class MissingColumns {

  private MissingColumns() {}

  /**
   * Throws for the first of {@code names} that {@code schema} (the table {@code source}) lacks.
   *
   * @param what how the message calls such a column, e.g. {@code "column"} or {@code "key column"}
   * @throws IllegalArgumentException {@code <what> 'age' not found in people.csv (columns: Age,
   *     region; 'Age' differs only in case)}
   */
  public static void require(Schema schema, Object source, String what, Collection<String> names) {
    for (String name : names) {
      if (schema.getField(name) == null) {
        throw new IllegalArgumentException(message(schema, source, what, name));
      }
    }
  }

  /**
   * {@link #require(Schema, Object, String, Collection)} for one column, with {@code advice} (why
   * the column is needed and what to do) after the list of the table's columns.
   *
   * @throws IllegalArgumentException {@code <what> 'hid' not found in people.csv (columns: hh,
   *     age); <advice>}
   */
  public static void require(
      Schema schema, Object source, String what, String name, String advice) {
    if (schema.getField(name) == null) {
      throw new IllegalArgumentException(message(schema, source, what, name) + "; " + advice);
    }
  }

  private static String message(Schema schema, Object source, String what, String name) {
    List<String> present = schema.getFields().stream().map(Schema.Field::name).toList();
    String lower = name.toLowerCase(Locale.ROOT);
    String caseOnly =
        present.stream()
            .filter(column -> column.toLowerCase(Locale.ROOT).equals(lower))
            .findFirst()
            .map(column -> "; '" + column + "' differs only in case, and names are case-sensitive")
            .orElse("");
    return what
        + " '"
        + name
        + "' not found in "
        + source
        + " (columns: "
        + String.join(", ", present)
        + caseOnly
        + ")";
  }
}
