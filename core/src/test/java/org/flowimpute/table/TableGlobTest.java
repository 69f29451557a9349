package org.flowimpute.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables named by a glob: several files of one format read in name order as one table. */
class TableGlobTest {
  private static final Schema SCHEMA =
      SchemaBuilder.record("Row").fields().requiredString("id").requiredLong("n").endRecord();

  @TempDir Path dir;

  private static GenericRecord row(Schema schema, String id, long n) {
    GenericData.Record record = new GenericData.Record(schema);
    record.put("id", id);
    record.put("n", n);
    return record;
  }

  private static List<String> ids(List<GenericRecord> records) {
    return records.stream().map(r -> r.get("id").toString()).toList();
  }

  /** Three shards named as impute names them, written out of name order. */
  private void writeAvroShards() {
    Tables.writeAll(dir.resolve("out-00002-of-00003.avro"), SCHEMA, List.of(row(SCHEMA, "e", 5)));
    Tables.writeAll(
        dir.resolve("out-00000-of-00003.avro"),
        SCHEMA,
        List.of(row(SCHEMA, "a", 1), row(SCHEMA, "b", 2)));
    Tables.writeAll(
        dir.resolve("out-00001-of-00003.avro"),
        SCHEMA,
        List.of(row(SCHEMA, "c", 3), row(SCHEMA, "d", 4)));
  }

  @Test
  void readsThreeAvroShardsInNameOrder() {
    writeAvroShards();
    Tables.writeAll(dir.resolve("out-dead-letters-00000-of-00001.avro"), SCHEMA, List.of());
    Path glob = dir.resolve("out-[0-9]*.avro");
    List<GenericRecord> records = Tables.readAll(glob);
    assertEquals(List.of("a", "b", "c", "d", "e"), ids(records));
    assertEquals(SCHEMA, records.get(4).getSchema());
    assertEquals(List.of("a", "b", "c", "d", "e"), ids(Tables.readAll(glob, SCHEMA)));
    try (TableReader reader = Tables.reader(glob)) {
      reader.next();
      reader.next();
      assertEquals("out-00000-of-00003.avro", reader.path().getFileName().toString());
      assertEquals(2, reader.rowNumber());
      reader.next();
      assertEquals("out-00001-of-00003.avro", reader.path().getFileName().toString());
      assertEquals(1, reader.rowNumber());
    }
  }

  @Test
  void readsCsvAndParquetShardsInNameOrder() throws IOException {
    Files.writeString(dir.resolve("part-2.csv"), "id,n\nc,3\n");
    Files.writeString(dir.resolve("part-1.csv"), "id,n\na,1\nb,2.5\n");
    List<GenericRecord> csv = Tables.readAll(dir.resolve("part-*.csv"));
    assertEquals(List.of("a", "b", "c"), ids(csv));
    // the schema is inferred from all files: 2.5 makes n a double in the second file's rows too
    assertEquals(3.0, csv.get(2).get("n"));
    for (String name : List.of("p-0.parquet", "p-1.parquet", "p-2.parquet")) {
      Tables.writeAll(dir.resolve(name), SCHEMA, List.of(row(SCHEMA, name, 1)));
    }
    assertEquals(
        List.of("p-0.parquet", "p-1.parquet", "p-2.parquet"),
        ids(Tables.readAll(dir.resolve("p-?.parquet"))));
  }

  @Test
  void refusesAnAvroShardWhoseSchemaDoesNotResolveNamingIt() {
    writeAvroShards();
    Schema other =
        SchemaBuilder.record("Row").fields().requiredString("id").requiredString("x").endRecord();
    GenericData.Record bad = new GenericData.Record(other);
    bad.put("id", "z");
    bad.put("x", "x");
    Tables.writeAll(dir.resolve("out-00001-of-00003.avro"), other, List.of(bad));
    TableException e =
        assertThrows(TableException.class, () -> Tables.reader(dir.resolve("out-[0-9]*.avro")));
    assertEquals(
        dir.resolve("out-00001-of-00003.avro")
            + ": its schema cannot be read as that of out-00000-of-00003.avro (the first file): it"
            + " lacks field 'n'; the files of one table must have one schema",
        e.getMessage());
  }

