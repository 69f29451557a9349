package org.flowimpute.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Refuses, before any row is used, a table an option names that lacks columns the command expects,
 * naming the option, the file, the missing columns and every column expected: a fixture of {@code
 * bench emm} without one (or with a misspelt header) failed on its first row with Avro's bare "Not
 * a valid schema field".
 */
final class ExpectedColumns {

  private ExpectedColumns() {}

  /**
   * Fails unless {@code schema}, that of {@code option}'s {@code file}, has every column of {@code
   * expected}.
   *
   * @throws IllegalArgumentException {@code --option file: missing column 'a'; expected columns: a,
   *     b}
   */
  static void require(String option, Path file, Schema schema, List<String> expected) {
    List<String> missing =
        expected.stream().filter(column -> schema.getField(column) == null).toList();
    if (missing.isEmpty()) {
      return;
    }
    throw new IllegalArgumentException(
        option
            + " "
            + file
            + ": missing "
            + (missing.size() == 1 ? "column " : "columns ")
            + missing.stream().map(column -> "'" + column + "'").collect(Collectors.joining(", "))
            + "; expected columns: "
            + String.join(", ", expected));
  }
}
