package org.flowimpute.encode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;

/**
 * Turns the raw values that tables hand over (String, Avro Utf8, Integer, Long, Float, Double,
 * Boolean, Avro enum symbols) into the number or category text the encoders use, identically in
 * training and inference. A CSV "34", an Avro int 34 and a double 34.0 are the same number and the
 * same category "34".
 */
public final class FieldValues {
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern NOT_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)");

  /**
   * Text that is a number written for people rather than for reading: thousands separators
   * ("166,923.24", "1 000", "1'000"), a decimal comma, a currency or percent sign.
   */
  private static final Pattern WRITTEN_FOR_PEOPLE =
      Pattern.compile(
          "\\s*[+-]?\\p{Sc}?\\s*[+-]?\\d[\\d.,'_\\s\\u00a0\\u202f]*"
              + "(?:[eE][+-]?\\d+)?\\s*[%\\p{Sc}]?\\s*");

  private static final Pattern WHOLE_WITH_ZERO_FRACTION = Pattern.compile("[+-]?\\d+\\.0+");
  private static final double LARGEST_EXACT_INTEGER = 0x1.0p53;

  /** Digits of the largest long, 9223372036854775807. */
  private static final int MAX_LONG_DIGITS = 19;

  private FieldValues() {}

  /**
   * The finite number a value holds: a Java number, or text holding a decimal number.
   *
   * @throws EncodingException for null, booleans, other text or non-finite values; text that is a
   *     number written for people ({@link #isNumberWrittenForPeople}) is refused saying so
   */
  public static double number(Object value, String record, String field) {
    if (value == null) {
      throw new EncodingException(
          record, field, EncodingException.Kind.NULL, "is null, expected a number");
    }
    double number;
    if (value instanceof Number numeric) {
      number = numeric.doubleValue();
    } else if (value instanceof CharSequence text) {
      String trimmed = text.toString().trim();
      if (isNotFinite(text)) {
        throw new EncodingException(
            record, field, EncodingException.Kind.NOT_FINITE, "must be finite, got '" + text + "'");
      }
      if (!DECIMAL.matcher(trimmed).matches()) {
        throw new EncodingException(
            record, field, EncodingException.Kind.WRONG_TYPE, notANumber(text));
      }
      number = Double.parseDouble(trimmed);
    } else {
      throw new EncodingException(
          record,
          field,
          EncodingException.Kind.WRONG_TYPE,
          "expected a number, got " + describe(value));
    }
    if (!Double.isFinite(number)) {
      throw new EncodingException(
          record, field, EncodingException.Kind.NOT_FINITE, "must be finite, got " + value);
    }
    return number;
  }

  /**
   * What {@link #number} says of {@code text} that is no number: "expected a number, got 'x'", or
   * for a number written for people ({@link #isNumberWrittenForPeople}) that the column's numbers
   * should be written plainly; also the word of the pipelines' CSV decoder.
   */
  public static String notANumber(CharSequence text) {
    return WRITTEN_FOR_PEOPLE.matcher(text).matches()
        ? "expected a plain number (digits, an optional sign, '.' before decimals, no"
            + " thousands separators, currency or percent signs), got '"
            + text
            + "'; write the column's numbers plainly"
        : "expected a number, got '" + text + "'";
  }

  /**
   * Whether {@code value} is text that {@link #number} refuses as a number written for people
   * rather than for reading ("166,923.24", "1 000", "€ 1.234,5", "12 %"): its error then says to
   * write the column's numbers plainly, and callers should not advise reading the column as one of
   * categories.
   */
  public static boolean isNumberWrittenForPeople(Object value) {
    return value instanceof CharSequence text
        && !DECIMAL.matcher(text.toString().trim()).matches()
        && WRITTEN_FOR_PEOPLE.matcher(text).matches();
  }

  /**
   * Whether {@code value} is a number that is not finite, or text naming one ({@code NaN}, {@code
   * Inf}, {@code -Infinity}, any case, surrounding spaces ignored): what {@link #number} refuses as
   * "must be finite".
   */
  public static boolean isNotFinite(Object value) {
    if (value instanceof Number numeric) {
      return !Double.isFinite(numeric.doubleValue());
    }
    return value instanceof CharSequence text
        && mayNameNonFinite(text)
        && NOT_FINITE.matcher(text.toString().trim().toLowerCase(java.util.Locale.ROOT)).matches();
  }

  /**
   * Whether {@code text} holds an {@code n} in either case, as {@code nan}, {@code inf} and {@code
   * infinity} all do: a scan that spares the regular expression for the numbers a CSV column holds.
   */
  private static boolean mayNameNonFinite(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 'n' || c == 'N') {
        return true;
      }
    }
    return false;
  }

  /**
   * The category text of a value: text as is (not trimmed), except a whole number written with a
   * zero fraction ({@code "3.0"}), which is the number's text as a number 3.0 gives it; integral
   * numbers without a decimal point ({@code 3}, {@code 3L}, {@code 3.0} and {@code "3.0"} all give
   * "3"), other numbers in Java's shortest round-trip form, booleans as "true"/"false", Avro enum
   * symbols by name. So a code read as text (a Beam job reads CSV columns that are not numeric
   * conditions as text) and the same code read as a number (local tables infer a column of {@code
   * 1} and {@code 1.0} as double) give one category, household id and record key.
   *
   * @throws EncodingException for null, non-finite numbers and other types
   */
  public static String category(Object value, String record, String field) {
    return text(value, record, field, "a category");
  }

  /**
   * The text of a record key (a row's or record's noise key), as {@link #category} gives it; its
   * errors say that a record key was expected.
   *
   * @throws EncodingException for null, non-finite numbers and other types
   */
  public static String recordKey(Object value, String record, String field) {
    return text(value, record, field, "a record key");
  }

  /** {@link #category}'s text of {@code value}; errors say {@code expected} was expected. */
  private static String text(Object value, String record, String field, String expected) {
    if (value == null) {
      throw new EncodingException(
          record, field, EncodingException.Kind.NULL, "is null, expected " + expected);
    }
    if (value instanceof CharSequence text) {
      String string = text.toString();
      return string.indexOf('.') >= 0 && WHOLE_WITH_ZERO_FRACTION.matcher(string).matches()
          ? new BigDecimal(string).toBigInteger().toString()
          : string;
    }
    if (value instanceof GenericEnumSymbol<?>) {
      return value.toString();
    }
    if (value instanceof Boolean bool) {
      return bool.toString();
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof Number numeric) {
      double number = numeric.doubleValue();
      if (!Double.isFinite(number)) {
        throw new EncodingException(
            record,
            field,
            EncodingException.Kind.NOT_FINITE,
            "expected " + expected + ", got " + value);
      }
      if (number == Math.rint(number) && Math.abs(number) < LARGEST_EXACT_INTEGER) {
        return Long.toString((long) number);
      }
      if (value instanceof Float single) {
        return single.toString();
      }
      return value instanceof BigDecimal ? value.toString() : Double.toString(number);
    }
    throw new EncodingException(
        record,
        field,
        EncodingException.Kind.WRONG_TYPE,
        "expected " + expected + " (text, number or boolean), got " + describeCategory(value));
  }

  /**
   * The category under which {@code category} is {@code known}: itself if known; else, for text
   * that local tables would read as a number ({@code "+1"}, {@code "1e0"}, {@code "1004.50"}), that
   * number's category if it is known; else {@code category} itself. A Beam job reads every CSV
   * column that is not a numeric condition as text, while {@code train} and {@code generate} type a
   * column by its cells, so {@code +1} was the category 1 to {@code generate} and an unknown one (a
   * dead letter) to {@code impute}. Codes with a leading zero ({@code "007"}), whole numbers beyond
   * a long and NaN stay as written, as local tables keep them; categories written as text at
   * training ({@code "1.50"} in a text column) are found as written.
   *
   * <p>A boolean, and text spelling one ({@code true}/{@code false} in any case), is found as the
   * one known category spelling it in any case: a CSV column of {@code TRUE}/{@code FALSE} is text
   * (local tables infer no booleans), a Parquet or Avro {@code boolean} is {@code "true"}, so a
   * model trained on either met the other as an unknown category. If none, or more than one (both
   * {@code TRUE} and {@code true}), is known, {@code category} itself is returned, an unknown
   * category unless known as written.
   */
  public static String knownCategory(String category, Predicate<String> known) {
    if (known.test(category)) {
      return category;
    }
    String number = asNumberCategory(category);
    if (number != null) {
      return known.test(number) ? number : category;
    }
    String spelling = BooleanSpellings.known(category, known);
    return spelling != null ? spelling : category;
  }

  /** The category of the number that local tables would read from {@code text}, or null. */
  public static String asNumberCategory(String text) {
    if (text.isEmpty()) {
      return null;
    }
    char first = text.charAt(0);
    boolean signed = first == '+' || first == '-';
    if (!signed && first != '.' && (first < '0' || first > '9')) {
      return null;
    }
    int digitsFrom = signed ? 1 : 0;
    if (isDigits(text, digitsFrom)) {
      boolean zeroPadded = text.length() - digitsFrom > 1 && text.charAt(digitsFrom) == '0';
      if (zeroPadded || text.length() - digitsFrom > MAX_LONG_DIGITS) {
        return null;
      }
      try {
        return Long.toString(Long.parseLong(text));
      } catch (NumberFormatException beyondLong) {
        return null;
      }
    }
    if (!DECIMAL.matcher(text).matches()) {
      return null;
    }
    double number = Double.parseDouble(text);
    if (!Double.isFinite(number)) {
      return null;
    }
    return number == Math.rint(number) && Math.abs(number) < LARGEST_EXACT_INTEGER
        ? Long.toString((long) number)
        : Double.toString(number);
  }

  /** Whether {@code text} from {@code from} on is one or more ASCII digits. */
  private static boolean isDigits(String text, int from) {
    if (from >= text.length()) {
      return false;
    }
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** {@code value} for "expected a number, got …". */
  private static String describe(Object value) {
    if (value instanceof ByteBuffer || value instanceof GenericFixed) {
      return binary(value)
          + " (a decimal stored as bytes or fixed is not read as a number: write it as double)";
    }
    return value.getClass().getSimpleName() + " " + value;
  }

  /** {@code value} for "expected a category …, got …". */
  private static String describeCategory(Object value) {
    if (value instanceof ByteBuffer) {
      return "Avro bytes (binary data, such as a Parquet BINARY column without the STRING"
          + " annotation: write it as text)";
    }
    if (value instanceof GenericFixed) {
      return binary(value) + " (binary data: write it as text)";
    }
    return value.getClass().getSimpleName() + " " + value;
  }

  /** {@code Avro bytes}, {@code Avro fixed Id of 16 bytes}, {@code Avro fixed decimal(10,3)}. */
  private static String binary(Object value) {
    if (value instanceof GenericFixed fixed) {
      Schema schema = fixed.getSchema();
      return schema.getLogicalType() instanceof LogicalTypes.Decimal decimal
          ? "Avro fixed decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")"
          : "Avro fixed " + schema.getName() + " of " + schema.getFixedSize() + " bytes";
    }
    return "Avro bytes";
  }
}
