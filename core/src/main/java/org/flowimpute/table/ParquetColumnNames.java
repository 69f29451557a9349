package org.flowimpute.table;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/**
 * Refuses a Parquet file whose column names are not Avro names (letters, digits and {@code _}, not
 * starting with a digit), such as pandas' and Spark's {@code home region}, {@code a-b} or {@code
 * 1st}: its columns are read as Avro fields, which the output keeps under the same names, and
 * parquet-avro's own failure ("Illegal character in: home region") named neither file nor rule.
 */
final class ParquetColumnNames {

  private ParquetColumnNames() {}

  /**
   * @throws TableException naming {@code file}, every column (nested ones by their dotted path)
   *     whose name is not an Avro name, and the rule
   */
  static void requireAvroNames(GroupType schema, String file) {
    List<String> misnamed = new ArrayList<>();
    collect(schema, "", misnamed);
    if (misnamed.isEmpty()) {
      return;
    }
    String columns = String.join(", ", misnamed);
    throw new TableException(
        file
            + (misnamed.size() == 1
                ? ": column name " + columns + " is not a valid Avro name"
                : ": column names " + columns + " are not valid Avro names")
            + " (letters, digits and _, not starting with a digit): Parquet columns are read as"
            + " Avro fields, kept under their names in the output; rename "
            + (misnamed.size() == 1 ? "the column" : "them")
            + " where the file is written (pandas: df.rename(columns=...), Spark:"
            + " withColumnRenamed)");
  }

  private static void collect(GroupType group, String prefix, List<String> misnamed) {
    for (Type field : group.getFields()) {
      String path = prefix + field.getName();
      if (!isAvroName(field.getName())) {
        misnamed.add("'" + path + "'");
      } else if (!field.isPrimitive()) {
        collect(field.asGroupType(), path + ".", misnamed);
      }
    }
  }

  /** Avro's rule for names (as its {@code Schema.validateName}). */
  static boolean isAvroName(String name) {
    if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
      return false;
    }
    return name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
  }
}
