package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** End to end on demo data: demo-data, train (tiny), impute on embedded Flink and DirectRunner. */
class ImputeCommandTest {

  @TempDir static Path temp;

  private static Path bundle;

  @BeforeAll
  static void trainTinyModelOnDemoData() {
    Path training = temp.resolve("train.csv");
    bundle = temp.resolve("bundle");
    assertOk(run("demo-data", "--rows", "600", "--seed", "3", "--out", training.toString()));
    assertOk(
        run(
            "train",
            "--data",
            training.toString(),
            "--conditions",
            "region,age,sex,employment",
            "--categorical",
            "region,sex,employment",
            "--targets",
            "wage_income,net_savings",
            "--weight",
            "weight",
            "--epochs",
            "2",
            "--hidden",
            "16",
            "--layers",
            "2",
            "--no-progress",
            "--out",
            bundle.toString()));
  }

  @Test
  void imputesDemoRecordsOnEmbeddedFlinkAndReportsTheCounts() throws IOException {
    Path input = temp.resolve("flink-in.avro");
    assertOk(
        run(
            "demo-data",
            "--rows",
            "300",
            "--seed",
            "9",
            "--conditions-only",
            "--out",
            input.toString()));
    Path output = temp.resolve("flink-out");

    Result result =
        run(
            "impute",
            "--model",
            bundle.toString(),
            "--input",
            input.toString(),
            "--output",
            output.resolve("imputed").toString(),
            "--runner",
            "FlinkRunner",
            "--parallelism",
            "2",
            "--batch-size",
            "64",
            "--key-field",
            "person_id");

    assertOk(result);
    List<GenericRecord> records = read(output, "imputed-0");
    assertEquals(300, records.size());
    assertEquals(0, read(output, "imputed-dead-letters").size());
    assertTrue(
        result.out().startsWith("imputed 300 of 300 records (0 dead letters)"), result.out());
    for (GenericRecord record : records) {
      double wage = (Double) record.get("wage_income");
      String gate = record.get("wage_income_gate").toString();
      assertEquals(gate, wage < 0 ? "negative" : wage == 0 ? "zero" : "positive");
    }
  }

  @Test
  void malformedCsvRowsGoToTheDeadLettersOnTheDirectRunner() throws IOException {
    Path input = temp.resolve("direct-in.csv");
    assertOk(
        run(
            "demo-data",
            "--rows",
            "50",
            "--seed",
            "4",
            "--conditions-only",
            "--out",
            input.toString()));
    List<String> lines = new ArrayList<>(Files.readAllLines(input));
    String header = lines.get(0);
    lines.add(lines.get(1).replaceFirst("^[^,]*,[^,]*,", "hx,px,"));
    lines.set(2, lines.get(2).replace(",male,", ",robot,").replace(",female,", ",robot,"));
    Files.write(input, lines);
    Path output = temp.resolve("direct-out");

    Result result =
        run(
            "impute",
            "--model",
            bundle.toString(),
            "--input",
            input.toString(),
            "--output",
            output.resolve("imputed").toString(),
            "--key-field",
            "person_id");

    assertOk(result);
    assertTrue(header.contains("sex"), header);
    assertEquals(50, read(output, "imputed-0").size());
    List<GenericRecord> deadLetters = read(output, "imputed-dead-letters");
    assertEquals(1, deadLetters.size());
    assertEquals("unknown_category", deadLetters.get(0).get("error_class").toString());
    assertEquals("sex", deadLetters.get(0).get("field").toString());
    assertTrue(result.out().contains("(1 dead letters)"), result.out());
  }

  @Test
  void aMissingBundleIsAOneLineError() {
    Result result =
        run(
            "impute",
            "--model",
            temp.resolve("no-such-bundle").toString(),
            "--input",
            "x.avro",
            "--output",
            temp.resolve("never").toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode());
    assertTrue(result.err().startsWith("error: "), result.err());
    assertTrue(result.err().contains("no-such-bundle: no such bundle"), result.err());
    assertEquals(1, result.err().strip().lines().count(), result.err());
  }

  @Test
  void aMissingModelOptionIsAUsageError() {
    Result result = run("impute", "--input", "x.avro", "--output", "y");

    assertEquals(ExitCodes.USAGE, result.exitCode());
    assertTrue(result.err().contains("--model"), result.err());
  }

  private static List<GenericRecord> read(Path directory, String prefix) throws IOException {
    List<GenericRecord> records = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
        try (DataFileReader<GenericRecord> reader =
            new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
          reader.forEach(records::add);
        }
      }
    }
    return records;
  }

  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = FlowImpute.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  private static void assertOk(Result result) {
    assertEquals(ExitCodes.OK, result.exitCode(), result.err() + result.out());
  }
}
