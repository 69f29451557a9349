package org.flowimpute.table;

/**
 * Says why a CSV header cell cannot name a field, in the words a user can act on: every CSV reader
 * (local tables, Beam inputs) refuses such a header with it. Beside the rule itself (letters,
 * digits and _, not starting with a digit) it names the two usual causes: a file separated by
 * semicolons or tabs, whose whole header is then one column name, and a comma ending the header,
 * which leaves a column without a name.
 */
public final class CsvColumnNames {

  private CsvColumnNames() {}

  /**
   * Why {@code name}, the header's cell number {@code column} (0-based), is not a field name.
   *
   * @param name the header cell as read
   * @param column its position in the header, from 0
   */
  public static String problem(String name, int column) {
    if (name.isEmpty()) {
      return "column "
          + (column + 1)
          + " of the header has no name (a comma at the end of the header, or two in a row?);"
          + " give every column a name";
    }
    for (char separator : new char[] {';', '\t', '|'}) {
      if (name.indexOf(separator) >= 0) {
        return "column name '"
            + name
            + "' holds "
            + (separator == '\t' ? "tabs" : "'" + separator + "'")
            + ": the file looks "
            + (separator == '\t' ? "tab" : separator == ';' ? "semicolon" : "'|'")
            + "-separated, and CSV files are read separated by commas; convert it to commas";
      }
    }
    return "column name '"
        + name
        + "' is not a valid field name (letters, digits and _, not starting with a digit);"
        + " rename the column";
  }
}
