package org.flowimpute.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.util.Utf8;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldValuesTest {

  @Test
  void readsNumbersFromTextAndEveryNumericType() {
    List<Object> inputs =
        List.of("34", " 34 ", new Utf8("34"), 34, 34L, 34.0f, 34.0d, (short) 34, "3.4e1", "+34.");

    for (Object input : inputs) {
      assertEquals(34.0, FieldValues.number(input, "row 1", "age"), 0.0, () -> "input " + input);
    }
    assertEquals(-0.5, FieldValues.number("-.5", "row 1", "age"), 0.0);
  }

  @Test
  void refusesNonNumbersNamingRecordFieldAndValue() {
    EncodingException text =
        assertThrows(EncodingException.class, () -> FieldValues.number("abc", "row 7", "age"));
    EncodingException empty =
        assertThrows(EncodingException.class, () -> FieldValues.number("", "row 7", "age"));
    EncodingException bool =
        assertThrows(EncodingException.class, () -> FieldValues.number(true, "row 7", "age"));
    EncodingException suffix =
        assertThrows(EncodingException.class, () -> FieldValues.number("1d", "row 7", "age"));
    EncodingException none =
        assertThrows(EncodingException.class, () -> FieldValues.number(null, "row 7", "age"));
    EncodingException decimal =
        assertThrows(
            EncodingException.class,
            () -> FieldValues.number(ByteBuffer.wrap(new byte[] {0x0c, 0x1c}), "row 7", "age"));

    assertEquals("row 7: field 'age': expected a number, got 'abc'", text.getMessage());
    assertEquals("row 7: field 'age': expected a number, got ''", empty.getMessage());
    assertEquals("row 7: field 'age': expected a number, got Boolean true", bool.getMessage());
    assertEquals("row 7: field 'age': expected a number, got '1d'", suffix.getMessage());
    assertEquals("row 7: field 'age': is null, expected a number", none.getMessage());
    assertEquals(
        "row 7: field 'age': expected a number, got Avro bytes (a decimal stored as bytes or fixed"
            + " is not read as a number: write it as double)",
        decimal.getMessage());
    assertEquals("row 7", text.record());
    assertEquals("age", text.field());
  }

  /**
   * A number written for people (thousands separators, a decimal comma, a currency or percent sign)
   * is refused saying to write it plainly; it said only "expected a number", and train added to
   * list the column in --categorical.
   */
  @Test
  void refusesANumberWrittenForPeopleSayingToWriteItPlainly() {
    for (String text :
        List.of("1,234", "1,234.5", "1 000", "1'000", "€ 1.234,5", "12 %", "1.2.3")) {
      EncodingException refused =
          assertThrows(EncodingException.class, () -> FieldValues.number(text, "row 7", "age"));

      assertEquals(EncodingException.Kind.WRONG_TYPE, refused.kind(), text);
      assertEquals(
          "row 7: field 'age': expected a plain number (digits, an optional sign, '.' before"
              + " decimals, no thousands separators, currency or percent signs), got '"
              + text
              + "'; write the column's numbers plainly",
          refused.getMessage());
      assertTrue(FieldValues.isNumberWrittenForPeople(text), text);
      assertTrue(FieldValues.isNumberWrittenForPeople(new Utf8(text)), text);
    }
    for (Object other : List.of("1234.5", "-1e3", "abc", "1d", "", "2026-12-03", "H0", true, 5)) {
      assertFalse(FieldValues.isNumberWrittenForPeople(other), () -> "value " + other);
    }
  }

  /**
   * Binary data as a category (a key, a household id) is named by its type, without the decimal
   * hint of a number (was: "Avro bytes or fixed (a decimal logical type is not read as a number…)"
   * for a Parquet BINARY key that is no decimal).
   */
  @Test
  void refusesBinaryCategoriesNamingTheirType() {
    EncodingException bytes =
        assertThrows(
            EncodingException.class,
            () -> FieldValues.category(ByteBuffer.wrap(new byte[] {(byte) 0xff}), "row 2", "id"));
    Schema idType = Schema.createFixed("Id", null, null, 4);
    EncodingException fixed =
        assertThrows(
            EncodingException.class,
            () -> FieldValues.category(new GenericData.Fixed(idType, new byte[4]), "row 2", "id"));

    assertEquals(
        "row 2: field 'id': expected a category (text, number or boolean), got Avro bytes (binary"
            + " data, such as a Parquet BINARY column without the STRING annotation: write it as"
            + " text)",
        bytes.getMessage());
    assertEquals(
        "row 2: field 'id': expected a category (text, number or boolean), got Avro fixed Id of 4"
            + " bytes (binary data: write it as text)",
        fixed.getMessage());
  }

  /** A record key's errors say a record key was expected, not a category. */
  @Test
  void recordKeysAreCategoryTextWhoseErrorsNameARecordKey() {
    EncodingException none =
        assertThrows(EncodingException.class, () -> FieldValues.recordKey(null, "row 2", "id"));
    EncodingException infinite =
        assertThrows(
            EncodingException.class,
            () -> FieldValues.recordKey(Double.POSITIVE_INFINITY, "row 3", "id"));

    assertEquals("7", FieldValues.recordKey(7.0, "row 1", "id"));
    assertEquals("p-1", FieldValues.recordKey("p-1", "row 1", "id"));
    assertEquals("row 2: field 'id': is null, expected a record key", none.getMessage());
    assertEquals("row 3: field 'id': expected a record key, got Infinity", infinite.getMessage());
  }

  @Test
  void refusesNonFiniteNumbers() {
    for (Object input :
        Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, "NaN", "-Infinity", "inf")) {
      EncodingException error =
          assertThrows(EncodingException.class, () -> FieldValues.number(input, "key p", "income"));

      assertEquals(
          "key p: field 'income': must be finite, got "
              + (input instanceof String ? "'" + input + "'" : input),
          error.getMessage());
      assertTrue(FieldValues.isNotFinite(input), input.toString());
    }
    for (Object finite : Arrays.asList(1.0, 34, "34", " nan-ish", "abc", null, true)) {
      assertFalse(FieldValues.isNotFinite(finite), String.valueOf(finite));
    }
  }

  @Test
  void writesIntegralNumbersAsIntegerCategories() {
    for (Object input :
        List.of(3, 3L, 3.0, 3.0f, "3", new Utf8("3"), (byte) 3, "3.0", new Utf8("3.00"))) {
      assertEquals("3", FieldValues.category(input, "row 1", "region"), () -> "input " + input);
    }
    assertEquals("-12", FieldValues.category("-12.0", "row 1", "region"));
    assertEquals("7", FieldValues.category("007.0", "row 1", "region"));
  }

  /** Text that is not a whole number with a zero fraction stays as written (codes keep zeros). */
  @Test
  void keepsOtherNumberTextAsWritten() {
    for (String text : List.of("007", "2.50", "1e3", "3.", ".0", "3.0 ", "+3")) {
      assertEquals(text, FieldValues.category(text, "row 1", "x"));
    }
  }

  /**
   * Text holding a number that is not known as written is found as the number local tables read
   * from it; codes with a leading zero, whole numbers beyond a long, text around a number and text
   * known as written are not rewritten.
   */
  @Test
  void unknownNumberTextIsFoundAsItsNumber() {
    Map<String, String> asNumber =
        Map.of(
            "+3", "3", "-0", "0", "2.50", "2.5", "1e3", "1000", "3.", "3", ".0", "0", "-.5", "-0.5",
            "1004.50", "1004.5", "1.5E-7", "1.5E-7");
    asNumber.forEach(
        (text, number) ->
            assertEquals(number, FieldValues.knownCategory(text, Set.of(number)::contains), text));
    for (String text :
        List.of("007", "-01", "3.0 ", " 3", "12345678901234567890", "NaN", "1e400", "3a", "+")) {
      assertEquals(text, FieldValues.knownCategory(text, c -> !c.equals(text)), text);
    }
    assertEquals("1.50", FieldValues.knownCategory("1.50", Set.of("1.50", "1.5")::contains));
    assertEquals("1.50", FieldValues.knownCategory("1.50", Set.of("north")::contains));
  }

  /**
   * A boolean is found as the known category spelling it in any case, whatever the format: a
   * Parquet/Avro {@code boolean} as the {@code TRUE}/{@code FALSE} of a model trained on CSV text,
   * and CSV text {@code TRUE}, {@code True} or {@code false} as the {@code true}/{@code false} of a
   * model trained on Parquet or Avro booleans.
   */
  @Test
  void aBooleanIsFoundAsTheCategorySpellingItInAnyCase() {
    Set<String> csvLevels = Set.of("FALSE", "TRUE");
    assertEquals("TRUE", known(Boolean.TRUE, csvLevels));
    assertEquals("FALSE", known(Boolean.FALSE, csvLevels));
    assertEquals("FALSE", known(new Utf8("false"), csvLevels));

    Set<String> booleanLevels = Set.of("false", "true");
    for (String text : List.of("TRUE", "True", "tRuE")) {
      assertEquals("true", known(new Utf8(text), booleanLevels), text);
      assertEquals("true", known(text, booleanLevels), text);
    }
    assertEquals("false", known("FALSE", booleanLevels));
    assertEquals("True", known(Boolean.TRUE, Set.of("False", "True")));
  }

  /**
   * Other spellings of yes and no, booleans among categories that spell no boolean, and a boolean
   * two known categories spell stay as written: unknown categories, for the manifest's policy.
   */
  @Test
  void otherSpellingsAndAmbiguousBooleansStayAsWritten() {
    Set<String> booleanLevels = Set.of("false", "true");
    for (String text : List.of("T", "yes", "1", " true", "true ", "truee", "")) {
      assertEquals(text, known(text, booleanLevels), text);
    }
    assertEquals("true", known(Boolean.TRUE, Set.of("yes", "no")));
    assertEquals("True", known("True", Set.of("TRUE", "true")));
    assertEquals("TRUE", known("TRUE", Set.of("TRUE", "true")));
  }

  private static String known(Object value, Set<String> levels) {
    return FieldValues.knownCategory(
        FieldValues.category(value, "row 1", "owner"), levels::contains);
  }

  /**
   * A CSV cell is a known category whether local tables read it (typed by the column's cells, as
   * {@code train} and {@code generate} do) or a Beam job reads it as text: until 2026-11-30 {@code
   * +1}, {@code 1e0} and {@code 1004.50} were the numbers 1, 1 and 1004.5 to the former and unknown
   * text to the latter, so {@code impute} dead-lettered records that {@code generate} imputed.
   */
  @Test
  void aCsvCellIsOneCategoryReadTypedOrAsText(@TempDir Path dir) throws Exception {
    List<String> cells =
        List.of(
            "+1",
            "1e0",
            "1004.50",
            "-0",
            "7.0",
            "007",
            "12345678901234567890",
            "3.25",
            "-2",
            ".5",
            "1E2",
            "north",
            "0.1",
            "123456789012345678");
    for (String cell : cells) {
      Path csv = dir.resolve("cell.csv");
      Files.writeString(csv, "code\n" + cell + "\n", StandardCharsets.UTF_8);
      Object typed = Tables.readAll(csv).get(0).get("code");
      String trained = FieldValues.category(typed, "row 1", "code");
      assertEquals(
          trained,
          FieldValues.knownCategory(
              FieldValues.category(new Utf8(cell), "row 1", "code"), Set.of(trained)::contains),
          () -> "cell " + cell + " read as " + typed.getClass().getSimpleName());
    }
  }

  @Test
  void writesOtherCategoriesAsText() {
    assertEquals("2.5", FieldValues.category(2.5, "row 1", "x"));
    assertEquals("0.1", FieldValues.category(0.1f, "row 1", "x"));
    assertEquals("true", FieldValues.category(Boolean.TRUE, "row 1", "x"));
    assertEquals(" north", FieldValues.category(" north", "row 1", "x"));
  }

  @Test
  void refusesNullAndNonFiniteCategories() {
    EncodingException none =
        assertThrows(EncodingException.class, () -> FieldValues.category(null, "row 2", "region"));
    EncodingException nan =
        assertThrows(
            EncodingException.class, () -> FieldValues.category(Double.NaN, "row 2", "region"));

    assertEquals("row 2: field 'region': is null, expected a category", none.getMessage());
    assertEquals("row 2: field 'region': expected a category, got NaN", nan.getMessage());
  }
}