  /**
   * A shard whose field became nullable, changed type or whose records have another name is refused
   * naming the field and both types: the message said "at /" for a nullable field.
   */
  @Test
  void aShardOfAnotherSchemaIsRefusedNamingTheFieldAndBothTypes() {
    writeAvroShards();
    Schema nullable =
        SchemaBuilder.record("Row").fields().requiredString("id").optionalLong("n").endRecord();
    GenericData.Record one = new GenericData.Record(nullable);
    one.put("id", "c");
    Tables.writeAll(dir.resolve("out-00001-of-00003.avro"), nullable, List.of(one));
    Schema text =
        SchemaBuilder.record("Row").fields().requiredString("id").requiredString("n").endRecord();
    GenericData.Record two = new GenericData.Record(text);
    two.put("id", "d");
    two.put("n", "4");
    Schema renamed =
        SchemaBuilder.record("Person").fields().requiredString("id").requiredLong("n").endRecord();

    String first =
        dir.resolve("out-00001-of-00003.avro")
            + ": its schema cannot be read as that"
            + " of out-00000-of-00003.avro (the first file): ";
    String tail = "; the files of one table must have one schema";
    assertEquals(
        first + "field 'n' is nullable long, expected long" + tail,
        assertThrows(TableException.class, () -> Tables.reader(dir.resolve("out-[0-9]*.avro")))
            .getMessage());
    Tables.writeAll(dir.resolve("out-00001-of-00003.avro"), text, List.of(two));
    assertEquals(
        first + "field 'n' is string, expected long" + tail,
        assertThrows(TableException.class, () -> Tables.reader(dir.resolve("out-[0-9]*.avro")))
            .getMessage());
    Tables.writeAll(dir.resolve("out-00001-of-00003.avro"), renamed, List.of(row(renamed, "c", 3)));
    assertEquals(
        first + "its records are named Person, expected Row, with the same fields" + tail,
        assertThrows(TableException.class, () -> Tables.reader(dir.resolve("out-[0-9]*.avro")))
            .getMessage());
  }

  /**
   * Parquet files whose column is INT32 in one file and INT64 in another are read as Avro files
   * are: the first file's schema is the table's and the others' values are promoted to it (was:
   * refused, printing both whole schemas on one line); one that cannot be promoted is refused
   * naming the field and both types.
   */
  @Test
  void parquetFilesArePromotedToTheFirstFilesSchemaOrRefusedNamingTheField() {
    Schema ints =
        SchemaBuilder.record("Row").fields().requiredString("id").requiredInt("n").endRecord();
    GenericData.Record small = new GenericData.Record(ints);
    small.put("id", "b");
    small.put("n", 2);
    Tables.writeAll(dir.resolve("p-0.parquet"), SCHEMA, List.of(row(SCHEMA, "a", 1)));
    Tables.writeAll(dir.resolve("p-1.parquet"), ints, List.of(small));

    List<GenericRecord> records = Tables.readAll(dir.resolve("p-?.parquet"));

    assertEquals(List.of("a", "b"), ids(records));
    assertEquals(2L, records.get(1).get("n"));
    assertEquals(SCHEMA, records.get(1).getSchema());

    Tables.writeAll(dir.resolve("p-0.parquet"), ints, List.of(small));
    Tables.writeAll(dir.resolve("p-1.parquet"), SCHEMA, List.of(row(SCHEMA, "a", 1)));
    assertEquals(
        dir.resolve("p-1.parquet")
            + ": its schema cannot be read as that of p-0.parquet (the first file): field 'n' is"
            + " long, expected int; the files of one table must have one schema",
        assertThrows(TableException.class, () -> Tables.reader(dir.resolve("p-?.parquet")))
            .getMessage());
  }

  /**
   * Records of another name are listed with their field differences, also the fields the file lacks
   * that have a default (a condition-only file beside a full one said only the names).
   */
  @Test
  void aShardOfAnotherRecordNameIsRefusedListingTheFieldsThatDiffer() {
    Schema full =
        SchemaBuilder.record("Person")
            .fields()
            .requiredString("id")
            .requiredLong("n")
            .optionalDouble("income")
            .optionalDouble("tax")
            .endRecord();
    Schema conditions =
        SchemaBuilder.record("PersonConditions")
            .fields()
            .requiredString("id")
            .requiredString("n")
            .requiredInt("age")
            .endRecord();
    GenericData.Record person = new GenericData.Record(full);
    person.put("id", "a");
    person.put("n", 1L);
    GenericData.Record condition = new GenericData.Record(conditions);
    condition.put("id", "b");
    condition.put("n", "2");
    condition.put("age", 40);
    Tables.writeAll(dir.resolve("p-1.avro"), full, List.of(person));
    Tables.writeAll(dir.resolve("p-2.avro"), conditions, List.of(condition));

    assertEquals(
        dir.resolve("p-2.avro")
            + ": its schema cannot be read as that of p-1.avro (the first file): its records are"
            + " named PersonConditions, expected Person; field 'n' is string, expected long; it"
            + " lacks fields 'income', 'tax'; it has field 'age' besides; the files of one table"
            + " must have one schema",
        assertThrows(TableException.class, () -> Tables.reader(dir.resolve("p-[0-9].avro")))
            .getMessage());
  }

