package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.demo.DemoSchemas;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DemoDataCommandTest {
  @TempDir Path dir;

  /** Runs the CLI capturing stderr; returns {exit code, stderr}. */
  private static Object[] run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine commandLine = FlowImpute.newCommandLine();
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    int exitCode = commandLine.execute(args);
    return new Object[] {exitCode, err.toString()};
  }

  @ParameterizedTest
  @ValueSource(strings = {"people.avro", "people.csv", "people.parquet"})
  void writesTheRequestedNumberOfPersons(String fileName) {
    Path out = dir.resolve(fileName);

    int exitCode =
        FlowImpute.run("demo-data", "--rows", "1234", "--seed", "5", "--out", out.toString());

    assertEquals(ExitCodes.OK, exitCode);
    List<GenericRecord> records = Tables.readAll(out, DemoSchemas.PERSON);
    assertEquals(1234, records.size());
    assertEquals("H0000001-01", records.get(0).get("person_id").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"people.avro", "people.csv", "people.parquet"})
  void sameSeedWritesAByteIdenticalFile(String fileName) throws IOException {
    Path first = dir.resolve("a-" + fileName);
    Path second = dir.resolve("b-" + fileName);

    FlowImpute.run("demo-data", "--rows", "500", "--seed", "9", "--out", first.toString());
    FlowImpute.run("demo-data", "--rows", "500", "--seed", "9", "--out", second.toString());

    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
  }

  @Test
  void conditionsOnlyWritesNoTargetColumns() throws IOException {
    Path out = dir.resolve("conditions.csv");

    int exitCode =
        FlowImpute.run("demo-data", "--rows", "10", "--conditions-only", "--out", out.toString());

    assertEquals(ExitCodes.OK, exitCode);
    String header = Files.readAllLines(out).get(0);
    assertEquals(
        "household_id,person_id,region,household_size,age,sex,education,employment,citizenship,"
            + "weight",
        header);
    assertEquals(10, Tables.readAll(out).size());
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertEquals(ExitCodes.USAGE, run("demo-data", "--rows", "10")[0]);
    assertEquals(ExitCodes.USAGE, run("demo-data", "--rows", "ten", "--out", "x.csv")[0]);
    assertEquals(
        ExitCodes.USAGE,
        run("demo-data", "--rows", "0", "--out", dir.resolve("x.csv").toString())[0]);
    assertFalse(Files.exists(dir.resolve("x.csv")));
  }

  @Test
  void unknownExtensionFailsWithOneLine() {
    Path out = dir.resolve("people.xlsx");

    Object[] result = run("demo-data", "--rows", "10", "--out", out.toString());

    assertEquals(ExitCodes.FAILURE, result[0]);
    String err = (String) result[1];
    assertEquals(
        "error: "
            + out
            + ": unknown table format; the file name must end with .csv, .avro or .parquet",
        err.strip());
    assertTrue(err.strip().lines().count() == 1);
    assertFalse(Files.exists(out));
  }
}
