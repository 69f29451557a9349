package org.flowimpute.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.flowimpute.bundle.Manifest;
import org.flowimpute.table.CsvSchemaInference;
import org.flowimpute.table.TableFiles;
import org.flowimpute.table.TableFormat;
import org.flowimpute.table.TableReader;
import org.flowimpute.table.Tables;

/**
 * Opens an input table with its key and household-id columns read as text from CSV, as a Beam job
 * reads them: typed by their column's cells, {@code +7} and {@code 1.50} were the numbers 7 and
 * 1.5, so the same record got another key (other noise) and households other ids. With the model,
 * the columns it does not read are text too, kept as they were. Avro and Parquet keep their own
 * types. Shared by {@code generate} and {@code evaluate --model}, whose draws must be generate's.
 */
final class TextColumnInput {

  private TextColumnInput() {}

  /** A reader of {@code input}; {@code textColumns} (null entries ignored) are text from CSV. */
  static TableReader open(Path input, String... textColumns) {
    return open(input, column -> !Arrays.asList(textColumns).contains(column));
  }

  /**
   * A reader of {@code input} for {@code model}: from CSV, only the columns the model reads (its
   * conditions and targets, the member fields of its household features) are typed by their cells;
   * {@code textColumns} (null entries ignored) and every other column are read as the text they
   * hold, so that they are written back as they were, as {@code impute} keeps them (typed, a
   * passed-through code {@code 12E3} was written back as {@code 12000.0}, {@code 5} as {@code
   * 5.0}).
   */
  static TableReader open(Path input, Manifest model, String... textColumns) {
    Set<String> typed = new HashSet<>();
    model.conditions().forEach(condition -> typed.add(condition.name()));
    model.targets().forEach(target -> typed.add(target.name()));
    model.household().features().forEach(feature -> typed.add(feature.field()));
    Arrays.asList(textColumns).forEach(typed::remove);
    return open(input, typed::contains);
  }

  /** A reader of {@code input}: from CSV, the columns {@code typed} accepts typed, others text. */
  private static TableReader open(Path input, Predicate<String> typed) {
    if (TableFiles.format(input) != TableFormat.CSV) {
      return Tables.reader(input);
    }
    Schema inferred = CsvSchemaInference.infer(input, CsvSchemaInference.DEFAULT_SAMPLE_ROWS);
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : inferred.getFields()) {
      fields.add(
          typed.test(field.name())
              ? new Schema.Field(field, field.schema())
              : new Schema.Field(
                  field.name(),
                  Schema.createUnion(
                      Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                  null,
                  JsonProperties.NULL_VALUE));
    }
    return Tables.reader(
        input,
        Schema.createRecord(
            inferred.getName(), inferred.getDoc(), inferred.getNamespace(), false, fields));
  }
}
