package org.flowimpute.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TablesTest {
  private static final Schema SCHEMA =
      SchemaBuilder.record("Person")
          .namespace("org.flowimpute.test")
          .fields()
          .requiredString("person_id")
          .optionalString("region")
          .requiredInt("age")
          .optionalLong("visits")
          .optionalDouble("income")
          .requiredBoolean("employed")
          .name("sex")
          .type()
          .enumeration("Sex")
          .symbols("female", "male")
          .noDefault()
          .endRecord();

  @TempDir Path dir;

  private static GenericRecord person(
      String id, String region, int age, Long visits, Double income, boolean employed, String sex) {
    GenericData.Record record = new GenericData.Record(SCHEMA);
    record.put("person_id", id);
    record.put("region", region);
    record.put("age", age);
    record.put("visits", visits);
    record.put("income", income);
    record.put("employed", employed);
    record.put("sex", new GenericData.EnumSymbol(SCHEMA.getField("sex").schema(), sex));
    return record;
  }

  private static List<GenericRecord> people() {
    return List.of(
        person("p1", "north", 34, 3L, 41250.75, true, "female"),
        person("p2", null, 71, null, -1250.5, false, "male"),
        person("p3, \"quoted\"", "south\nline two", 16, -4L, null, false, "female"),
        person("p4", "east", 90, Long.MIN_VALUE, 1.0E-300, true, "male"),
        person("p5", "west", 45, 0L, -0.0, true, "female"));
  }

  private static void assertSameRecords(List<GenericRecord> expected, List<GenericRecord> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      for (Schema.Field field : SCHEMA.getFields()) {
        Object want = expected.get(i).get(field.name());
        Object got = actual.get(i).get(field.name());
        assertEquals(
            want == null ? null : want.toString(),
            got == null ? null : got.toString(),
            "row " + (i + 1) + " field " + field.name());
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "people.csv, SNAPPY",
    "people.avro, NONE",
    "people.avro, SNAPPY",
    "people.avro, DEFLATE",
    "people.parquet, NONE",
    "people.parquet, SNAPPY",
    "people.parquet, DEFLATE"
  })
  void roundTripKeepsValuesNullsAndNegatives(String fileName, TableCompression compression) {
    Path path = dir.resolve(fileName);
    List<GenericRecord> records = people();

    try (TableWriter writer =
        Tables.writer(path, SCHEMA, TableWriteOptions.defaults().withCompression(compression))) {
      records.forEach(writer::write);
    }
    List<GenericRecord> read = Tables.readAll(path, SCHEMA);

    assertSameRecords(records, read);
    assertEquals(SCHEMA, read.get(0).getSchema());
  }

  @ParameterizedTest
  @CsvSource({"people.csv", "people.avro", "people.parquet"})
  void missingParentDirectoriesAreCreated(String fileName) {
    Path path = dir.resolve("a").resolve("b").resolve(fileName);

    Tables.writeAll(path, SCHEMA, people());

    assertSameRecords(people(), Tables.readAll(path, SCHEMA));
  }

  /**
   * A file written in a format its name does not say (a command's hidden partial table, named
   * without the extension so that a glob never takes it for a table) is that format once renamed.
   */
  @ParameterizedTest
  @CsvSource({"CSV, people.csv", "AVRO, people.avro", "PARQUET, people.parquet"})
  void aWriterOfAGivenFormatWritesThatFormatWhateverTheName(TableFormat format, String name)
      throws IOException {
    Path partial = dir.resolve("." + name + ".partial-42");
    try (TableWriter writer = Tables.writer(partial, format, SCHEMA)) {
      people().forEach(writer::write);
    }
    Path table = Files.move(partial, dir.resolve(name));
    assertSameRecords(people(), Tables.readAll(table, SCHEMA));
  }

  /** A quote that is never closed takes the rest of the file into one cell. */
  @Test
  void anUnclosedQuoteNamesTheRowItOpensIn() throws IOException {
    Path path = dir.resolve("quote.csv");
    Files.writeString(path, "id,n\na,1\n\"b,2\nc,3\n", StandardCharsets.UTF_8);

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(path));

    assertEquals(
        path + " row 2: malformed CSV: Missing closing quote for value (noticed at line 5)",
        error.getMessage());
  }

  /**
   * A Latin-1 (Windows-1252) file said "malformed CSV: Invalid UTF-8 … check content encoding"; the
   * error says that the file is not UTF-8 and how to convert it.
   */
  @Test
  void aLatin1FileSaysItIsNotUtf8AndHowToConvertIt() throws IOException {
    Path path = dir.resolve("latin1.csv");
    Files.writeString(
        path, "id,region\na,north\nb,S\u00fcd\nc,north\n", StandardCharsets.ISO_8859_1);

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(path));

    assertEquals(
        path
            + " row 2: the file is not UTF-8 text (Invalid UTF-8 start byte 0xfc (at char #22,"
            + " byte #20)); its bytes fit Latin-1/Windows-1252, as Excel's plain \"CSV\" export"
            + " writes on Windows: convert it to UTF-8, e.g. iconv -f windows-1252 -t utf-8 in.csv"
            + " > in-utf8.csv",
        error.getMessage());
  }

  /**
   * A block claiming more bytes than any heap holds (2,147,483,646: a damaged or hostile file of a
   * few hundred bytes) is an error naming the file, not an OutOfMemoryError.
   */
  @Test
  void anAvroBlockTooLargeToHoldIsAnErrorNamingTheFile() throws IOException {
    Path path = dir.resolve("huge.avro");
    long headerEnd;
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(SCHEMA))) {
      writer.create(SCHEMA, path.toFile());
      headerEnd = writer.sync();
    }
    byte[] header = Arrays.copyOf(Files.readAllBytes(path), (int) headerEnd);
    Files.write(path, header);
    Files.write(
        path,
        new byte[] {2, (byte) 0xfc, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2, 3},
        StandardOpenOption.APPEND);

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(path));

    assertTrue(
        error
            .getMessage()
            .startsWith(
                path
                    + " row 1: cannot read Avro record: a data block is larger than this"
                    + " process can hold"),
        error.getMessage());
  }

  /** A copy still being written, or a full disk, leaves a file cut inside its last block. */
  @Test
  void anAvroFileCutInsideABlockIsAnErrorNotAShorterTable() throws IOException {
    Path path = dir.resolve("cut.avro");
    Tables.writeAll(path, SCHEMA, people());
    try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
      file.truncate(file.size() - 20);
    }

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(path));

    assertEquals(
        path
            + " row 1: the file ends inside a data block (cut short, or still being written):"
            + " the rows from here on cannot be read",
        error.getMessage());
  }

  /**
   * A cut Parquet file is named by its path (Parquet named "LocalInputFile@49438269") and said to
   * lack its footer (until 2026-12-04: "not a readable Parquet file: … is not a Parquet file.
   * Expected magic number at tail, but found [...]", as for a file of another format).
   */
  @Test
  void aCutParquetFileIsNamedByItsPathAndSaidToLackItsFooter() throws IOException {
    Path path = dir.resolve("cut.parquet");
    Tables.writeAll(path, SCHEMA, people());
    long cut;
    try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
      cut = file.size() / 2;
      file.truncate(cut);
    }

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(path));

    assertEquals(
        path
            + ": not a complete Parquet file: its footer, which Parquet writes last, is missing"
            + " (the file ends after "
            + cut
            + " bytes: cut short while being written or copied?): write or copy the file again",
        error.getMessage());
  }

  /**
   * A file that is not Parquet at all says what it holds (until 2026-12-04 parquet-mr's words: "…
   * is not a Parquet file. Expected magic number at tail, but found [48, 44, 51, 48]").
   */
  @Test
  void aFileThatIsNotParquetSaysWhatItHolds() throws IOException {
    Path path = Files.writeString(dir.resolve("text.parquet"), "id,income\n1,10\n2,20\n3,30\n");

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(path));

    assertEquals(
        path
            + ": not a Parquet file: it holds text starting with 'id,income': if it is CSV, read it"
            + " as CSV (.csv)",
        error.getMessage());
  }

  /**
   * A table written in one format and named as another is named by what it is, with the extension
   * to give it. Until 2026-12-04 an Avro or Parquet file named .csv was "not UTF-8 text … convert
   * it with iconv", and a Parquet file named .avro "not a readable Avro file: Not an Avro data
   * file".
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "avro | csv | not CSV text: it is an Avro data file (it starts with Avro's magic bytes):"
            + " read it as Avro (.avro)",
        "parquet | csv | not CSV text: it is a Parquet file (it starts with PAR1): read it as"
            + " Parquet (.parquet)",
        "parquet | avro | not an Avro data file: it is a Parquet file (it starts with PAR1): read it as"
            + " Parquet (.parquet)",
        "avro | parquet | not a Parquet file: it is an Avro data file (it starts with Avro's magic"
            + " bytes): read it as Avro (.avro)",
        "csv | avro | not an Avro data file: it holds text starting with"
            + " 'person_id,region,age,visits,income,emplo…': if it is CSV, read it as CSV (.csv)"
      })
  void aTableNamedAsAnotherFormatIsNamedByWhatItIs(String written, String named, String why)
      throws IOException {
    Path real = dir.resolve("people." + written);
    Tables.writeAll(real, SCHEMA, people());
    Path misnamed = Files.copy(real, dir.resolve("misnamed." + named));

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(misnamed));

    assertEquals(misnamed + ": " + why, error.getMessage());
  }

  /** A gzip-compressed CSV file named .csv is said to be compressed, not to be in Windows-1252. */
  @Test
  void aCompressedCsvFileIsSaidToBeCompressed() throws IOException {
    Path path = dir.resolve("people.csv");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
      out.write("id,income\n1,10\n".getBytes(StandardCharsets.UTF_8));
    }

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(path));

    assertEquals(
        path + ": not CSV text: it is gzip-compressed: decompress it first (gunzip)",
        error.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"people.avro", "people.parquet"})
  void binaryFormatsKeepTheirOwnSchema(String fileName) {
    Path path = dir.resolve(fileName);
    Tables.writeAll(path, SCHEMA, people());

    try (TableReader reader = Tables.reader(path)) {
      assertEquals(SCHEMA.getFields().size(), reader.schema().getFields().size());
      assertSameRecords(
          people(),
          List.of(reader.next(), reader.next(), reader.next(), reader.next(), reader.next()));
      assertFalse(reader.hasNext());
    }
  }

  @ParameterizedTest
  @CsvSource({"people.avro", "people.parquet"})
  void readerSchemaProjectsColumns(String fileName) {
    Path path = dir.resolve(fileName);
    Tables.writeAll(path, SCHEMA, people());
    Schema projection =
        SchemaBuilder.record("Person")
            .namespace("org.flowimpute.test")
            .fields()
            .requiredString("person_id")
            .optionalDouble("income")
            .endRecord();

    List<GenericRecord> read = Tables.readAll(path, projection);

    assertEquals(2, read.get(1).getSchema().getFields().size());
    assertEquals("p2", read.get(1).get("person_id").toString());
    assertEquals(-1250.5, read.get(1).get("income"));
  }

  @Test
  void emptyParquetFileStillHasItsSchema() {
    Path path = dir.resolve("empty.parquet");
    Tables.writeAll(path, SCHEMA, List.of());

    try (TableReader reader = Tables.reader(path)) {
      assertFalse(reader.hasNext());
      assertEquals(SCHEMA, reader.schema());
    }
  }

  @Test
  void csvSchemaIsInferredFromTheSample() throws IOException {
    Path path = dir.resolve("inferred.csv");
    Files.writeString(
        path,
        "id,age,income,note,blank\n" + "a1,34,1200.5,x,\n" + "a2,,-7,,\n" + "a3,-5,3e4,12,\n",
        StandardCharsets.UTF_8);

    try (TableReader reader = Tables.reader(path)) {
      Schema schema = reader.schema();
      assertEquals(Schema.Type.STRING, valueType(schema, "id"));
      assertEquals(Schema.Type.LONG, valueType(schema, "age"));
      assertEquals(Schema.Type.DOUBLE, valueType(schema, "income"));
      assertEquals(Schema.Type.STRING, valueType(schema, "note"));
      assertEquals(Schema.Type.STRING, valueType(schema, "blank"));
      GenericRecord first = reader.next();
      GenericRecord second = reader.next();
      GenericRecord third = reader.next();
      assertEquals(34L, first.get("age"));
      assertNull(second.get("age"));
      assertEquals(-7.0, second.get("income"));
      assertNull(second.get("note"));
      assertEquals(-5L, third.get("age"));
      assertEquals(30000.0, third.get("income"));
      assertEquals("12", third.get("note"));
      assertFalse(reader.hasNext());
    }
  }

  /**
   * A model's float32 value shows the digits a float32 has, also after an Avro round trip; a value
   * that is not a float32 (an amount the record carried) and an unmarked column keep every digit.
   */
  @Test
  void markedColumnsShowFloat32ValuesWithTheirOwnDigits() throws IOException {
    Schema schema =
        Schema.createRecord(
            "Imputed",
            null,
            "org.flowimpute.test",
            false,
            List.of(
                Float32Columns.mark(
                    new Schema.Field("wage", Schema.create(Schema.Type.DOUBLE), null, null)),
                new Schema.Field("weight", Schema.create(Schema.Type.DOUBLE), null, null)));
    List<GenericRecord> rows = new ArrayList<>();
    for (double[] values :
        new double[][] {{9736.982f, 9736.982f}, {1234.5678, 0.1f}, {-2.5e7f, 3.0}, {0.0, 1e-4f}}) {
      GenericData.Record record = new GenericData.Record(schema);
      record.put("wage", values[0]);
      record.put("weight", values[1]);
      rows.add(record);
    }
    String expected =
        "wage,weight\n"
            + "9736.982,9736.982421875\n"
            + "1234.5678,0.10000000149011612\n"
            + "-2.5E7,3.0\n"
            + "0.0,9.999999747378752E-5\n";

    Tables.writeAll(dir.resolve("direct.csv"), schema, rows);
    Tables.writeAll(dir.resolve("imputed.avro"), schema, rows);
    List<GenericRecord> fromAvro = Tables.readAll(dir.resolve("imputed.avro"));
    Tables.writeAll(dir.resolve("via-avro.csv"), fromAvro.get(0).getSchema(), fromAvro);

    assertEquals(expected, Files.readString(dir.resolve("direct.csv"), StandardCharsets.UTF_8));
    assertEquals(expected, Files.readString(dir.resolve("via-avro.csv"), StandardCharsets.UTF_8));
    assertEquals(
        9736.982f, (float) (double) Tables.readAll(dir.resolve("direct.csv")).get(0).get("wage"));
  }

  /** Codes such as region 01 or household 0000123 keep their zeros through a read and a write. */
  @Test
  void wholeNumbersWithLeadingZerosAreCodesAndStayText() throws IOException {
    Path path = dir.resolve("codes.csv");
    Files.writeString(
        path,
        "region,household,count,zero\n10,0000123,7,0\n01,0000124,-8,0\n",
        StandardCharsets.UTF_8);

    List<GenericRecord> rows = Tables.readAll(path);
    Tables.writeAll(dir.resolve("copy.csv"), rows.get(0).getSchema(), rows);

    Schema schema = rows.get(0).getSchema();
    assertEquals(Schema.Type.STRING, valueType(schema, "region"));
    assertEquals(Schema.Type.STRING, valueType(schema, "household"));
    assertEquals(Schema.Type.LONG, valueType(schema, "count"));
    assertEquals(Schema.Type.LONG, valueType(schema, "zero"));
    assertEquals("01", rows.get(1).get("region"));
    assertEquals(
        "region,household,count,zero\n10,0000123,7,0\n01,0000124,-8,0\n",
        Files.readString(dir.resolve("copy.csv"), StandardCharsets.UTF_8));
  }

  /**
   * Ids too large for a long stay text and distinct; as doubles 12345678901234567800 and ...801
   * were one value (households merged, records shared their noise).
   */
  @Test
  void wholeNumbersBeyondALongAreTextAndStayDistinct() throws IOException {
    Path path = dir.resolve("ids.csv");
    String csv = "household_id,amount\n12345678901234567800,1.5\n12345678901234567801,2.5\n";
    Files.writeString(path, csv, StandardCharsets.UTF_8);

    List<GenericRecord> rows = Tables.readAll(path);
    Tables.writeAll(dir.resolve("ids-copy.csv"), rows.get(0).getSchema(), rows);

    assertEquals(Schema.Type.STRING, valueType(rows.get(0).getSchema(), "household_id"));
    assertEquals(Schema.Type.DOUBLE, valueType(rows.get(0).getSchema(), "amount"));
    assertEquals("12345678901234567801", rows.get(1).get("household_id").toString());
    assertEquals(csv, Files.readString(dir.resolve("ids-copy.csv"), StandardCharsets.UTF_8));
  }

  /**
   * A decimal beyond the range of a double ({@code 1e400}) makes its column text, as a whole number
   * beyond a long does: as a double it was Infinity, which the cell does not say. Read with a
   * schema that says double, such a cell is refused naming row and column.
   */
  @Test
  void numbersBeyondTheDoubleRangeAreTextOrRefusedNotInfinity() throws IOException {
    Path path = dir.resolve("huge.csv");
    String csv = "id,amount,scale\na,1.5,1\nb,1e400,-2e308\nc,2,Infinity\n";
    Files.writeString(path, csv, StandardCharsets.UTF_8);

    List<GenericRecord> rows = Tables.readAll(path);

    assertEquals(Schema.Type.STRING, valueType(rows.get(0).getSchema(), "amount"));
    assertEquals(Schema.Type.STRING, valueType(rows.get(0).getSchema(), "scale"));
    assertEquals("1e400", rows.get(1).get("amount").toString());
    assertEquals("-2e308", rows.get(1).get("scale").toString());

    Schema doubles =
        SchemaBuilder.record("Huge")
            .fields()
            .requiredString("id")
            .optionalDouble("amount")
            .endRecord();
    TableException error = assertThrows(TableException.class, () -> Tables.readAll(path, doubles));
    assertEquals(
        path
            + " row 2, column 'amount': expected a number within the range of a double, got"
            + " '1e400' (out of the double range: it would be read as infinity)",
        error.getMessage());
  }

  @Test
  void everyRowDecidesAColumnsType() throws IOException {
    Path path = dir.resolve("late.csv");
    StringBuilder csv = new StringBuilder("id,benefit\n");
    for (int row = 1; row <= 1200; row++) {
      csv.append('p').append(row).append(",0\n");
    }
    csv.append("p1201,12.5\n");
    Files.writeString(path, csv.toString(), StandardCharsets.UTF_8);

    List<GenericRecord> rows = Tables.readAll(path);

    assertEquals(1201, rows.size());
    assertEquals(0.0, rows.get(0).get("benefit"));
    assertEquals(12.5, rows.get(1200).get("benefit"));
  }

  @Test
  void aByteOrderMarkAndBlankLinesAreNotData() throws IOException {
    Path path = dir.resolve("excel.csv");
    Files.writeString(path, "\uFEFFid,age\r\na,1\r\n\r\nb,2\r\n\r\n", StandardCharsets.UTF_8);

    List<GenericRecord> rows = Tables.readAll(path);

    assertEquals(
        List.of("id", "age"),
        rows.get(0).getSchema().getFields().stream().map(Schema.Field::name).toList());
    assertEquals(2, rows.size());
    assertEquals("b", rows.get(1).get("id").toString());
    assertEquals(2L, rows.get(1).get("age"));
  }

  /**
   * Spaces at the start of an unquoted first cell are part of its text, as in every other column
   * (Jackson's blank-line skipping dropped them: " padded " was read as "padded "), and a line of
   * spaces only is blank, not a row.
   */
  @Test
  void anUnquotedFirstCellKeepsItsLeadingSpacesAndALineOfSpacesIsNotARow() throws IOException {
    Path path = dir.resolve("spaces.csv");
    Files.writeString(path, "id,region\n padded ,  south\n   \nb, b\n", StandardCharsets.UTF_8);

    List<GenericRecord> rows = Tables.readAll(path);

    assertEquals(2, rows.size());
    assertEquals(" padded ", rows.get(0).get("id").toString());
    assertEquals("  south", rows.get(0).get("region").toString());
    assertEquals(" b", rows.get(1).get("region").toString());
  }

  private static Schema.Type valueType(Schema schema, String field) {
    Schema union = schema.getField(field).schema();
    assertEquals(Schema.Type.NULL, union.getTypes().get(0).getType());
    return union.getTypes().get(1).getType();
  }

  @Test
  void rowBeyondTheInferenceSampleThatDoesNotFitNamesRowAndColumn() throws IOException {
    Path path = dir.resolve("people.csv");
    Files.writeString(path, "id,age\na,1\nb,2\nc,abc\n", StandardCharsets.UTF_8);
    Schema inferred = CsvSchemaInference.infer(path, 2);

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(path, inferred));

    assertEquals(path + " row 3, column 'age': expected an integer, got 'abc'", error.getMessage());
  }

  /** A writer names its file by the path as given, as the readers do (it gave the base name). */
  @Test
  void aRecordTheCsvWriterCannotWriteNamesThePathRowAndColumn() {
    Path path = dir.resolve("out").resolve("people.csv");
    GenericRecord unnamed = person(null, "north", 34, 3L, 1.0, true, "female");

    TableException error =
        assertThrows(
            TableException.class,
            () -> {
              Files.createDirectories(path.getParent());
              Tables.writeAll(path, SCHEMA, List.of(people().get(0), unnamed));
            });

    assertEquals(
        path + " row 2, column 'person_id': null in a column that is not nullable",
        error.getMessage());
  }

  @Test
  void badNumberNamesFileRowAndColumn() throws IOException {
    Path path = dir.resolve("people.csv");
    StringBuilder csv = new StringBuilder("person_id,age,income,employed,sex\n");
    for (int row = 1; row <= 16; row++) {
      csv.append("p").append(row).append(",40,100.0,true,male\n");
    }
    csv.append("p17,40,abc,true,male\n");
    Files.writeString(path, csv.toString(), StandardCharsets.UTF_8);

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(path, SCHEMA));

    assertEquals(
        path + " row 17, column 'income': expected a number, got 'abc'", error.getMessage());
  }

  @Test
  void badEnumAndMissingRequiredCellAreReported() throws IOException {
    Path enumPath = dir.resolve("enum.csv");
    Files.writeString(enumPath, "person_id,age,employed,sex\np1,40,true,other\n");
    Path emptyPath = dir.resolve("empty_cell.csv");
    Files.writeString(emptyPath, "person_id,age,employed,sex\np1,,true,male\n");

    TableException badEnum =
        assertThrows(TableException.class, () -> Tables.readAll(enumPath, SCHEMA));
    TableException emptyCell =
        assertThrows(TableException.class, () -> Tables.readAll(emptyPath, SCHEMA));

    assertEquals(
        enumPath + " row 1, column 'sex': expected one of [female, male], got 'other'",
        badEnum.getMessage());
    assertEquals(
        emptyPath + " row 1, column 'age': expected an integer (int), got an empty cell",
        emptyCell.getMessage());
  }

  @Test
  void rowWithWrongNumberOfCellsIsReported() throws IOException {
    Path path = dir.resolve("short.csv");
    Files.writeString(path, "id,age\na,1\nb\n");

    TableException error = assertThrows(TableException.class, () -> Tables.readAll(path));

    assertEquals(path + " row 2: expected 2 cells as in the header, got 1", error.getMessage());
  }

  @Test
  void missingRequiredColumnIsReported() throws IOException {
    Path path = dir.resolve("missing.csv");
    Files.writeString(path, "person_id,employed,sex\np1,true,male\n");

    TableException error = assertThrows(TableException.class, () -> Tables.reader(path, SCHEMA));

    assertTrue(
        error.getMessage().startsWith(path + ": column 'age' required by the schema"),
        error.getMessage());
  }

  @Test
  void invalidColumnNameAndDuplicateColumnsAreReported() throws IOException {
    Path invalid = dir.resolve("invalid.csv");
    Files.writeString(invalid, "id,age group\na,1\n");
    Path duplicate = dir.resolve("duplicate.csv");
    Files.writeString(duplicate, "id,age,id\na,1,b\n");

    TableException invalidName = assertThrows(TableException.class, () -> Tables.reader(invalid));
    TableException duplicateName =
        assertThrows(TableException.class, () -> Tables.reader(duplicate));

    assertTrue(invalidName.getMessage().contains("column name 'age group'"));
    assertTrue(duplicateName.getMessage().contains("names column 'id' more than once"));
  }

  /**
   * A semicolon-separated file and a header ending in a comma were refused as "column name '...' is
   * not a valid Avro name", without saying why: the usual causes are named.
   */
  @Test
  void aSemicolonSeparatedFileAndANamelessColumnAreNamedAsSuch() throws IOException {
    Path semicolons = dir.resolve("semicolons.csv");
    Files.writeString(semicolons, "id;age\na;1\n");
    Path trailing = dir.resolve("trailing.csv");
    Files.writeString(trailing, "id,age,\na,1,\n");

    TableException semicolonError =
        assertThrows(TableException.class, () -> Tables.reader(semicolons));
    TableException trailingError =
        assertThrows(TableException.class, () -> Tables.reader(trailing));

    assertEquals(
        semicolons
            + ": column name 'id;age' holds ';': the file looks semicolon-separated, and"
            + " CSV files are read separated by commas; convert it to commas",
        semicolonError.getMessage());
    assertEquals(
        trailing
            + ": column 3 of the header has no name (a comma at the end of the header, or"
            + " two in a row?); give every column a name",
        trailingError.getMessage());
  }

  @Test
  void unknownExtensionIsRefusedWithTheFileName() {
    Path path = dir.resolve("people.xlsx");

    TableException readError = assertThrows(TableException.class, () -> Tables.reader(path));
    TableException writeError =
        assertThrows(TableException.class, () -> Tables.writer(path, SCHEMA));

    assertEquals(
        path + ": unknown table format; the file name must end with .csv, .avro or .parquet",
        readError.getMessage());
    assertEquals(readError.getMessage(), writeError.getMessage());
  }

  @Test
  void nestedFieldCannotBeWrittenToCsv() {
    Schema nested =
        SchemaBuilder.record("Outer")
            .fields()
            .name("values")
            .type()
            .array()
            .items()
            .doubleType()
            .noDefault()
            .endRecord();

    TableException error =
        assertThrows(TableException.class, () -> Tables.writer(dir.resolve("n.csv"), nested));

    assertTrue(
        error.getMessage().startsWith(dir.resolve("n.csv") + ", column 'values': type"),
        error.getMessage());
  }

  @Test
  void csvWriterWritesHeaderAndEmptyCellsForNull() throws IOException {
    Path path = dir.resolve("out.csv");

    Tables.writeAll(path, SCHEMA, List.of(person("p2", null, 71, null, -1250.5, false, "male")));

    assertEquals(
        "person_id,region,age,visits,income,employed,sex\np2,,71,,-1250.5,false,male\n",
        Files.readString(path));
  }

  /**
   * Text that needs quoting reads back as written: commas, quotes, a lone carriage return, leading
   * spaces in the first column, a blank value (Jackson's strict quoting check, tried once, wrote
   * the last three unquoted and they came back changed, split or as missing rows).
   */
  @Test
  void csvTextReadsBackAsWritten() throws IOException {
    Path path = dir.resolve("text.csv");
    List<String> texts =
        List.of(
            "north, coast", "say \"hi\"", "cr\rx", " lead", "  y", "abcdefghijklmnopqrstuvwxyz");
    List<GenericRecord> written = new ArrayList<>();
    for (String text : texts) {
      written.add(person(text, text, 40, null, 1.0, true, "male"));
    }

    Tables.writeAll(path, SCHEMA, written);

    List<GenericRecord> read = Tables.readAll(path, SCHEMA);
    assertEquals(texts.size(), read.size());
    for (int r = 0; r < texts.size(); r++) {
      assertEquals(texts.get(r), read.get(r).get("person_id").toString());
      assertEquals(texts.get(r), read.get(r).get("region").toString());
    }
  }

  @Test
  void csvWithSchemaIgnoresExtraColumnsAndNullsMissingOptionalOnes() throws IOException {
    Path path = dir.resolve("partial.csv");
    Files.writeString(path, "sex,extra,person_id,age,employed\nmale,zzz,p9,-3,true\n");

    List<GenericRecord> read = Tables.readAll(path, SCHEMA);

    GenericRecord row = read.get(0);
    assertEquals("p9", row.get("person_id"));
    assertEquals(-3, row.get("age"));
    assertNull(row.get("region"));
    assertNull(row.get("income"));
    assertEquals("male", row.get("sex").toString());
  }
}
