package org.flowimpute.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.pipelines.testing.TestData;
import org.flowimpute.pipelines.values.ModelFields;
import org.junit.jupiter.api.Test;

class CsvRowDecoderTest {

  private static final List<String> HEADER = List.of("id", "age", "income", "weight");

  /** {@link TestData#MODEL} trained with {@code --missing-targets}: it keeps present targets. */
  private static final ModelFields KEEPING =
      new ModelFields(
          TestData.MODEL.modelId(),
          TestData.MODEL.conditions(),
          TestData.MODEL.targets(),
          TestData.MODEL.weightField(),
          true);

  /**
   * A missing-value marker in a continuous target of a model that keeps present targets is an empty
   * cell, a missing target: {@code NA} made the row a {@code decode} dead letter ("expected a
   * number, got 'NA'"), though {@code generate} imputes it.
   */
  @Test
  void aMarkerInAnObservedContinuousTargetIsAnEmptyCell() {
    CsvRowDecoder decoder = decoder(KEEPING, CsvSchemas.forHeader(HEADER, KEEPING));

    for (String marker : List.of("NA", " n/a ", "#N/A", "NULL", "NaN", "nan")) {
      ReadOutcome outcome = decoder.decode("in.csv:2", new String[] {"p1", "40", marker, "1.5"});

      assertNull(outcome.deadLetter(), marker);
      GenericRecord record = outcome.record().record();
      assertNull(record.get("income"), marker);
      assertEquals(40.0, record.get("age"), marker);
      assertEquals(1.5, record.get("weight"), marker);
    }
    ReadOutcome number = decoder.decode("in.csv:3", new String[] {"p2", "40", "120.5", "1.5"});
    assertEquals(120.5, number.record().record().get("income"));
  }

  /**
   * Other text in that target stays a dead letter naming it, and so does a marker in a numeric
   * condition or the weight: a condition or weight must be present.
   */
  @Test
  void otherTextAndMarkersInConditionsOrTheWeightStayDeadLetters() {
    CsvRowDecoder decoder = decoder(KEEPING, CsvSchemas.forHeader(HEADER, KEEPING));

    DeadLetter abc = decoder.decode("in.csv:2", new String[] {"p1", "40", "abc", "1"}).deadLetter();
    DeadLetter age = decoder.decode("in.csv:3", new String[] {"p2", "NA", "5", "1"}).deadLetter();
    DeadLetter weight =
        decoder.decode("in.csv:4", new String[] {"p3", "40", "5", "NA"}).deadLetter();

    assertEquals("in.csv:2: column 'income': expected a number, got 'abc'", message(abc));
    assertEquals("income", abc.getField().toString());
    assertEquals("in.csv:3: column 'age': expected a number, got 'NA'", message(age));
    assertEquals("in.csv:4: column 'weight': expected a number, got 'NA'", message(weight));
    assertEquals("decode", weight.getStage().toString());
  }

  /**
   * A number written with a thousands separator is named as such, as {@code generate} and {@code
   * train} name it: the dead letter said only "expected a number, got '1,234'".
   */
  @Test
  void aNumberWithAThousandsSeparatorIsNamedAsSuch() {
    CsvRowDecoder decoder = decoder(KEEPING, CsvSchemas.forHeader(HEADER, KEEPING));

    DeadLetter age =
        decoder.decode("in.csv:2", new String[] {"p1", "1,234", "5", "1"}).deadLetter();

    assertEquals(
        "in.csv:2: column 'age': expected a plain number (digits, an optional sign, '.' before"
            + " decimals, no thousands separators, currency or percent signs), got '1,234'; write"
            + " the column's numbers plainly",
        message(age));
  }

  /**
   * A model that replaces the targets reads a target column as text, marker included (it is imputed
   * over); a record schema's target field that takes text keeps the marker, which core's encoder
   * reads as missing; one that must have a value refuses it as before.
   */
  @Test
  void aMarkerIsKeptAsTextOrRefusedWhereTheFieldCannotBeEmptied() {
    CsvRowDecoder replacing = decoder(TestData.MODEL, CsvSchemas.forHeader(HEADER, TestData.MODEL));
    Schema required =
        SchemaBuilder.record("R")
            .fields()
            .requiredString("id")
            .requiredDouble("age")
            .requiredDouble("income")
            .requiredDouble("weight")
            .endRecord();
    Schema text =
        SchemaBuilder.record("R")
            .fields()
            .requiredString("id")
            .requiredDouble("age")
            .optionalString("income")
            .requiredDouble("weight")
            .endRecord();
    String[] cells = {"p1", "40", "NA", "1"};

    ReadOutcome replaced = replacing.decode("in.csv:2", cells);
    ReadOutcome kept = decoder(KEEPING, text).decode("in.csv:2", cells);
    DeadLetter refused = decoder(KEEPING, required).decode("in.csv:2", cells).deadLetter();

    assertEquals("NA", replaced.record().record().get("income").toString());
    assertEquals("NA", kept.record().record().get("income").toString());
    assertNotNull(refused);
    assertEquals("in.csv:2: column 'income': expected a number, got 'NA'", message(refused));
  }

