package org.flowimpute.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * The warning {@code generate}, {@code impute} and {@code stream} give when the input has columns
 * or fields named like the household features or totals a household model computes ({@code
 * household_size}, {@code household_<target>_total}): their values are replaced by the computed
 * ones (a total's also moves to the end), which went unsaid. One text for all three commands.
 */
final class ComputedFieldsWarning {

  private ComputedFieldsWarning() {}

  /**
   * Prints the warning to {@code err} when {@code present} is not empty.
   *
   * @param input the input as the command names it (a file, a glob, a {@code dir://} source)
   * @param kind {@code column} (CSV) or {@code field} (Avro, Parquet, Kafka records)
   * @param present the input's columns or fields the model computes, in the input's order
   */
  static void print(PrintWriter err, String input, String kind, List<String> present) {
    if (present.isEmpty()) {
      return;
    }
    err.println(
        "warning: "
            + input
            + (present.size() == 1 ? " has the " + kind + " " : " has the " + kind + "s ")
            + String.join(", ", present)
            + ", which the household model computes: "
            + (present.size() == 1 ? "its values are" : "their values are")
            + " replaced by the computed ones");
  }
}
