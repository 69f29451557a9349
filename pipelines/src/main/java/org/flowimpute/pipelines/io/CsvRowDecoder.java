package org.flowimpute.pipelines.io;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.encode.MissingMarkers;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.flowimpute.table.CsvCellRows;
import org.flowimpute.table.CsvNumbers;
import org.flowimpute.table.CsvTimeText;
import org.flowimpute.table.NumberBeyondRange;

/**
 * Decodes the cells of one CSV row into a record of a schema (typed by {@link CsvSchemas}, or any
 * schema whose fields are numbers or text), matching columns to fields by header name; shared by
 * the batch reader and the watched-directory source. A row with the wrong number of cells, a cell
 * the field's type cannot hold (a number, boolean, enum symbol or decimal it does not read as), or
 * no value for a field that must have one (not nullable, no default) becomes a {@code decode} dead
 * letter: in a stream with a record schema such a row made the whole job fail. So does each row of
 * a file whose header has a column a schema taken from the job's first file lacks ({@link
 * ExtraColumns}): its values would be dropped.
 *
 * <p>A cell holding a missing-value marker ({@code NA}, {@code NaN}, …: core's {@code
 * MissingMarkers}) in a column of a target the model keeps ({@link ObservedTargetColumns}) is read
 * as an empty cell when its field is nullable and takes no text: the target is missing and is
 * imputed. Elsewhere (conditions, the weight) such a cell stays a dead letter naming the text.
 */
final class CsvRowDecoder {

  /** Writes a row's cells back as one CSV line (a dead letter's payload). */
  private static final CsvMapper MAPPER = new CsvMapper();

  private final Schema schema;
  private final List<String> header;
  private final int[] fieldOfColumn;
  private final boolean[] markerIsEmpty;
  private final String keyField;
  private final int keyColumn;
  private final String weightFieldName;
  private final String droppedWeight;
  private final int absentWeightPosition;
  private final String absentWeight;
  private final String absentColumn;
  private final String absentColumnProblem;
  private final String extraColumn;
  private final String extraColumnsProblem;

  /**
   * @param schema the record schema the columns are matched to by name
   * @param header the file's header row
   * @param keyField the job's {@code --key-field}, whose value's key a dead letter of a row carries
   *     when it can be read; null when the job keys by content
   * @param weight the job's weight field and its schema's origin, checked against the header (a
   *     column the schema lacks, or a field of the schema the header lacks, makes each row a dead
   *     letter saying so); null for no check
   * @param conditions the model's condition columns every row must give ({@link ConditionColumns}):
   *     one the schema has but the header lacks, or the key field's, makes each row a {@code
   *     missing_field} dead letter naming the column as absent from the header (not as an empty
   *     value)
   * @param observedTargets the target columns of a model that keeps the targets records hold: a
   *     missing-value marker in one of them whose field is nullable and takes no text is read as an
   *     empty cell
   * @param extras the check of columns the schema lacks, taken from the job's first file ({@link
   *     ExtraColumns}): a header with such a column makes each row a {@code decode} dead letter
   *     naming it; null when the schema was given (its fields are read, other columns ignored)
   */
  CsvRowDecoder(
      Schema schema,
      List<String> header,
      String keyField,
      WeightColumn weight,
      ConditionColumns conditions,
      ObservedTargetColumns observedTargets,
      ExtraColumns extras) {
    this.schema = schema;
    this.header = List.copyOf(header);
    this.fieldOfColumn = new int[header.size()];
    this.markerIsEmpty = new boolean[header.size()];
    for (int c = 0; c < header.size(); c++) {
      Schema.Field field = schema.getField(header.get(c));
      fieldOfColumn[c] = field == null ? -1 : field.pos();
      markerIsEmpty[c] =
          field != null
              && observedTargets.names().contains(field.name())
              && isNullable(field.schema())
              && !takesText(field.schema());
    }
    this.keyField = keyField;
    int column = keyField == null ? -1 : header.indexOf(keyField);
    this.keyColumn = column >= 0 && fieldOfColumn[column] >= 0 ? column : -1;
    this.weightFieldName = weight == null ? null : weight.field();
    Schema.Field weightField = weight == null ? null : schema.getField(weight.field());
    boolean headerHasWeight = weight != null && header.contains(weight.field());
    this.droppedWeight =
        headerHasWeight && weightField == null
            ? "the header has column '"
                + weight.field()
                + "', the weight field (--weightField), but the job's record schema, "
                + weight.schemaOrigin()
                + ", has no such field: the row's weight would be dropped (the record weighing 1);"
                + " give --recordSchema a schema with that field"
            : null;
    this.absentWeightPosition = !headerHasWeight && weightField != null ? weightField.pos() : -1;
    this.absentWeight =
        absentWeightPosition < 0
            ? null
            : "the header has no column '"
                + weight.field()
                + "', the weight field (--weightField) of the job's record schema, "
                + weight.schemaOrigin()
                + "; expected a weight";
    String absent = null;
    String problem = null;
    for (String condition : conditions.names()) {
      if (schema.getField(condition) != null && !header.contains(condition)) {
        absent = condition;
        problem = "a condition of the model";
        break;
      }
    }
    if (absent == null
        && keyField != null
        && schema.getField(keyField) != null
        && !header.contains(keyField)) {
      absent = keyField;
      problem = "the record key field (--keyField)";
    }
    this.absentColumn = absent;
    this.absentColumnProblem =
        absent == null
            ? null
            : "the header of this file has no column '"
                + absent
                + "', "
                + problem
                + ", which the job's record schema, "
                + conditions.schemaOrigin()
                + ", has: no row of this file can give its value (did the files' headers change?)";
    List<String> extra = extras == null ? List.of() : extras.lacking(header, schema);
    this.extraColumn = extra.isEmpty() ? null : extra.get(0);
    this.extraColumnsProblem = extra.isEmpty() ? null : extras.headerProblem(header, schema);
  }

