package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.bundle.SampleManifests;
import org.flowimpute.table.TableFormat;
import org.flowimpute.table.TableReader;
import org.flowimpute.table.TableWriter;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSV columns a model does not read are written to Avro and Parquet typed by all their cells
 * (whole numbers long, decimals double, codes with a leading zero, numbers beyond long and text
 * string, empty cells null), and to CSV as the text they hold; the key column stays text.
 */
class TextColumnTypesTest {

  /** Columns of SampleManifests.sample(): conditions age and region; the rest pass through. */
  private static final String CSV =
      "id,age,region,amount,note,partly,code,big,signed\n"
          + "7,30,north,1.50,a,3,007,12345678901234567890,+7\n"
          + "8,41,south,2,\"b,c\",,010,12345678901234567891,-0\n"
          + "9,52,east,1e3,,5,011,1,12\n";

  @TempDir Path temp;

  @Test
  void typedOutputsGetTheTypesOfTheCells() throws Exception {
    for (String extension : List.of("parquet", "avro")) {
      List<GenericRecord> rows = Tables.readAll(copy("out." + extension));
      Schema schema = rows.get(0).getSchema();

      assertEquals(nullable(Schema.Type.STRING), schema.getField("id").schema(), extension);
      assertEquals(nullable(Schema.Type.LONG), schema.getField("age").schema(), extension);
      assertEquals(nullable(Schema.Type.DOUBLE), schema.getField("amount").schema(), extension);
      assertEquals(nullable(Schema.Type.STRING), schema.getField("note").schema(), extension);
      assertEquals(nullable(Schema.Type.LONG), schema.getField("partly").schema(), extension);
      assertEquals(nullable(Schema.Type.STRING), schema.getField("code").schema(), extension);
      assertEquals(nullable(Schema.Type.STRING), schema.getField("big").schema(), extension);
      assertEquals(nullable(Schema.Type.LONG), schema.getField("signed").schema(), extension);
      assertEquals(List.of("7", "8", "9"), text(rows, "id"));
      assertEquals(List.of(1.5, 2.0, 1000.0), column(rows, "amount"));
      assertEquals(List.of("a", "b,c", "null"), text(rows, "note"));
      assertEquals(3L, rows.get(0).get("partly"));
      assertNull(rows.get(1).get("partly"));
      assertEquals(List.of("007", "010", "011"), text(rows, "code"));
      assertEquals(List.of("12345678901234567890", "12345678901234567891", "1"), text(rows, "big"));
      assertEquals(List.of(7L, 0L, 12L), column(rows, "signed"));
    }
  }

  /**
   * A passed-through cell beyond the range of a double ({@code 1e400}) makes its column text, as a
   * whole number beyond a long does: typed double, it was written as Infinity.
   */
  @Test
  void aNumberBeyondTheDoubleRangeKeepsItsColumnText() throws Exception {
    Path input =
        Files.writeString(
            temp.resolve("huge.csv"),
            "id,age,region,amount,scale\n7,30,north,1e400,1.5\n8,41,south,2.5,Infinity\n");
    for (String extension : List.of("parquet", "avro")) {
      Path output = temp.resolve("huge." + extension);
      TextColumnInput in = TextColumnInput.of("--input", input, SampleManifests.sample(), "id");
      try (TableReader reader = in.open();
          TableWriter writer = in.types().writer(output, TableFormat.of(output), reader.schema())) {
        while (reader.hasNext()) {
          writer.write(reader.next());
        }
      }
      List<GenericRecord> rows = Tables.readAll(output);
      Schema schema = rows.get(0).getSchema();

      assertEquals(nullable(Schema.Type.STRING), schema.getField("amount").schema(), extension);
      assertEquals(List.of("1e400", "2.5"), text(rows, "amount"));
      // a cell that says Infinity is a double, as the inference rules have it
      assertEquals(nullable(Schema.Type.DOUBLE), schema.getField("scale").schema(), extension);
      assertEquals(List.of(1.5, Double.POSITIVE_INFINITY), column(rows, "scale"));
    }
  }

  @Test
  void csvOutputKeepsTheCellsAsTheyWere() throws Exception {
    Path output = copy("out.csv");

    assertEquals(cells(temp.resolve("in.csv")), cells(output));
  }

  /**
   * The CSV input, read for SampleManifests.sample() with key column id, written to {@code name}.
   */
  private Path copy(String name) throws Exception {
    Path input = Files.writeString(temp.resolve("in.csv"), CSV);
    Path output = temp.resolve(name);
    TextColumnInput in = TextColumnInput.of("--input", input, SampleManifests.sample(), "id");
    try (TableReader reader = in.open();
        TableWriter writer = in.types().writer(output, TableFormat.of(output), reader.schema())) {
      while (reader.hasNext()) {
        writer.write(reader.next());
      }
    }
    return output;
  }

  /**
   * Every cell of the CSV file {@code path}, row by row, as the text it holds (all read as text).
   */
  private static List<List<String>> cells(Path path) {
    List<List<String>> rows = new ArrayList<>();
    try (TableReader reader =
        TextColumnInput.of("--input", path, SampleManifests.sample(), "id", "age", "region")
            .open()) {
      while (reader.hasNext()) {
        GenericRecord row = reader.next();
        List<String> cells = new ArrayList<>();
        row.getSchema().getFields().forEach(f -> cells.add(String.valueOf(row.get(f.pos()))));
        rows.add(cells);
      }
    }
    return rows;
  }

  private static Schema nullable(Schema.Type type) {
    return Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(type));
  }

  private static List<Object> column(List<GenericRecord> rows, String name) {
    List<Object> values = new ArrayList<>();
    rows.forEach(row -> values.add(row.get(name)));
    return values;
  }

  private static List<String> text(List<GenericRecord> rows, String name) {
    List<String> values = new ArrayList<>();
    rows.forEach(row -> values.add(String.valueOf(row.get(name))));
    return values;
  }
}