  /**
   * A header column the job's record schema lacks, where that schema is the first file's, makes
   * each row a {@code decode/malformed} dead letter naming the file's row, the column and the
   * schema's origin: its values were dropped without a word. Columns the job writes itself (a
   * target the model replaces, a gate) are not counted. A given schema reads its fields alone.
   */
  @Test
  void aColumnTheFirstFilesSchemaLacksMakesEachRowADeadLetter() {
    List<String> header = List.of("id", "age", "region", "weight", "note", "income", "owner_gate");
    String[] cells = {"p1", "40", "north", "1", "kept?", "12", "yes"};
    Schema first = CsvSchemas.forHeader(List.of("id", "age", "region", "weight"), TestData.MODEL);
    ExtraColumns extras =
        ExtraColumns.of(TestData.MODEL, "that of in/a.csv (the first file in name order)");

    DeadLetter letter = decoder(first, header, extras).decode("in/b.csv:2", cells).deadLetter();
    ReadOutcome projected = decoder(first, header, null).decode("in/b.csv:2", cells);

    assertNotNull(letter);
    assertEquals("decode", letter.getStage().toString());
    assertEquals("malformed", letter.getErrorClass().toString());
    assertEquals("note", letter.getField().toString());
    assertEquals("p1", letter.getRecordKey().toString());
    assertEquals(
        "in/b.csv:2: the header of this file has column 'note' that the job's record schema,"
            + " that of in/a.csv (the first file in name order), lacks: its values would be"
            + " dropped; give all files one header, or give --recordSchema a schema with that"
            + " field to keep it (one without it drops it knowingly)",
        message(letter));
    assertNull(projected.deadLetter());
    assertEquals("p1", projected.record().record().get("id").toString());
    assertNull(projected.record().record().getSchema().getField("note"));
  }

  /**
   * A model that keeps the targets records hold reads a target column's values: one the first
   * file's schema lacks is counted (its observed values would be imputed over); its gate is not.
   */
  @Test
  void anObservedTargetColumnTheFirstFilesSchemaLacksIsCounted() {
    List<String> header = List.of("id", "age", "region", "income", "income_gate");
    Schema first = CsvSchemas.forHeader(List.of("id", "age", "region"), KEEPING);

    DeadLetter letter =
        decoder(first, header, ExtraColumns.of(KEEPING, "that of a.csv"))
            .decode("b.csv:1", new String[] {"p1", "40", "north", "12", "positive"})
            .deadLetter();

    assertEquals("income", letter.getField().toString());
    assertTrue(
        message(letter).startsWith("b.csv:1: the header of this file has column 'income' that"));
  }

  /** Many extra columns: the first ten are named, the rest counted. */
  @Test
  void aMessageNamesTenExtraColumnsAndCountsTheRest() {
    List<String> header = new ArrayList<>(List.of("id", "age", "region"));
    for (int i = 1; i <= 12; i++) {
      header.add("c" + i);
    }
    Schema first = CsvSchemas.forHeader(List.of("id", "age", "region"), TestData.MODEL);
    String[] cells = header.stream().map(c -> "1").toArray(String[]::new);

    DeadLetter letter =
        decoder(first, header, ExtraColumns.of(TestData.MODEL, "that of a.csv"))
            .decode("b.csv:1", cells)
            .deadLetter();

    assertEquals("c1", letter.getField().toString());
    assertEquals(
        "b.csv:1: the header of this file has columns 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7',"
            + " 'c8', 'c9', 'c10' and 2 more that the job's record schema, that of a.csv, lacks:"
            + " their values would be dropped; give all files one header, or give --recordSchema"
            + " a schema with those fields to keep them (one without them drops them knowingly)",
        message(letter));
  }

  private static CsvRowDecoder decoder(Schema schema, List<String> header, ExtraColumns extras) {
    return new CsvRowDecoder(
        schema,
        header,
        "id",
        new WeightColumn("weight", "that of in/a.csv"),
        ConditionColumns.of(TestData.MODEL, "that of in/a.csv"),
        ObservedTargetColumns.of(TestData.MODEL),
        extras);
  }

  /**
   * With a record schema holding a date or timestamp, a cell is the ISO-8601 text core's CSV writer
   * writes (or the stored number); other text is a dead letter naming the form expected.
   */
  @Test
  void dateAndTimestampCellsAreReadAsCoresCsvWriterWritesThem() {
    Schema schema =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Dated\",\"fields\":["
                    + "{\"name\":\"id\",\"type\":\"string\"},"
                    + "{\"name\":\"age\",\"type\":{\"type\":\"int\",\"logicalType\":\"date\"}},"
                    + "{\"name\":\"income\",\"type\":[\"null\",{\"type\":\"long\","
                    + "\"logicalType\":\"timestamp-millis\"}],\"default\":null},"
                    + "{\"name\":\"weight\",\"type\":\"double\"}]}");
    CsvRowDecoder decoder =
        new CsvRowDecoder(
            schema,
            HEADER,
            "id",
            new WeightColumn("weight", "that of in.csv"),
            ConditionColumns.NONE,
            ObservedTargetColumns.NONE,
            null);

    GenericRecord text =
        decoder
            .decode("in.csv:2", new String[] {"p1", "1969-12-31", "2023-11-14T22:13:20Z", "1"})
            .record()
            .record();
    GenericRecord numbers =
        decoder.decode("in.csv:3", new String[] {"p2", "19000", "", "1"}).record().record();
    DeadLetter bad =
        decoder.decode("in.csv:4", new String[] {"p3", "2022-01-32", "", "1"}).deadLetter();

    assertEquals(-1, text.get("age"));
    assertEquals(1_700_000_000_000L, text.get("income"));
    assertEquals(19000, numbers.get("age"));
    assertNull(numbers.get("income"));
    assertEquals(
        "in.csv:4: column 'age': expected a date (yyyy-MM-dd), got '2022-01-32'", message(bad));
  }

  private static CsvRowDecoder decoder(ModelFields model, Schema schema) {
    return new CsvRowDecoder(
        schema,
        HEADER,
        "id",
        new WeightColumn("weight", "that of in.csv"),
        ConditionColumns.of(model, "that of in.csv"),
        ObservedTargetColumns.of(model),
        null);
  }

  private static String message(DeadLetter letter) {
    return letter.getMessage().toString();
  }
}
