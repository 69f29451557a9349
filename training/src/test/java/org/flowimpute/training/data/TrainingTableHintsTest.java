package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.encode.EncodingException;
import org.junit.jupiter.api.Test;

/**
 * A bad target value says what to do about it, as a bad condition value does; a value that is not
 * finite gets no hint to list the column as categorical.
 */
class TrainingTableHintsTest {

  private static final Schema SCHEMA =
      SchemaBuilder.record("Row")
          .fields()
          .requiredDouble("age")
          .optionalDouble("wage")
          .requiredBoolean("employed")
          .optionalString("region")
          .endRecord();

  private static List<GenericRecord> rows() {
    List<GenericRecord> rows = new ArrayList<>();
    for (int r = 0; r < 60; r++) {
      GenericRecord row = new GenericData.Record(SCHEMA);
      row.put("age", 20.0 + r);
      row.put("wage", 1000.0 * r);
      row.put("employed", r % 2 == 0);
      row.put("region", r % 2 == 0 ? "north" : "south");
      rows.add(row);
    }
    return rows;
  }

  private static String error(List<GenericRecord> rows, String target, boolean categorical) {
    TrainingColumns columns =
        new TrainingColumns(
            List.of("age"), List.of(target), categorical ? Set.of(target) : Set.of(), null);
    return assertThrows(EncodingException.class, () -> TrainingTable.of(rows, columns))
        .getMessage();
  }

  /** A Parquet or Avro boolean target said only "expected a number, got Boolean true". */
  @Test
  void aBooleanTargetSaysToListItAsCategorical() {
    assertEquals(
        "row 1: field 'employed': expected a number, got Boolean true (a target of categories or"
            + " of true/false values is imputed as categories: list it in --categorical)",
        error(rows(), "employed", false));
  }

  /** An empty target cell said only "is null, expected a number", also with --missing-targets. */
  @Test
  void aNullTargetSaysThatTrainingNeedsEveryTargetValue() {
    List<GenericRecord> rows = rows();
    rows.get(9).put("wage", null);

    assertEquals(
        "row 10: field 'wage': is null, expected a number (training data must carry every target"
            + " value, also with --missing-targets, which hides targets at random while training:"
            + " fill the value or drop the row)",
        error(rows, "wage", false));
  }

  /**
   * {@code NA} in a categorical condition became a category of its own ("employment: NA, employed,
   * none, retired"), while numeric columns refused it and an empty cell was refused.
   */
  @Test
  void aMissingMarkerInACategoricalConditionIsRefusedAsAnEmptyCellIs() {
    List<GenericRecord> rows = rows();
    rows.get(4).put("region", "NA");
    TrainingColumns columns =
        new TrainingColumns(List.of("age", "region"), List.of("wage"), Set.of("region"), null);

    EncodingException error =
        assertThrows(EncodingException.class, () -> TrainingTable.of(rows, columns));

    assertEquals(EncodingException.Kind.NULL, error.kind());
    assertEquals(
        "row 5: field 'region': is 'NA', which marks a missing value; expected a category (NA,"
            + " N/A, #N/A, NULL and NaN, in any case, are read as missing, as an empty cell is;"
            + " recode a category really spelled so, e.g. to N.A.)",
        error.getMessage());
  }

  /** {@code n/a} in a categorical target says, as an empty one, that training needs every value. */
  @Test
  void aMissingMarkerInACategoricalTargetSaysThatTrainingNeedsEveryTargetValue() {
    List<GenericRecord> rows = rows();
    rows.get(2).put("region", " n/a");

    assertEquals(
        "row 3: field 'region': is ' n/a', which marks a missing value; expected a category (NA,"
            + " N/A, #N/A, NULL and NaN, in any case, are read as missing, as an empty cell is;"
            + " recode a category really spelled so, e.g. to N.A.) (training data must carry"
            + " every target value, also with --missing-targets, which hides targets at random"
            + " while training: fill the value or drop the row)",
        error(rows, "region", true));
  }

