package org.flowimpute.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.flowimpute.table.CsvSchemaInference;
import org.flowimpute.table.TableFormat;
import org.flowimpute.table.TableReader;
import org.flowimpute.table.Tables;

/**
 * Opens an input table with its key and household-id columns read as text from CSV, as a Beam job
 * reads them: typed by their column's cells, {@code +7} and {@code 1.50} were the numbers 7 and
 * 1.5, so the same record got another key (other noise) and households other ids. Avro and Parquet
 * keep their own types. Shared by {@code generate} and {@code evaluate --model}, whose draws must
 * be generate's.
 */
final class TextColumnInput {

  private TextColumnInput() {}

  /** A reader of {@code input}; {@code textColumns} (null entries ignored) are text from CSV. */
  static TableReader open(Path input, String... textColumns) {
    if (TableFormat.of(input) != TableFormat.CSV) {
      return Tables.reader(input);
    }
    List<String> text = Arrays.asList(textColumns);
    Schema inferred = CsvSchemaInference.infer(input, CsvSchemaInference.DEFAULT_SAMPLE_ROWS);
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : inferred.getFields()) {
      fields.add(
          text.contains(field.name())
              ? new Schema.Field(
                  field.name(),
                  Schema.createUnion(
                      Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                  null,
                  JsonProperties.NULL_VALUE)
              : new Schema.Field(field, field.schema()));
    }
    return Tables.reader(
        input,
        Schema.createRecord(
            inferred.getName(), inferred.getDoc(), inferred.getNamespace(), false, fields));
  }
}
