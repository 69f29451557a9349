package org.flowimpute.pipelines.io;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.table.CsvNumbers;

/**
 * Decodes the cells of one CSV row into a record of a schema (typed by {@link CsvSchemas}, or any
 * schema whose fields are numbers or text), matching columns to fields by header name; shared by
 * the batch reader and the watched-directory source. A row with the wrong number of cells or an
 * unparsable number becomes a {@code decode} dead letter.
 */
final class CsvRowDecoder {

  /** Parses CSV rows as arrays of cells, skipping blank lines. */
  static final CsvMapper MAPPER =
      new CsvMapper()
          .enable(CsvParser.Feature.WRAP_AS_ARRAY)
          .enable(CsvParser.Feature.SKIP_EMPTY_LINES);

  private final Schema schema;
  private final List<String> header;
  private final int[] fieldOfColumn;

  CsvRowDecoder(Schema schema, List<String> header) {
    this.schema = schema;
    this.header = List.copyOf(header);
    this.fieldOfColumn = new int[header.size()];
    for (int c = 0; c < header.size(); c++) {
      Schema.Field field = schema.getField(header.get(c));
      fieldOfColumn[c] = field == null ? -1 : field.pos();
    }
  }

  /**
   * The rows of a CSV file's bytes, header first: read from bytes rather than characters so that
   * Jackson drops a UTF-8 byte-order mark (Excel writes one) instead of making it part of the first
   * column's name.
   */
  static MappingIterator<String[]> rows(InputStream bytes) throws IOException {
    return MAPPER.readerFor(String[].class).readValues(bytes);
  }

  /** The record of row {@code cells} read at {@code source}, or its dead letter. */
  ReadOutcome decode(String source, String[] cells) {
    byte[] line = line(cells);
    if (cells.length != header.size()) {
      return ReadOutcome.rejected(
          DeadLetters.undecodable(
              source,
              line,
              PayloadFormat.CSV,
              null,
              "expected " + header.size() + " cells as in the header, got " + cells.length));
    }
    GenericData.Record record = new GenericData.Record(schema);
    for (int c = 0; c < cells.length; c++) {
      int position = fieldOfColumn[c];
      if (position < 0 || cells[c].isEmpty()) {
        continue;
      }
      Schema.Type type = valueType(schema.getFields().get(position));
      try {
        record.put(position, parse(type, cells[c]));
      } catch (NumberFormatException e) {
        return ReadOutcome.rejected(
            DeadLetters.undecodable(
                source,
                line,
                PayloadFormat.CSV,
                header.get(c),
                "column '" + header.get(c) + "': expected a number, got '" + cells[c] + "'"));
      }
    }
    return ReadOutcome.of(new SourcedRecord(source, record, line, PayloadFormat.CSV));
  }

  /**
   * A cell as the field's type: double, float, long or int parsed in the syntax core's CSV tables
   * accept ({@link CsvNumbers}: no {@code 12f} or {@code 0x1p3}), surrounding spaces ignored as
   * core's {@code FieldValues.number} ignores them (so {@code " 51"} is 51 here as in {@code
   * generate}, which read the column as text); anything else as text.
   *
   * @throws NumberFormatException if a number field's cell is not a number in that syntax
   */
  private static Object parse(Schema.Type type, String cell) {
    return switch (type) {
      case DOUBLE -> Double.parseDouble(decimal(cell.trim()));
      case FLOAT -> Float.parseFloat(decimal(cell.trim()));
      case LONG -> Long.parseLong(cell.trim());
      case INT -> Integer.parseInt(cell.trim());
      default -> cell;
    };
  }

  private static String decimal(String cell) {
    if (!CsvNumbers.isDouble(cell)) {
      throw new NumberFormatException(cell);
    }
    return cell;
  }

  /** The field's type, or for a nullable union its non-null branch. */
  private static Schema.Type valueType(Schema.Field field) {
    Schema type = field.schema();
    if (type.getType() == Schema.Type.UNION) {
      for (Schema branch : type.getTypes()) {
        if (branch.getType() != Schema.Type.NULL) {
          return branch.getType();
        }
      }
    }
    return type.getType();
  }

  private static byte[] line(String[] cells) {
    try {
      CsvSchema row = CsvSchema.emptySchema().withLineSeparator("");
      return MAPPER.writer(row).writeValueAsBytes(cells);
    } catch (IOException e) {
      throw new IllegalStateException("cannot re-encode a CSV row", e);
    }
  }
}