  /**
   * A target of 1e300 made every imputed value of the model infinite (float32), and a small table
   * failed the export check with "value Infinity, DJL Infinity".
   */
  @Test
  void aNumberBeyondFloatsIsRefusedNamingRowAndField() {
    List<GenericRecord> rows = rows();
    rows.get(16).put("wage", 1e300);
    TrainingColumns columns = new TrainingColumns(List.of("age"), List.of("wage"), Set.of(), null);

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> TrainingTable.of(rows, columns));

    assertEquals(
        "row 17: field 'wage': 1.0E300 is beyond the numbers the model computes with (32-bit"
            + " floats, magnitude at most 3.4028235E38); check the value, or rescale the column",
        error.getMessage());
  }

  /**
   * Text naming a non-finite number ({@code inf}, {@code NaN}, any case) is a number that is not
   * finite, not a category: it had said "(a target of categories or of true/false values is imputed
   * as categories: list it in --categorical)", and in a condition "(if the column holds categories,
   * list it in --categorical)".
   */
  @Test
  void nonFiniteTextGetsNoCategoricalHint() {
    Schema schema =
        SchemaBuilder.record("Row")
            .fields()
            .requiredString("age")
            .requiredString("wage")
            .endRecord();
    for (String text : List.of("inf", "NaN", "-Infinity", " INF ")) {
      for (String field : List.of("age", "wage")) {
        List<GenericRecord> rows = new ArrayList<>();
        for (int r = 0; r < 60; r++) {
          GenericRecord row = new GenericData.Record(schema);
          row.put("age", Integer.toString(20 + r));
          row.put("wage", Integer.toString(1000 * r));
          rows.add(row);
        }
        rows.get(22).put(field, text);
        TrainingColumns columns =
            new TrainingColumns(List.of("age"), List.of("wage"), Set.of(), null);

        String message =
            assertThrows(EncodingException.class, () -> TrainingTable.of(rows, columns))
                .getMessage();

        assertEquals("row 23: field '" + field + "': must be finite, got '" + text + "'", message);
      }
    }
  }

  /**
   * A number written with thousands separators is a number to write plainly, not a column of
   * categories: an age {@code 1,234} said "(if the column holds categories, list it in
   * --categorical)", a target {@code 1,234.5} that a target of categories is imputed as categories.
   */
  @Test
  void aNumberWithThousandsSeparatorsSaysToWriteItPlainly() {
    Schema schema =
        SchemaBuilder.record("Row")
            .fields()
            .requiredString("age")
            .requiredString("wage")
            .endRecord();
    for (String field : List.of("age", "wage")) {
      List<GenericRecord> rows = new ArrayList<>();
      for (int r = 0; r < 60; r++) {
        GenericRecord row = new GenericData.Record(schema);
        row.put("age", Integer.toString(20 + r));
        row.put("wage", Integer.toString(1000 * r));
        rows.add(row);
      }
      String text = field.equals("age") ? "1,234" : "1,234.5";
      rows.get(10).put(field, text);
      TrainingColumns columns =
          new TrainingColumns(List.of("age"), List.of("wage"), Set.of(), null);

      String message =
          assertThrows(EncodingException.class, () -> TrainingTable.of(rows, columns)).getMessage();

      assertEquals(
          "row 11: field '"
              + field
              + "': expected a plain number (digits, an optional sign, '.' before decimals, no"
              + " thousands separators, currency or percent signs), got '"
              + text
              + "'; write the column's numbers plainly",
          message);
    }
  }

  @Test
  void aNullCategoricalTargetSaysThatTrainingNeedsEveryTargetValue() {
    List<GenericRecord> rows = rows();
    rows.get(4).put("region", null);

    assertEquals(
        "row 5: field 'region': is null, expected a category (training data must carry every"
            + " target value, also with --missing-targets, which hides targets at random while"
            + " training: fill the value or drop the row)",
        error(rows, "region", true));
  }
}
