package org.flowimpute.table;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * How one Avro field is written to and parsed from a CSV cell. Only flat values fit in a cell:
 * boolean, int, long, float, double, string and enum, each optionally in a union with null; an int
 * or long with a date or time logical type is written and read as ISO-8601 text ({@link
 * CsvTimeText}).
 */
final class CsvColumn {
  private final Schema.Field field;
  private final Schema valueSchema;
  private final boolean nullable;
  private final boolean float32Digits;

  /** The text form of a date or time column, or null. */
  private final CsvTimeText time;

  private CsvColumn(Schema.Field field, Schema valueSchema, boolean nullable) {
    this.field = field;
    this.valueSchema = valueSchema;
    this.nullable = nullable;
    this.float32Digits = Float32Columns.isMarked(field);
    this.time = CsvTimeText.of(valueSchema);
  }

  /**
   * The column for {@code field}.
   *
   * @throws TableException naming the file and field if the field's type cannot be a CSV cell
   */
  static CsvColumn of(Schema.Field field, String file) {
    Schema schema = field.schema();
    boolean nullable = false;
    if (schema.getType() == Schema.Type.UNION) {
      List<Schema> branches = schema.getTypes();
      Schema value = null;
      for (Schema branch : branches) {
        if (branch.getType() == Schema.Type.NULL) {
          nullable = true;
        } else if (value == null) {
          value = branch;
        } else {
          value = null;
          break;
        }
      }
      if (value == null || branches.size() > 2) {
        throw unsupported(field, file);
      }
      schema = value;
    }
    switch (schema.getType()) {
      case BOOLEAN, INT, LONG, FLOAT, DOUBLE, STRING, ENUM:
        return new CsvColumn(field, schema, nullable);
      default:
        throw unsupported(field, file);
    }
  }

  private static TableException unsupported(Schema.Field field, String file) {
    return new TableException(
        file
            + ", column '"
            + field.name()
            + "': type "
            + field.schema()
            + " cannot be a CSV cell (supported: boolean, int, long, float, double, string, enum,"
            + " optionally in a union with null)");
  }

  String name() {
    return field.name();
  }

  int position() {
    return field.pos();
  }

  boolean nullable() {
    return nullable;
  }

  /** Whether a value's cell is a number (a date's or time's is text, {@link CsvTimeText}). */
  boolean isNumber() {
    if (time != null) {
      return false;
    }
    return switch (valueSchema.getType()) {
      case INT, LONG, FLOAT, DOUBLE -> true;
      default -> false;
    };
  }

  /**
   * The value of a cell; an empty cell is null for nullable columns and the empty string for string
   * columns.
   *
   * @throws IllegalArgumentException with "expected ..., got '...'" if the cell does not fit
   */
  Object parse(String cell) {
    if (cell == null || cell.isEmpty()) {
      if (nullable) {
        return null;
      }
      if (valueSchema.getType() == Schema.Type.STRING) {
        return "";
      }
      throw new IllegalArgumentException("expected " + expectation() + ", got an empty cell");
    }
    if (time != null) {
      return time.parse(cell);
    }
    switch (valueSchema.getType()) {
      case STRING:
        return cell;
      case BOOLEAN:
        if (cell.equals("true") || cell.equals("false")) {
          return Boolean.parseBoolean(cell);
        }
        break;
      case INT:
        if (CsvNumbers.isLong(cell)) {
          long value = Long.parseLong(cell);
          if (value == (int) value) {
            return (int) value;
          }
        }
        break;
      case LONG:
        if (CsvNumbers.isLong(cell)) {
          return Long.parseLong(cell);
        }
        break;
      case FLOAT:
        if (CsvNumbers.isBeyondFloat(cell)) {
          throw NumberBeyondRange.of(cell, "float");
        }
        if (CsvNumbers.isDouble(cell)) {
          return Float.parseFloat(cell);
        }
        break;
      case DOUBLE:
        if (CsvNumbers.isBeyondDouble(cell)) {
          throw NumberBeyondRange.of(cell, "double");
        }
        if (CsvNumbers.isDouble(cell)) {
          return Double.parseDouble(cell);
        }
        break;
      case ENUM:
        if (valueSchema.hasEnumSymbol(cell)) {
          return new GenericData.EnumSymbol(valueSchema, cell);
        }
        break;
      default:
        break;
    }
    throw new IllegalArgumentException("expected " + expectation() + ", got '" + cell + "'");
  }

  private String expectation() {
    if (time != null) {
      return time.expectation();
    }
    return switch (valueSchema.getType()) {
      case BOOLEAN -> "true or false";
      case INT -> "an integer (int)";
      case LONG -> "an integer";
      case FLOAT, DOUBLE -> "a number";
      case ENUM -> "one of " + valueSchema.getEnumSymbols();
      default -> "a value";
    };
  }

  /**
   * The cell text of {@code value}: empty for null, ISO-8601 text for a date or time ({@link
   * CsvTimeText}), Java's shortest round-trip form for numbers (of the float32 for a float32 value
   * in a {@link Float32Columns marked} column).
   */
  String format(Object value) {
    if (value == null) {
      if (!nullable) {
        throw new IllegalArgumentException("null in a column that is not nullable");
      }
      return "";
    }
    if (time != null && value instanceof Number number) {
      return time.format(number.longValue());
    }
    if (float32Digits && value instanceof Double number) {
      return Float32Columns.format(number);
    }
    return value.toString();
  }
}
