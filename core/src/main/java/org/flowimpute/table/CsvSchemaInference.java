package org.flowimpute.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Infers the schema of a CSV file from its header and its first rows, for CSV files read without a
 * schema.
 *
 * <p>Rules, per column, looking at the non-empty cells of the sample: a whole number written with a
 * leading zero ({@code 01}, {@code 007}) is a code, and makes the column {@code string} so that its
 * zeros are kept; else all integers in the range of {@code long} (optional sign, digits only) →
 * {@code long}; otherwise all decimal numbers (optional sign, digits, optional fraction and
 * exponent, or NaN / Infinity) → {@code double}, but a number beyond the range of a double ({@code
 * 1e400}, which would read as infinity) makes the column {@code string}, as a whole number too
 * large for a long does; otherwise, and for columns with no non-empty cell in the sample, → {@code
 * string}. Every field is nullable (a union with null, default null) because an empty cell means
 * null. Column names must be Avro names (letters, digits and underscores, not starting with a
 * digit). The record is named {@code CsvRow} in namespace {@code org.flowimpute.table}.
 */
public final class CsvSchemaInference {
  /**
   * How many data rows are looked at when no sample size is given: all of them, so that a column
   * whose first rows happen to be whole numbers (or zeros) and later rows decimals is read as
   * decimal, not refused at the first decimal; this costs one more pass over the file.
   */
  public static final int DEFAULT_SAMPLE_ROWS = Integer.MAX_VALUE;

  /**
   * A whole number with a leading zero: a code such as a region {@code 01} or an id {@code 007}.
   */
  private static final Pattern ZERO_PADDED = Pattern.compile("[+-]?0\\d+");

  /**
   * A whole number written without a decimal point or exponent. One that does not fit a long is
   * text: as a double, ids of 20 digits became equal (12345678901234567800 and ...801 are one
   * double), so households merged and records shared their noise.
   */
  private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");

  /**
   * The longest text a whole number may have and still always fit a long (the largest long,
   * 9223372036854775807, has 19 digits): only longer cells need the range check.
   */
  private static final int ALWAYS_FITS_LONG = 18;

  private enum Kind {
    EMPTY,
    LONG,
    DOUBLE,
    STRING
  }

  private CsvSchemaInference() {}

  /**
   * The schema of the CSV file at {@code path} from its first {@code sampleRows} data rows; of the
   * files a glob {@code path} matches ({@link TableFiles}), which must share one header, from their
   * first {@code sampleRows} rows together.
   *
   * @throws TableException if the file cannot be read, a row is malformed or a column name is not a
   *     valid Avro name
   */
  public static Schema infer(Path path, int sampleRows) {
    if (sampleRows < 1) {
      throw new IllegalArgumentException("sampleRows must be at least 1, got " + sampleRows);
    }
    List<String> header = null;
    Kind[] kinds = null;
    long sampled = 0;
    for (Path file : TableFiles.of(path)) {
      try (CsvRows rows = CsvRows.open(file)) {
        if (header == null) {
          header = rows.header();
          kinds = new Kind[header.size()];
          Arrays.fill(kinds, Kind.EMPTY);
        } else if (!rows.header().equals(header)) {
          throw new TableException(
              file
                  + ": its header "
                  + rows.header()
                  + " differs from the header "
                  + header
                  + " of the first file matched by "
                  + path
                  + "; the files of one table must have one header");
        }
        while (sampled < sampleRows && rows.hasNext()) {
          String[] cells = rows.next();
          sampled++;
          for (int i = 0; i < cells.length; i++) {
            kinds[i] = widen(kinds[i], cells[i]);
          }
        }
      }
    }
    List<Schema.Field> fields = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      fields.add(field(path, i, header.get(i), kinds[i]));
    }
    return Schema.createRecord("CsvRow", null, "org.flowimpute.table", false, fields);
  }

  private static Kind widen(Kind current, String cell) {
    if (cell == null || cell.isEmpty() || current == Kind.STRING) {
      return current;
    }
    if (ZERO_PADDED.matcher(cell).matches()) {
      return Kind.STRING;
    }
    if (cell.length() > ALWAYS_FITS_LONG
        && WHOLE.matcher(cell).matches()
        && !CsvNumbers.isLong(cell)) {
      return Kind.STRING;
    }
    if ((current == Kind.EMPTY || current == Kind.LONG) && CsvNumbers.isLong(cell)) {
      return Kind.LONG;
    }
    if (current != Kind.STRING && CsvNumbers.isDouble(cell)) {
      // a number beyond the range of a double (1e400) would be read as infinity: text, as a whole
      // number too large for a long is, so the cell is kept as written
      return CsvNumbers.isBeyondDouble(cell) ? Kind.STRING : Kind.DOUBLE;
    }
    return Kind.STRING;
  }

  private static Schema.Field field(Path path, int column, String name, Kind kind) {
    Schema.Type type =
        switch (kind) {
          case LONG -> Schema.Type.LONG;
          case DOUBLE -> Schema.Type.DOUBLE;
          case EMPTY, STRING -> Schema.Type.STRING;
        };
    Schema nullable = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(type));
    try {
      return new Schema.Field(name, nullable, null, JsonProperties.NULL_VALUE);
    } catch (SchemaParseException e) {
      throw new TableException(path + ": " + CsvColumnNames.problem(name, column), e);
    }
  }
}