  @Test
  void refusesACsvFileWithAnotherHeaderNamingIt() throws IOException {
    Files.writeString(dir.resolve("part-1.csv"), "id,n\na,1\n");
    Files.writeString(dir.resolve("part-2.csv"), "id,m\nb,2\n");
    TableException e =
        assertThrows(TableException.class, () -> Tables.readAll(dir.resolve("part-*.csv")));
    assertTrue(
        e.getMessage().startsWith(dir.resolve("part-2.csv") + ": its header"), e::getMessage);
    e = assertThrows(TableException.class, () -> Tables.readAll(dir.resolve("part-*.csv"), SCHEMA));
    assertTrue(e.getMessage().startsWith(dir.resolve("part-2.csv") + ": "), e::getMessage);
    // a header with the schema's columns in another order is refused too
    Files.writeString(dir.resolve("part-2.csv"), "n,id\n2,b\n");
    e = assertThrows(TableException.class, () -> Tables.readAll(dir.resolve("part-*.csv"), SCHEMA));
    assertTrue(
        e.getMessage().startsWith(dir.resolve("part-2.csv") + ": its header"), e::getMessage);
  }

  @Test
  void refusesAGlobThatMatchesNothingNamingIt() {
    Path glob = dir.resolve("nothing-[0-9]*.avro");
    TableException e = assertThrows(TableException.class, () -> Tables.readAll(glob));
    assertEquals("no files match " + glob, e.getMessage());
    Path missingDirectory = dir.resolve("missing").resolve("x-*.csv");
    e = assertThrows(TableException.class, () -> Tables.readAll(missingDirectory));
    assertTrue(e.getMessage().startsWith("no files match " + missingDirectory), e::getMessage);
  }

  /**
   * Hidden files (a concurrent writer's partial table, an editor's lock file, macOS metadata) are
   * not part of a table a glob names: {@code *.csv} read {@code ._x.csv} and failed on its bytes,
   * or read a half-written table twice over. A glob starting with '.' names them on purpose.
   */
  @Test
  void aGlobSkipsHiddenFilesUnlessItStartsWithADot() throws IOException {
    Files.writeString(dir.resolve("x.csv"), "id,n\na,1\n");
    Files.writeString(dir.resolve(".#x.csv"), "id,n\nlock,9\n");
    Files.writeString(dir.resolve("._x.csv"), "\u0000\u0005binary");
    Files.writeString(dir.resolve(".out.csv.partial-4242"), "id,n\nhalf,");
    assertEquals(List.of(dir.resolve("x.csv")), TableFiles.of(dir.resolve("*.csv")));
    assertEquals(List.of("a"), ids(Tables.readAll(dir.resolve("*.csv"))));
    assertEquals(List.of("lock"), ids(Tables.readAll(dir.resolve(".#*.csv"))));
  }

  @Test
  void aGlobMatchingOnlyHiddenFilesIsRefusedSayingTheyWereSkipped() throws IOException {
    Files.writeString(dir.resolve(".b.csv"), "id,n\nb,1\n");
    Files.writeString(dir.resolve(".a.csv"), "id,n\na,1\n");
    Path glob = dir.resolve("*.csv");
    TableException e = assertThrows(TableException.class, () -> Tables.readAll(glob));
    assertEquals(
        "no files match "
            + glob
            + " (skipped 2 hidden files, such as .a.csv: a name starting with '.' is matched"
            + " only by a glob starting with '.')",
        e.getMessage());
    Files.delete(dir.resolve(".b.csv"));
    e = assertThrows(TableException.class, () -> Tables.readAll(glob));
    assertTrue(
        e.getMessage()
            .endsWith(
                "(skipped 1 hidden file, .a.csv: a name starting"
                    + " with '.' is matched only by a glob starting with '.')"),
        e::getMessage);
  }

  @Test
  void refusesFilesOfMixedFormats() throws IOException {
    Files.writeString(dir.resolve("t-1.csv"), "id,n\na,1\n");
    Tables.writeAll(dir.resolve("t-2.avro"), SCHEMA, List.of(row(SCHEMA, "b", 2)));
    TableException e = assertThrows(TableException.class, () -> Tables.readAll(dir.resolve("t-*")));
    assertTrue(e.getMessage().startsWith(dir.resolve("t-2.avro") + ": "), e::getMessage);
  }

