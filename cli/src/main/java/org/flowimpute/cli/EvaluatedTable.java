package org.flowimpute.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.table.RowNames;
import org.flowimpute.table.TableFiles;
import org.flowimpute.table.TableReader;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Reads a table {@code evaluate} compares, checking it as soon as it is opened rather than after
 * every row is in memory: a column it needs that the table lacks is named with the option and file
 * ({@code --synthetic hdr.csv has no column 'wage'}, was "synthetic has no column"), and a target
 * whose first value is text or a boolean rather than a number is a usage error (evaluate compares
 * numeric targets only), where it was a row error ("real test.csv row 1: field 'tenure': expected a
 * number, got 'own'") after the whole table was read. A first value that is a number written with
 * thousands separators ("166,923.24"), a decimal comma or a currency or percent sign is named with
 * its file, row and column as not a plain number, rather than as a column to leave out.
 */
final class EvaluatedTable {

  private EvaluatedTable() {}

  /**
   * All rows of {@code reader}, opened on {@code option}'s {@code path}, their names noted in
   * {@code names}.
   *
   * @param targets the numeric target columns compared
   * @param others the other columns read from this table (weight, group columns)
   * @throws IllegalArgumentException naming the option and file if a column is missing
   * @throws ParameterException if a target's first value is text or a boolean, not a number
   */
  static List<GenericRecord> read(
      CommandLine commandLine,
      String option,
      Path path,
      TableReader reader,
      RowNames names,
      List<String> targets,
      List<String> others) {
    requireColumns(option, path, reader.schema(), targets);
    requireColumns(option, path, reader.schema(), others);
    List<GenericRecord> rows = new ArrayList<>();
    while (reader.hasNext()) {
      rows.add(reader.next());
      names.add(reader);
      if (rows.size() == 1) {
        requireNumbers(commandLine, option, path, rows.get(0), names.of(0), targets);
      }
    }
    return rows;
  }

  private static void requireColumns(
      String option, Path path, Schema schema, List<String> columns) {
    for (String column : columns) {
      if (schema.getField(column) == null) {
        throw new IllegalArgumentException(
            option
                + " "
                + path
                + " has no column '"
                + column
                + "' (columns: "
                + schema.getFields().stream().map(Schema.Field::name).toList()
                + ")");
      }
    }
  }

  private static void requireNumbers(
      CommandLine commandLine,
      String option,
      Path path,
      GenericRecord first,
      String firstName,
      List<String> targets) {
    for (String target : targets) {
      Object value = first.get(target);
      if (value == null || value instanceof Number || FieldValues.isNotFinite(value)) {
        continue;
      }
      try {
        FieldValues.number(value, "row 1", target);
      } catch (EncodingException e) {
        if (FieldValues.isNumberWrittenForPeople(value)) {
          throw new ParameterException(
              commandLine,
              "--targets "
                  + target
                  + ": "
                  + option
                  + " "
                  + (TableFiles.isGlob(path) ? path + ", " : "")
                  + firstName
                  + ", column '"
                  + target
                  + "': "
                  + e.problem(),
              e);
        }
        throw new ParameterException(
            commandLine,
            "--targets "
                + target
                + ": evaluate compares numeric targets only, and column '"
                + target
                + "' of "
                + option
                + " "
                + path
                + " holds "
                + (value instanceof CharSequence ? "'" + value + "'" : value)
                + " in its first row; leave it out of --targets",
            e);
      }
    }
  }
}