  /** The rows of a CSV file's bytes, header first, as every CSV reader reads them. */
  static CsvCellRows rows(InputStream bytes) throws IOException {
    return CsvCellRows.of(bytes);
  }

  /** Why the header cannot be matched to the record's fields (it names a column twice), or null. */
  String headerProblem() {
    Set<String> seen = new HashSet<>();
    for (String column : header) {
      if (!seen.add(column)) {
        return "the header names column '" + column + "' twice";
      }
    }
    return null;
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
              knownKey(source, cells),
              "expected " + header.size() + " cells as in the header, got " + cells.length));
    }
    if (droppedWeight != null) {
      return ReadOutcome.rejected(weightProblem(source, line, cells, droppedWeight));
    }
    if (absentColumn != null) {
      return ReadOutcome.rejected(
          DeadLetters.missingField(
              source,
              line,
              PayloadFormat.CSV,
              absentColumn,
              knownKey(source, cells),
              absentColumnProblem));
    }
    if (extraColumnsProblem != null) {
      return ReadOutcome.rejected(
          DeadLetters.undecodable(
              source,
              line,
              PayloadFormat.CSV,
              extraColumn,
              knownKey(source, cells),
              extraColumnsProblem));
    }
    GenericData.Record record = new GenericData.Record(schema);
    boolean[] filled = new boolean[schema.getFields().size()];
    for (int c = 0; c < cells.length; c++) {
      int position = fieldOfColumn[c];
      if (position < 0 || cells[c].isEmpty()) {
        continue;
      }
      if (markerIsEmpty[c] && MissingMarkers.isMarker(cells[c])) {
        continue;
      }
      try {
        record.put(position, value(schema.getFields().get(position).schema(), cells[c]));
        filled[position] = true;
      } catch (IllegalArgumentException e) {
        return ReadOutcome.rejected(
            DeadLetters.undecodable(
                source,
                line,
                PayloadFormat.CSV,
                header.get(c),
                knownKey(source, cells),
                "column '" + header.get(c) + "': " + e.getMessage()));
      }
    }
    for (Schema.Field field : schema.getFields()) {
      if (!filled[field.pos()] && !leaveEmpty(record, field)) {
        return ReadOutcome.rejected(
            DeadLetters.undecodable(
                source,
                line,
                PayloadFormat.CSV,
                field.name(),
                knownKey(source, cells),
                (header.contains(field.name())
                        ? "column '" + field.name() + "' is empty"
                        : "the header has no column '" + field.name() + "'")
                    + ", but the record schema requires a value (not nullable, no default)"));
      }
    }
    if (absentWeightPosition >= 0 && record.get(absentWeightPosition) == null) {
      return ReadOutcome.rejected(weightProblem(source, line, cells, absentWeight));
    }
    return ReadOutcome.of(new SourcedRecord(source, record, line, PayloadFormat.CSV));
  }

  private DeadLetter weightProblem(String source, byte[] line, String[] cells, String problem) {
    return DeadLetters.undecodable(
        source, line, PayloadFormat.CSV, weightFieldName, knownKey(source, cells), problem);
  }

  /**
   * The record key of row {@code cells} for its dead letter: the key a record decoded from the row
   * would get ({@code FieldValues.recordKey} of the key cell read as the key field's type), or null
   * when the job keys by content, the header or the row has no key cell, it is empty or it does not
   * read as the field's type or as a key (the row then has no key to give).
   */
  private String knownKey(String source, String[] cells) {
    if (keyColumn < 0 || keyColumn >= cells.length || cells[keyColumn].isEmpty()) {
      return null;
    }
    Schema type = schema.getFields().get(fieldOfColumn[keyColumn]).schema();
    try {
      return FieldValues.recordKey(value(type, cells[keyColumn]), source, keyField);
    } catch (IllegalArgumentException noKey) {
      // the cell does not read as the field's type, or (EncodingException) as a record key
      return null;
    }
  }

  /** Gives a field without a cell its null or default value; false if the schema allows neither. */
  private static boolean leaveEmpty(GenericData.Record record, Schema.Field field) {
    if (isNullable(field.schema())) {
      return true;
    }
    if (field.hasDefaultValue()) {
      record.put(field.pos(), GenericData.get().getDefaultValue(field));
      return true;
    }
    return false;
  }

  private static boolean isNullable(Schema schema) {
    return schema.getType() == Schema.Type.NULL
        || schema.getType() == Schema.Type.UNION
            && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
  }

  /**
   * Whether a field of {@code schema} holds a cell as text ({@code string}, or a union with one): a
   * marker there stays text, which core's {@code ObservedTargetEncoder} reads as missing unless the
   * target knows it as a category.
   */
  private static boolean takesText(Schema schema) {
    return schema.getType() == Schema.Type.STRING
        || schema.getType() == Schema.Type.UNION
            && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.STRING);
  }

  /**
   * A cell as a value of {@code schema}: for a union, the first branch other than null that reads
   * it.
   *
   * @throws IllegalArgumentException naming what was expected, if no branch reads the cell
   */
  private static Object value(Schema schema, String cell) {
    if (schema.getType() != Schema.Type.UNION) {
      return parse(schema, cell);
    }
    IllegalArgumentException first = null;
    for (Schema branch : schema.getTypes()) {
      if (branch.getType() == Schema.Type.NULL) {
        continue;
      }
      try {
        return parse(branch, cell);
      } catch (IllegalArgumentException e) {
        first = first == null ? e : first;
      }
    }
    throw first == null
        ? new IllegalArgumentException("expected no value, got '" + cell + "'")
        : first;
  }

  /**
   * A cell as a value of a type other than a union: numbers in the syntax core's CSV tables accept
   * ({@link CsvNumbers}: no {@code 12f} or {@code 0x1p3}; none beyond the type's range, such as
   * {@code 1e400} for a double, which would be infinity), surrounding spaces ignored as core's
   * {@code FieldValues.number} ignores them (so {@code " 51"} is 51 here as in {@code generate},
   * which read the column as text); {@code true} or {@code false} for a boolean, one of its symbols
   * for an enum (spaces around it ignored too: a symbol holds none), a decimal number of the
   * field's scale for a decimal, ISO-8601 text or the stored number for a date or time ({@link
   * CsvTimeText}, as core's CSV writer writes them), the text otherwise.
   *
   * @throws IllegalArgumentException (a {@link NumberFormatException} for numbers) naming what was
   *     expected
   */
  private static Object parse(Schema type, String cell) {
    if (type.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
      return decimal(type, decimal, cell);
    }
    CsvTimeText time = CsvTimeText.of(type);
    if (time != null) {
      return time.parse(cell.trim());
    }
    if (type.getType() == Schema.Type.DOUBLE && CsvNumbers.isBeyondDouble(cell.trim())) {
      throw NumberBeyondRange.of(cell, "double");
    }
    if (type.getType() == Schema.Type.FLOAT && CsvNumbers.isBeyondFloat(cell.trim())) {
      throw NumberBeyondRange.of(cell, "float");
    }
    try {
      return switch (type.getType()) {
        case DOUBLE -> Double.parseDouble(number(cell.trim()));
        case FLOAT -> Float.parseFloat(number(cell.trim()));
        case LONG -> Long.parseLong(cell.trim());
        case INT -> Integer.parseInt(cell.trim());
        case BOOLEAN -> bool(cell.trim());
        case ENUM -> symbol(type, cell.trim());
        case STRING -> cell;
        default ->
            throw new IllegalArgumentException(
                "a CSV cell cannot fill a field of type " + type.getType().getName());
      };
    } catch (NumberFormatException e) {
      throw new NumberFormatException(FieldValues.notANumber(cell));
    }
  }

  private static String number(String cell) {
    if (!CsvNumbers.isDouble(cell)) {
      throw new NumberFormatException(cell);
    }
    return cell;
  }

  private static Boolean bool(String cell) {
    if (cell.equalsIgnoreCase("true") || cell.equalsIgnoreCase("false")) {
      return Boolean.valueOf(cell);
    }
    throw new IllegalArgumentException("expected true or false, got '" + cell + "'");
  }

  private static GenericData.EnumSymbol symbol(Schema type, String cell) {
    if (!type.hasEnumSymbol(cell)) {
      throw new IllegalArgumentException(
          "expected one of "
              + type.getEnumSymbols()
              + " (enum "
              + type.getName()
              + "), got '"
              + cell
              + "'");
    }
    return new GenericData.EnumSymbol(type, cell);
  }

  private static Object decimal(Schema type, LogicalTypes.Decimal decimal, String cell) {
    BigDecimal value;
    try {
      value = new BigDecimal(cell.trim()).setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "expected a decimal number with at most "
              + decimal.getScale()
              + " digits after the point, got '"
              + cell
              + "'");
    }
    if (value.precision() > decimal.getPrecision()) {
      throw new IllegalArgumentException(
          "expected a decimal number of at most "
              + decimal.getPrecision()
              + " digits, got '"
              + cell
              + "'");
    }
    Conversions.DecimalConversion conversion = new Conversions.DecimalConversion();
    return type.getType() == Schema.Type.FIXED
        ? conversion.toFixed(value, type, decimal)
        : conversion.toBytes(value, type, decimal);
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