  /**
   * A row with the wrong number of cells names its file as given, relative or absolute, alone or
   * matched by a glob, as a bad cell does: it named only the file name ({@code ragged.csv row 3}),
   * while the bad value of a neighbouring row was named {@code bad/ragged.csv row 2}.
   */
  @Test
  void aRaggedRowNamesItsFileAsGivenOrAsTheGlobMatchedIt() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(sub.resolve("a.csv"), "id,n\na,1\n");
    Files.writeString(sub.resolve("ragged.csv"), "id,n\nb,2\nc,3,4\n");
    Path relative = Path.of("").toAbsolutePath().relativize(sub.resolve("ragged.csv"));
    String expected = " row 2: expected 2 cells as in the header, got 3";

    for (Path given : List.of(relative, sub.resolve("ragged.csv"))) {
      TableException alone = assertThrows(TableException.class, () -> Tables.readAll(given));

      assertEquals(given + expected, alone.getMessage());
    }
    Path glob = relative.resolveSibling("*.csv");
    TableException inGlob = assertThrows(TableException.class, () -> Tables.readAll(glob, SCHEMA));

    assertEquals(relative + expected, inGlob.getMessage());
  }

  @Test
  void errorsNameTheFileAndItsRow() throws IOException {
    Files.writeString(dir.resolve("part-1.csv"), "id,n\na,1\n");
    Files.writeString(dir.resolve("part-2.csv"), "id,n\nb,2\nc,x\n");
    TableException e =
        assertThrows(TableException.class, () -> Tables.readAll(dir.resolve("part-*.csv"), SCHEMA));
    assertTrue(
        e.getMessage().startsWith(dir.resolve("part-2.csv") + " row 2, column 'n'"), e::getMessage);
  }

  @Test
  void rowNamesNameEachRowsFileAndItsRowThere() throws IOException {
    writeAvroShards();
    RowNames names = new RowNames();
    List<GenericRecord> records = Tables.readAll(dir.resolve("out-[0-9]*.avro"), names);
    assertEquals(5, records.size());
    assertEquals(dir.resolve("out-00000-of-00003.avro") + " row 1", names.of(0));
    assertEquals(dir.resolve("out-00000-of-00003.avro") + " row 2", names.of(1));
    assertEquals(dir.resolve("out-00001-of-00003.avro") + " row 1", names.of(2));
    assertEquals(dir.resolve("out-00001-of-00003.avro") + " row 2", names.of(3));
    assertEquals(dir.resolve("out-00002-of-00003.avro") + " row 1", names.of(4));
    assertThrows(IndexOutOfBoundsException.class, () -> names.of(5));
  }

  @Test
  void emptyFilesAmongTheMatchesAreSkipped() {
    Tables.writeAll(dir.resolve("a-0.avro"), SCHEMA, List.of());
    Tables.writeAll(dir.resolve("a-1.avro"), SCHEMA, List.of(row(SCHEMA, "x", 1)));
    Tables.writeAll(dir.resolve("a-2.avro"), SCHEMA, List.of());
    Tables.writeAll(dir.resolve("a-3.avro"), SCHEMA, List.of(row(SCHEMA, "y", 2)));
    Tables.writeAll(dir.resolve("a-4.avro"), SCHEMA, List.of());
    RowNames names = new RowNames();
    assertEquals(List.of("x", "y"), ids(Tables.readAll(dir.resolve("a-*.avro"), names)));
    assertEquals(dir.resolve("a-3.avro") + " row 1", names.of(1));
  }

  @Test
  void anExistingFileWithGlobCharactersIsReadAsItself() throws IOException {
    Files.writeString(dir.resolve("a[1].csv"), "id,n\na,1\n");
    Files.writeString(dir.resolve("a1.csv"), "id,n\nb,2\n");
    assertEquals(List.of("a"), ids(Tables.readAll(dir.resolve("a[1].csv"))));
    assertFalse(TableFiles.isGlob(dir.resolve("a[1].csv")));
    assertTrue(TableFiles.isGlob(dir.resolve("a[0-9].csv")));
    assertFalse(TableFiles.isGlob(dir.resolve("plain.csv")));
    List<Path> files = new ArrayList<>(TableFiles.of(dir.resolve("a?.csv")));
    assertEquals(List.of(dir.resolve("a1.csv")), files);
  }
}
