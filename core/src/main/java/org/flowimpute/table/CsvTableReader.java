package org.flowimpute.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads a CSV file into records of a given schema: columns are matched to fields by header name,
 * header columns that are not in the schema are ignored, and schema fields missing from the header
 * take their default (null for nullable fields).
 */
final class CsvTableReader implements TableReader {
  private final CsvRows rows;
  private final Schema schema;
  private final List<CsvColumn> columns = new ArrayList<>();
  private final List<Integer> cellIndexes = new ArrayList<>();
  private final String file;

  CsvTableReader(Path path, Schema schema) {
    this.schema = schema;
    this.file = String.valueOf(path);
    this.rows = CsvRows.open(path);
    try {
      Map<String, Integer> headerIndex = new HashMap<>();
      for (int i = 0; i < rows.header().size(); i++) {
        headerIndex.put(rows.header().get(i), i);
      }
      for (Schema.Field field : schema.getFields()) {
        CsvColumn column = CsvColumn.of(field, file);
        int cellIndex = headerIndex.getOrDefault(field.name(), -1);
        if (cellIndex < 0 && !field.hasDefaultValue() && !column.nullable()) {
          throw new TableException(
              file
                  + ": column '"
                  + field.name()
                  + "' required by the schema is missing from the header "
                  + rows.header());
        }
        columns.add(column);
        cellIndexes.add(cellIndex);
      }
    } catch (TableException e) {
      rows.close();
      throw e;
    }
  }

  @Override
  public Schema schema() {
    return schema;
  }

  /** The file's header row. */
  List<String> header() {
    return rows.header();
  }

  @Override
  public Path path() {
    return rows.path();
  }

  @Override
  public long rowNumber() {
    return rows.rowNumber();
  }

  @Override
  public boolean hasNext() {
    return rows.hasNext();
  }

  @Override
  public GenericRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException(file + ": no more rows");
    }
    String[] cells = rows.next();
    GenericData.Record record = new GenericData.Record(schema);
    for (int i = 0; i < columns.size(); i++) {
      CsvColumn column = columns.get(i);
      int cellIndex = cellIndexes.get(i);
      if (cellIndex < 0) {
        Schema.Field field = schema.getFields().get(i);
        record.put(i, field.hasDefaultValue() ? GenericData.get().getDefaultValue(field) : null);
        continue;
      }
      try {
        record.put(i, column.parse(cells[cellIndex]));
      } catch (IllegalArgumentException e) {
        throw new TableException(
            String.format(
                "%s row %d, column '%s': %s",
                file, rows.rowNumber(), column.name(), e.getMessage()));
      }
    }
    return record;
  }

  @Override
  public void close() {
    rows.close();
  }
}
