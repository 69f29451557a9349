package org.flowimpute.table;

import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes records as CSV with Jackson's CSV generator: a header row with the schema's field names,
 * then one row per record; null is an empty cell, numbers use Java's shortest exact form, dates and
 * times ISO-8601 ({@link CsvTimeText}). Text is quoted as Jackson's default does: when it must be,
 * and also when longer than 24 characters or starting or ending with a space (Jackson's strict
 * check left a lone carriage return and leading spaces unquoted, which the reader cannot read
 * back).
 */
final class CsvTableWriter extends FileTableWriter {
  private static final CsvMapper MAPPER = new CsvMapper();

  private final List<CsvColumn> columns = new ArrayList<>();
  private final CsvGenerator generator;

  CsvTableWriter(Path path, Schema schema) {
    super(path, schema);
    String fileName = String.valueOf(path);
    CsvSchema.Builder csvSchema = CsvSchema.builder().setUseHeader(true);
    for (Schema.Field field : schema.getFields()) {
      CsvColumn column = CsvColumn.of(field, fileName);
      columns.add(column);
      csvSchema.addColumn(field.name());
    }
    try {
      Writer writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
      generator = (CsvGenerator) MAPPER.getFactory().createGenerator(writer);
      generator.setSchema(csvSchema.build());
    } catch (IOException e) {
      throw new TableException(path + ": cannot create: " + IoErrors.describe(e), e);
    }
  }

  @Override
  void append(GenericRecord record, long rowNumber) throws IOException {
    generator.writeStartArray();
    for (CsvColumn column : columns) {
      Object value = record.get(column.position());
      String cell;
      try {
        cell = column.format(value);
      } catch (IllegalArgumentException e) {
        throw new TableException(
            String.format(
                "%s row %d, column '%s': %s", path(), rowNumber, column.name(), e.getMessage()));
      }
      if (value != null && column.isNumber()) {
        generator.writeNumber(cell);
      } else {
        generator.writeString(cell);
      }
    }
    generator.writeEndArray();
  }

  @Override
  void closeFile() throws IOException {
    generator.close();
  }
}
