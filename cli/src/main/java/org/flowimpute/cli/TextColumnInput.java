package org.flowimpute.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.table.CsvSchemaInference;
import org.flowimpute.table.TableFiles;
import org.flowimpute.table.TableFormat;
import org.flowimpute.table.TableReader;

/**
 * An input table with its key and household-id columns read as text from CSV, as a Beam job reads
 * them: typed by their column's cells, {@code +7} and {@code 1.50} were the numbers 7 and 1.5, so
 * the same record got another key (other noise) and households other ids. With the model, the
 * columns it does not read are text too, kept as they were; written to Avro or Parquet they take
 * the types their cells have ({@link #types()}), but for the key and household-id columns. Avro and
 * Parquet keep their own types. Shared by {@code generate} and {@code evaluate --model}, whose
 * draws must be generate's. The types are inferred once, by one pass over a CSV input, which may
 * then be read again.
 */
final class TextColumnInput {

  /** The option that names the input, which its read failures name ({@link OptionFiles}). */
  private final String option;

  private final Path input;

  /** The schema CSV rows are read with; null for Avro and Parquet. */
  private final Schema csvSchema;

  private final TextColumnTypes types;

  private TextColumnInput(String option, Path input, Schema csvSchema, TextColumnTypes types) {
    this.option = option;
    this.input = input;
    this.csvSchema = csvSchema;
    this.types = types;
  }

  /**
   * {@code input}, named by {@code option}, with {@code identifiers} (null entries ignored) read
   * from CSV, and written, as text.
   */
  static TextColumnInput of(String option, Path input, String... identifiers) {
    List<String> text = Arrays.asList(identifiers);
    return of(option, input, column -> !text.contains(column), text);
  }

  /**
   * {@code input}, named by {@code option}, for {@code model}: from CSV, only the columns the model
   * reads (its conditions and targets, the member fields of its household features) are typed by
   * their cells; {@code identifiers} (the key and household-id columns, null entries ignored) and
   * every other column are read as the text they hold, so that they are written back to CSV as they
   * were, as {@code impute} keeps them (typed, a passed-through code {@code 12E3} was written back
   * as {@code 12000.0}, {@code 5} as {@code 5.0}). Written to Avro or Parquet, the other columns
   * take the types of their cells; the identifiers stay the text their records' noise was keyed by
   * (typed, the key {@code 1.50} would be written as 1.5 and {@code +3} as 3).
   */
  static TextColumnInput of(String option, Path input, Manifest model, String... identifiers) {
    Set<String> typed = new HashSet<>();
    model.conditions().forEach(condition -> typed.add(condition.name()));
    model.targets().forEach(target -> typed.add(target.name()));
    model.household().features().forEach(feature -> typed.add(feature.field()));
    List<String> text = Arrays.asList(identifiers);
    text.forEach(typed::remove);
    return of(option, input, typed::contains, text);
  }

  /** A new reader of the input from its start; its failures name the option. */
  TableReader open() {
    return csvSchema == null
        ? OptionFiles.reader(option, input)
        : OptionFiles.reader(option, input, csvSchema);
  }

  /** The types the text columns take in an Avro or Parquet output. */
  TextColumnTypes types() {
    return types;
  }

  /**
   * {@code input}: from CSV, the columns {@code typed} accepts typed, others text, and those of
   * them that are not {@code identifiers} typed by their cells in an Avro or Parquet output.
   */
  private static TextColumnInput of(
      String option, Path input, Predicate<String> typed, Collection<String> identifiers) {
    if (TableFiles.format(input) != TableFormat.CSV) {
      return new TextColumnInput(option, input, null, new TextColumnTypes(Map.of()));
    }
    Schema inferred =
        OptionFiles.reading(
            option,
            input,
            () -> CsvSchemaInference.infer(input, CsvSchemaInference.DEFAULT_SAMPLE_ROWS));
    List<Schema.Field> fields = new ArrayList<>();
    Map<String, Schema> numeric = new HashMap<>();
    for (Schema.Field field : inferred.getFields()) {
      if (typed.test(field.name())) {
        fields.add(new Schema.Field(field, field.schema()));
        continue;
      }
      fields.add(
          new Schema.Field(field.name(), TextColumnTypes.text(), null, JsonProperties.NULL_VALUE));
      if (!identifiers.contains(field.name()) && !field.schema().equals(TextColumnTypes.text())) {
        numeric.put(field.name(), field.schema());
      }
    }
    Schema schema =
        Schema.createRecord(
            inferred.getName(), inferred.getDoc(), inferred.getNamespace(), false, fields);
    return new TextColumnInput(option, input, schema, new TextColumnTypes(numeric));
  }
}
