package org.flowimpute.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.flowimpute.table.TableException;
import org.flowimpute.table.TableFormat;
import org.flowimpute.table.TableWriter;
import org.flowimpute.table.Tables;

/**
 * The types that the columns read as text from a CSV input ({@link TextColumnInput}: ids, codes,
 * the weight, every column the model does not read) take when the output is Avro or Parquet: the
 * type CSV schema inference gives the column from all its cells ({@code CsvSchemaInference}, see
 * docs/tables.md), so a column of whole numbers is {@code long}, of decimals {@code double}, and
 * any other (a code with a leading zero such as {@code 007}, text) stays {@code string}; all
 * nullable, an empty cell is null. A CSV output keeps the text of every cell. Only a field the
 * output still holds as text is typed (one the model replaced keeps the model's type).
 */
final class TextColumnTypes {

  private static final Schema TEXT =
      Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));

  /** Text column → its inferred nullable long or double; text-typed columns are not listed. */
  private final Map<String, Schema> numeric;

  TextColumnTypes(Map<String, Schema> numeric) {
    this.numeric = Map.copyOf(numeric);
  }

  /** The schema of a column read as text (nullable string), as inference types text columns. */
  static Schema text() {
    return TEXT;
  }

  /**
   * A writer of {@code schema}'s records to {@code output} in {@code format} (a command's partial
   * file has no table extension, {@link PartialFile}): to CSV as they are, to Avro or Parquet with
   * the numeric text columns as numbers.
   */
  TableWriter writer(Path output, TableFormat format, Schema schema) {
    if (numeric.isEmpty() || format == TableFormat.CSV) {
      return Tables.writer(output, format, schema);
    }
    Schema typed = typed(schema);
    Set<String> retyped = new HashSet<>();
    for (Schema.Field field : schema.getFields()) {
      if (!typed.getField(field.name()).schema().equals(field.schema())) {
        retyped.add(field.name());
      }
    }
    return new RetypingWriter(
        Tables.writer(output, format, typed),
        retyped,
        (field, value) -> number(output, field, value.toString()));
  }

  /**
   * As {@link #writer(Path, TableFormat, Schema)}, writing the {@code double} fields {@code counts}
   * (a household model's features) to a CSV output as whole numbers ({@link CountColumns}).
   */
  TableWriter writer(Path output, TableFormat format, Schema schema, Collection<String> counts) {
    if (format == TableFormat.CSV && !counts.isEmpty()) {
      return CountColumns.csvWriter(output, schema, counts);
    }
    return writer(output, format, schema);
  }

  /** {@code schema} with its numeric text columns, where still text, of their inferred types. */
  private Schema typed(Schema schema) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      Schema type = field.schema().equals(TEXT) ? numeric.get(field.name()) : null;
      fields.add(
          type == null
              ? new Schema.Field(field, field.schema())
              : new Schema.Field(field.name(), type, field.doc(), Schema.Field.NULL_DEFAULT_VALUE));
    }
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), schema.isError(), fields);
  }

  /**
   * The number in {@code cell}, which inference found to be of the field's type; a cell that no
   * longer is (the input changed while it was read) is refused naming the column.
   */
  private static Object number(Path output, Schema.Field field, String cell) {
    try {
      if (field.schema().getTypes().get(1).getType() == Schema.Type.LONG) {
        return Long.parseLong(cell);
      }
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      throw new TableException(
          output
              + ", column '"
              + field.name()
              + "': expected a number, as every cell of the input column was when it was first"
              + " read, got '"
              + cell
              + "' (did the input change while it was read?)",
          e);
    }
  }
}
