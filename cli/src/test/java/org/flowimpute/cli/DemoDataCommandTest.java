package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

class DemoDataCommandTest {
  @TempDir Path dir;

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

  /** The summary line counts in words that agree with the number ("1 persons in 1 households"). */
  @Test
  void theSummarySaysOnePersonInOneHousehold() {
    Path out = dir.resolve("one.csv");

    CommandRun one = CommandRun.run("demo-data", "--rows", "1", "--out", out.toString());
    CommandRun two = CommandRun.run("demo-data", "--rows", "2", "--out", out.toString());

    assertTrue(one.out().startsWith("wrote 1 person in 1 household to " + out), one.out());
    assertTrue(two.out().startsWith("wrote 2 persons in 1 household to " + out), two.out());
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
    assertEquals(ExitCodes.USAGE, run("demo-data", "--rows", "10").exitCode());
    assertEquals(ExitCodes.USAGE, run("demo-data", "--rows", "ten", "--out", "x.csv").exitCode());
    assertEquals(
        ExitCodes.USAGE,
        run("demo-data", "--rows", "0", "--out", dir.resolve("x.csv").toString()).exitCode());
    assertFalse(Files.exists(dir.resolve("x.csv")));
  }

  @Test
  void unknownExtensionIsAUsageErrorNamingTheOption() {
    Path out = dir.resolve("people.xlsx");

    CommandRun result = run("demo-data", "--rows", "10", "--out", out.toString());

    assertEquals(ExitCodes.USAGE, result.exitCode());
    String err = result.err();
    assertEquals(
        "--out: "
            + out
            + ": unknown table format; the file name must end with .csv, .avro or .parquet",
        err.strip().lines().findFirst().orElse(""));
    assertTrue(err.contains("Run 'flowimpute demo-data --help' for the options."), err);
    assertFalse(Files.exists(out));
  }
}
