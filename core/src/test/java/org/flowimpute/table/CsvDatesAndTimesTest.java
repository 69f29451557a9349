package org.flowimpute.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dates and times from Avro and Parquet files are written to CSV as the ISO-8601 text a user
 * expects, not as the days, milliseconds or microseconds they are stored as, and read back.
 */
class CsvDatesAndTimesTest {

  private static final Schema SCHEMA =
      Schema.createRecord(
          "Times",
          null,
          "org.flowimpute.test",
          false,
          List.of(
              field("d", LogicalTypes.date(), Schema.Type.INT, false),
              field("t_ms", LogicalTypes.timeMillis(), Schema.Type.INT, true),
              field("t_us", LogicalTypes.timeMicros(), Schema.Type.LONG, true),
              field("ts_ms", LogicalTypes.timestampMillis(), Schema.Type.LONG, true),
              field("ts_us", LogicalTypes.timestampMicros(), Schema.Type.LONG, true),
              field("lts_ms", LogicalTypes.localTimestampMillis(), Schema.Type.LONG, true),
              field("lts_us", LogicalTypes.localTimestampMicros(), Schema.Type.LONG, true)));

  /** Text longer than 24 characters is quoted, as the writer quotes all such text. */
  private static final String CSV =
      "d,t_ms,t_us,ts_ms,ts_us,lts_ms,lts_us\n"
          + "2022-01-08,22:13:20.500,12:34:56.000001,2023-11-14T22:13:20Z,"
          + "\"2023-11-14T22:13:20.123456Z\",2023-11-14T22:13:20,\"2023-11-14T22:13:20.000001\"\n"
          + "1969-12-31,00:00:00,23:59:59.999999,1969-12-31T23:59:59.999Z,"
          + "1969-12-31T00:00:00Z,1900-01-01T00:00:00,\"1969-12-31T23:59:59.999999\"\n"
          + "1970-01-01,,,,,,\n";

  @TempDir Path dir;

  private static Schema.Field field(
      String name, LogicalType logicalType, Schema.Type type, boolean nullable) {
    Schema value = logicalType.addToSchema(Schema.create(type));
    return nullable
        ? new Schema.Field(
            name,
            Schema.createUnion(Schema.create(Schema.Type.NULL), value),
            null,
            Schema.Field.NULL_DEFAULT_VALUE)
        : new Schema.Field(name, value, null, null);
  }

  private static GenericRecord row(Object... values) {
    GenericData.Record record = new GenericData.Record(SCHEMA);
    for (int i = 0; i < values.length; i++) {
      record.put(i, values[i]);
    }
    return record;
  }

  /** A row of values after 1970, one before (negative), and one of nulls. */
  private static List<GenericRecord> rows() {
    return List.of(
        row(
            19000,
            80_000_500,
            45_296_000_001L,
            1_700_000_000_000L,
            1_700_000_000_123_456L,
            1_700_000_000_000L,
            1_700_000_000_000_001L),
        row(-1, 0, 86_399_999_999L, -1L, -86_400_000_000L, -2_208_988_800_000L, -1L),
        row(0, null, null, null, null, null, null));
  }

  /** As {@code generate --input in.parquet --output out.csv} does: the input's schema, as read. */
  @ParameterizedTest
  @ValueSource(strings = {"in.avro", "in.parquet"})
  void datesAndTimesOfAnAvroOrParquetInputAreIsoTextInCsv(String input) throws IOException {
    Tables.writeAll(dir.resolve(input), SCHEMA, rows());
    List<GenericRecord> read = Tables.readAll(dir.resolve(input));

    Tables.writeAll(dir.resolve("out.csv"), read.get(0).getSchema(), read);

    assertEquals(CSV, Files.readString(dir.resolve("out.csv"), StandardCharsets.UTF_8));
  }

  /** The text reads back as the stored numbers; so do the numbers older CSV files hold. */
  @Test
  void isoTextAndTheStoredNumbersReadBackWithTheSchema() throws IOException {
    Path text = dir.resolve("text.csv");
    Files.writeString(text, CSV, StandardCharsets.UTF_8);
    Path numbers = dir.resolve("numbers.csv");
    Files.writeString(
        numbers,
        "d,t_ms,t_us,ts_ms,ts_us,lts_ms,lts_us\n"
            + "19000,80000500,45296000001,1700000000000,1700000000123456,1700000000000,"
            + "1700000000000001\n"
            + "-1,0,86399999999,-1,-86400000000,-2208988800000,-1\n"
            + "0,,,,,,\n",
        StandardCharsets.UTF_8);

    for (Path path : List.of(text, numbers)) {
      List<GenericRecord> read = Tables.readAll(path, SCHEMA);
      assertEquals(rows().size(), read.size());
      for (int r = 0; r < read.size(); r++) {
        for (int f = 0; f < SCHEMA.getFields().size(); f++) {
          assertEquals(rows().get(r).get(f), read.get(r).get(f), path + " row " + (r + 1));
        }
      }
    }
  }

  @Test
  void aCellThatIsNoDateOrTimeNamesTheFormatExpected() throws IOException {
    List<String> errors = new ArrayList<>();
    for (String[] cells :
        Arrays.asList(
            new String[] {"2022-13-01", ""},
            new String[] {"2022-01-08", "25:00:00"},
            new String[] {"2022-01-08", "12:00:00.0001"})) {
      Path path = dir.resolve("bad.csv");
      Files.writeString(path, "d,t_ms\n" + cells[0] + "," + cells[1] + "\n");
      errors.add(
          assertThrows(TableException.class, () -> Tables.readAll(path, SCHEMA))
              .getMessage()
              .replace(path.toString(), "bad.csv"));
    }

    assertEquals(
        List.of(
            "bad.csv row 1, column 'd': expected a date (yyyy-MM-dd), got '2022-13-01'",
            "bad.csv row 1, column 't_ms': expected a time of day (HH:mm:ss[.SSS]), got"
                + " '25:00:00'",
            "bad.csv row 1, column 't_ms': expected a time of day (HH:mm:ss[.SSS]), got"
                + " '12:00:00.0001'"),
        errors);
  }

  @Test
  void aTimeOfDayBeyondTheDayIsRefusedNamingRowAndColumn() {
    Path path = dir.resolve("out.csv");

    TableException error =
        assertThrows(
            TableException.class,
            () ->
                Tables.writeAll(
                    path,
                    SCHEMA,
                    List.of(rows().get(0), row(0, 86_400_000, null, null, null, null, null))));

    assertEquals(
        path
            + " row 2, column 't_ms': time-millis value 86400000 is not a time of day: expected 0"
            + " to 86399999 milliseconds after midnight",
        error.getMessage());
  }
}
