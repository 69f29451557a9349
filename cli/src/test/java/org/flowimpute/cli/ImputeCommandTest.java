package org.flowimpute.cli;

import static org.flowimpute.cli.CliFixtures.readShards;
import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.demo.DemoSchemas;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on demo data: demo-data, train (tiny), impute on embedded Flink and DirectRunner. */
class ImputeCommandTest {

  @TempDir static Path temp;

  private static Path bundle;

  @BeforeAll
  static void trainTinyModelOnDemoData() {
    bundle = CliFixtures.trainOnDemoData(temp, 2, 16, 2);
  }

  /** A small job's rate is not printed as "0 records/s". */
  @Test
  void theSummaryRateKeepsTwoDigitsBelowTenRecordsPerSecond() {
    assertEquals("0.33", ImputeCommand.rate(4, 12.0));
    assertEquals("2.5", ImputeCommand.rate(5, 2.0));
    assertEquals("1272", ImputeCommand.rate(20_000, 15.72));
  }

  @Test
  void imputesDemoRecordsOnEmbeddedFlinkAndReportsTheCounts() throws IOException {
    Path input = temp.resolve("flink-in.avro");
    demoConditions(input, 300, 9);
    Path output = temp.resolve("flink-out");

    CommandRun result =
        CliFixtures.impute(
                bundle,
                input,
                output,
                "person_id",
                "--runner",
                "FlinkRunner",
                "--parallelism",
                "2",
                "--batch-size",
                "64")
            .assertOk();

    List<GenericRecord> records = readShards(output, "imputed-0");
    assertEquals(300, records.size());
    assertEquals(List.of(), hiddenEntries(output));
    assertEquals(0, readShards(output, "imputed-dead-letters").size());
    assertTrue(
        result.out().startsWith("imputed 300 of 300 records (0 dead letters)"), result.out());
    assertEquals(files(output, "imputed-0"), matching(output, printedPattern(result, "output: ")));
    assertEquals(
        files(output, "imputed-dead-letters"),
        matching(output, printedPattern(result, "dead letters: ")));
    for (GenericRecord record : records) {
      double wage = (Double) record.get("wage_income");
      String gate = record.get("wage_income_gate").toString();
      assertEquals(gate, wage < 0 ? "negative" : wage == 0 ? "zero" : "positive");
    }
  }

  /**
   * Dead letters given the output's own prefix wrote shards of the same names as the imputed
   * records: one replaced the other while the command reported both counts.
   */
  @Test
  void deadLettersUnderTheOutputPrefixAreRefusedBeforeTheJob() throws IOException {
    Path input = temp.resolve("same-prefix-in.avro");
    demoConditions(input, 10, 4);
    Path output = temp.resolve("same-prefix-out");

    CommandRun result =
        CliFixtures.impute(
            bundle,
            input,
            output,
            "person_id",
            "--dead-letter-output",
            output.resolve("imputed").toString());

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertEquals(
        "--output "
            + output.resolve("imputed")
            + " and --dead-letter-output "
            + output.resolve("imputed")
            + " name the same prefix: their files would have the same names and replace each"
            + " other; give each its own prefix",
        result.err().lines().findFirst().orElse(""));
    assertFalse(Files.exists(output));
  }

  @Test
  void aFlinkMasterThatDoesNotAnswerStopsTheCommandBeforeTheJobIsBuilt() throws IOException {
    Path input = temp.resolve("unanswered-in.avro");
    demoConditions(input, 10, 3);
    String master = "127.0.0.1:" + FlinkMasterProbeTest.closedPort();

    CommandRun result =
        CliFixtures.impute(
            bundle,
            input,
            temp.resolve("unanswered-out"),
            "person_id",
            "--runner",
            "FlinkRunner",
            "--flinkMaster",
            master);

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.err());
    assertTrue(
        result
            .err()
            .startsWith(
                "error: --flink-master "
                    + master
                    + ": no Flink JobManager answers there (connection refused)"),
        result.err());
  }

  /**
   * The glob {@code impute} prints names its shards as one table: {@code calibrate --data} reads
   * them in name order, as the demo now does, without a merge step.
   */
  @Test
  void calibrateReadsTheShardsThroughTheGlobImputePrints() throws IOException {
    Path input = temp.resolve("glob-in.avro");
    run("demo-data", "--rows", "2000", "--seed", "11", "--out", input.toString()).assertOk();
    Path output = temp.resolve("glob-out");
    CommandRun imputed =
        CliFixtures.impute(
                bundle, input, output, "person_id", "--runner", "FlinkRunner", "--parallelism", "2")
            .assertOk();
    String glob = printedPattern(imputed, "output: ");
    List<String> shards = files(output, "imputed-0");
    // Flink writes a shard per bundle: 2,000 records in parallel make several (3 here)
    assertTrue(shards.size() >= 2, shards::toString);
    List<String> idsInNameOrder = new ArrayList<>();
    Map<String, Double> weightBySex = new TreeMap<>();
    for (String shard : shards) {
      for (GenericRecord record : Tables.readAll(output.resolve(shard))) {
        idsInNameOrder.add(record.get("person_id").toString());
        weightBySex.merge(
            record.get("sex").toString(),
            ((Number) record.get("weight")).doubleValue(),
            Double::sum);
      }
    }
    StringBuilder yaml =
        new StringBuilder("targets:\n  - name: people\n    statistic: count\n    by: [sex]\n");
    yaml.append("    cells:\n");
    weightBySex.forEach(
        (sex, weight) ->
            yaml.append(
                String.format(
                    Locale.ROOT, "      - {group: {sex: %s}, value: %.6f}%n", sex, 1.1 * weight)));
    Path targets = temp.resolve("glob-targets.yaml");
    Files.writeString(targets, yaml);
    Path calibrated = temp.resolve("glob-calibrated.avro");

    CliFixtures.calibrate(glob, targets, calibrated).assertOk();

    List<GenericRecord> rows = Tables.readAll(calibrated);
    assertEquals(idsInNameOrder, rows.stream().map(r -> r.get("person_id").toString()).toList());
    double total = rows.stream().mapToDouble(r -> (Double) r.get("weight_calibrated")).sum();
    double expected = 1.1 * weightBySex.values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(expected, total, 1e-6 * expected);

    CommandRun nothing =
        CliFixtures.calibrate(
            output.resolve("nothing-[0-9]*.avro").toString(), targets, temp.resolve("never.avro"));
    Path none = output.resolve("nothing-[0-9]*.avro");
    assertEquals(
        "error: --data " + none + ": no files match " + none, nothing.err().strip(), nothing.err());
  }

  /**
   * A Parquet file cut short is one dead letter for its unread rest, and the summary says so: "1
   * dead letters" read as a true total, though the cut file's rows were never read.
   */
  @Test
  void theSummarySaysWhichDeadLettersStandForTheUnreadRestOfAFile() throws IOException {
    Path inputs = Files.createDirectories(temp.resolve("cut-in"));
    demoConditions(inputs.resolve("a.parquet"), 40, 5);
    demoConditions(inputs.resolve("b.parquet"), 40, 6);
    byte[] whole = Files.readAllBytes(inputs.resolve("b.parquet"));
    Files.write(inputs.resolve("b.parquet"), Arrays.copyOf(whole, whole.length / 2));
    Path output = temp.resolve("cut-out");

    CommandRun result =
        CliFixtures.impute(bundle, inputs.resolve("*.parquet"), output, "person_id").assertOk();

    assertEquals(40, readShards(output, "imputed-0").size());
    assertEquals(1, readShards(output, "imputed-dead-letters").size());
    assertTrue(
        result
            .out()
            .startsWith(
                "imputed 40 of 41 records (1 dead letters; 1 of them stands for the unread rest"
                    + " of a file or of an Avro block, whose rows are not counted: see their"
                    + " messages) in "),
        result.out());
  }

  @Test
  void malformedCsvRowsGoToTheDeadLettersAndARunIntoTheSameOutputIsRefused() throws IOException {
    Path input = temp.resolve("direct-in.csv");
    demoConditions(input, 50, 4);
    List<String> lines = new ArrayList<>(Files.readAllLines(input));
    String header = lines.get(0);
    lines.add(lines.get(1).replaceFirst("^[^,]*,[^,]*,", "hx,px,"));
    lines.set(2, lines.get(2).replace(",male,", ",robot,").replace(",female,", ",robot,"));
    Files.write(input, lines);
    Path output = temp.resolve("direct-out");

    CommandRun result = CliFixtures.impute(bundle, input, output, "person_id").assertOk();

    assertTrue(header.contains("sex"), header);
    assertEquals(50, readShards(output, "imputed-0").size());
    assertEquals(List.of(), hiddenEntries(output));
    List<GenericRecord> deadLetters = readShards(output, "imputed-dead-letters");
    assertEquals(1, deadLetters.size());
    assertEquals("unknown_category", deadLetters.get(0).get("error_class").toString());
    assertEquals("sex", deadLetters.get(0).get("field").toString());
    assertTrue(result.out().contains("(1 dead letters)"), result.out());

    CommandRun again = CliFixtures.impute(bundle, input, output, "person_id");

    assertEquals(ExitCodes.FAILURE, again.exitCode(), again.out());
    assertTrue(
        again.err().startsWith("error: --output " + output.resolve("imputed") + ": "), again.err());
    assertTrue(
        again.err().contains(" files of an earlier run are there (" + output.resolve("imputed-")),
        again.err());
    assertEquals(50, readShards(output, "imputed-0").size());
  }

  /**
   * A later CSV file of a glob with a column the first file's header lacks has each row set aside
   * as a {@code decode/malformed} dead letter naming the column and the first file: the column was
   * dropped from its imputed records without a word ("imputed 2 of 2 records (0 dead letters)").
   */
  @Test
  void aLaterCsvFileWithAColumnTheFirstFileLacksHasEachRowDeadLettered() throws IOException {
    Path inputs = Files.createDirectories(temp.resolve("extra-in"));
    Files.writeString(
        inputs.resolve("a.csv"),
        "person_id,age,region,sex,education,employment\na1,30,south,female,medium,employed\n");
    Files.writeString(
        inputs.resolve("b.csv"),
        "person_id,age,region,sex,education,employment,household_income_reported\n"
            + "b1,40,north,male,low,inactive,52000\n"
            + "b2,41,north,male,low,inactive,1\n");
    Path output = temp.resolve("extra-out");

    CommandRun result =
        CliFixtures.impute(bundle, inputs.resolve("*.csv"), output, "person_id").assertOk();

    assertTrue(result.out().startsWith("imputed 1 of 3 records (2 dead letters)"), result.out());
    assertEquals(1, readShards(output, "imputed-0").size());
    List<GenericRecord> letters = readShards(output, "imputed-dead-letters");
    assertEquals(2, letters.size());
    List<String> keys = new ArrayList<>();
    for (GenericRecord letter : letters) {
      String message = letter.get("message").toString();
      assertEquals("decode", letter.get("stage").toString(), message);
      assertEquals("malformed", letter.get("error_class").toString(), message);
      assertEquals("household_income_reported", letter.get("field").toString(), message);
      assertTrue(message.contains("b.csv:"), message);
      assertTrue(
          message.contains(
              ": the header of this file has column 'household_income_reported' that the job's"
                  + " record schema, that of "
                  + inputs.resolve("a.csv")
                  + " (the first file in name order that holds records), lacks: its values would"
                  + " be dropped;"),
          message);
      keys.add(letter.get("record_key").toString());
    }
    assertEquals(List.of("b1", "b2"), keys.stream().sorted().toList());
  }

  /**
   * A job stopped with SIGTERM (as Ctrl-C or a scheduler stops it) leaves no temporary shards
   * beside its output: Beam's {@code .temp-beam-*} files of a stopped embedded job stayed there for
   * good before.
   */
  @Test
  void aStoppedJobLeavesNoTemporaryFilesBesideItsOutput() throws Exception {
    Path output = Files.createDirectories(temp.resolve("stopped-out"));
    Process child = startJobAndWaitForTemporaryFiles(output, "stopped");

    child.destroy();

    assertTrue(child.waitFor(1, TimeUnit.MINUTES), "the stopped job did not end");
    assertEquals(List.of(), hiddenEntries(output));
  }

  /**
   * A job killed outright (SIGKILL: no shutdown hook runs) leaves its temporary directory, which
   * the next run into the same directory deletes, as its lock is no longer held.
   */
  @Test
  void theNextRunDeletesWhatAKilledJobLeft() throws Exception {
    Path output = Files.createDirectories(temp.resolve("killed-out"));
    Process child = startJobAndWaitForTemporaryFiles(output, "killed");

    child.destroyForcibly();

    assertTrue(child.waitFor(1, TimeUnit.MINUTES), "the killed job did not end");
    List<Path> left = hiddenEntries(output).stream().sorted().toList();
    assertEquals(2, left.size(), "a killed job's directory and its lock file: " + left);
    Path leftDirectory = left.get(0);
    assertEquals(leftDirectory + ".lock", left.get(1).toString());
    Path input = temp.resolve("after-kill-in.csv");
    demoConditions(input, 20, 13);
    List<String> again =
        new ArrayList<>(CliFixtures.imputeArguments(bundle, input, output, "person_id"));
    again.set(again.indexOf("--output") + 1, output.resolve("again").toString());

    CommandRun result = run(again).assertOk();

    assertEquals(List.of(), hiddenEntries(output));
    assertTrue(
        result.err().contains("note: deleted " + leftDirectory + ", left by a run that was killed"),
        result.err());
  }

  /**
   * A job on the embedded Flink cluster leaves nothing in the temporary directory: each run left an
   * empty {@code minicluster_<id>} tree there, as the JVM exited before Flink closed the cluster.
   */
  @Test
  void anEmbeddedFlinkJobLeavesNothingInTheTemporaryDirectory() throws Exception {
    Path tmp = Files.createDirectories(temp.resolve("flink-tmp"));
    Path input = temp.resolve("flink-tmp-in.csv");
    demoConditions(input, 50, 14);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                FlowImpute.class.getName()));
    command.addAll(
        CliFixtures.imputeArguments(bundle, input, temp.resolve("flink-tmp-out"), "person_id"));
    command.addAll(List.of("--runner", "FlinkRunner", "--parallelism", "1"));
    Path log = temp.resolve("flink-tmp.log");
    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

    assertTrue(child.waitFor(3, TimeUnit.MINUTES), "the job did not end");
    assertEquals(0, child.exitValue(), Files.readString(log));
    try (Stream<Path> left = Files.list(tmp)) {
      List<String> names = left.map(entry -> entry.getFileName().toString()).sorted().toList();
      assertTrue(
          names.stream().noneMatch(name -> name.startsWith("minicluster_")),
          "left in the temporary directory: " + names);
      assertTrue(
          names.stream().noneMatch(name -> name.startsWith(".flowimpute-temp-")),
          "left in the temporary directory: " + names);
    }
  }

  /**
   * Starts {@code impute} of 100,000 records into {@code output} in a child JVM (its log {@code
   * name.log}) and returns once temporary files of the job are under {@code output}.
   */
  private Process startJobAndWaitForTemporaryFiles(Path output, String name) throws Exception {
    Path input = temp.resolve(name + "-in.avro");
    demoConditions(input, 100_000, 12);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FlowImpute.class.getName()));
    command.addAll(CliFixtures.imputeArguments(bundle, input, output, "person_id"));
    command.addAll(List.of("--batch-size", "1", "--checkKeys=false"));
    Path log = temp.resolve(name + ".log");
    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
      if (holdsTemporaryFiles(output)) {
        return child;
      }
    }
    child.destroyForcibly();
    throw new AssertionError(
        "the job ended before it wrote temporary files: " + Files.readString(log));
  }

  /** The entries of {@code directory} whose names start with a dot (temporary files). */
  private static List<Path> hiddenEntries(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.filter(entry -> entry.getFileName().toString().startsWith(".")).toList();
    }
  }

  /** Whether a regular file is under a hidden directory of {@code output}. */
  private static boolean holdsTemporaryFiles(Path output) throws IOException {
    try (Stream<Path> files = Files.walk(output)) {
      return files.anyMatch(
          file -> {
            Path relative = output.relativize(file);
            return Files.isRegularFile(file)
                && relative.getNameCount() > 1
                && relative.getName(0).toString().startsWith(".");
          });
    } catch (UncheckedIOException fileRemovedWhileWalking) {
      return false;
    }
  }

  /**
   * An error inside the job (here: no CUDA provider, found when the step opens the model) is
   * printed as its own one-line message, not wrapped in Beam's or Flink's exceptions.
   */
  @Test
  void anErrorInsideTheJobIsPrintedAsItsCause() throws IOException {
    Path input = temp.resolve("cuda-in.csv");
    demoConditions(input, 5, 5);

    CommandRun result =
        CliFixtures.impute(
            bundle, input, temp.resolve("cuda-out"), "person_id", "--device", "cuda");

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(
        "error: device cuda:0 requested but ONNX Runtime has no CUDA provider here (use the"
            + " onnxruntime_gpu build with CUDA 12 libraries, or --device cpu)",
        result.err().strip());
  }

  @Test
  void aParallelismBelowOneIsRefusedBeforeTheJob() throws IOException {
    Path input = temp.resolve("parallelism-in.csv");
    demoConditions(input, 5, 6);

    CommandRun result =
        CliFixtures.impute(
            bundle,
            input,
            temp.resolve("parallelism-out"),
            "person_id",
            "--runner",
            "FlinkRunner",
            "--parallelism",
            "0");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.out());
    assertEquals(
        "--parallelism must be at least 1 (or -1 for Flink's default), got 0",
        result.err().strip().lines().findFirst().orElse(""));
  }

  /**
   * A prefix under a regular file (a typo, or a file named like the wanted directory) is refused
   * before the job: Beam's sink found it only when writing its first temporary file, after the
   * whole input was read and imputed.
   */
  @Test
  void anOutputUnderARegularFileIsRefusedBeforeTheJob() throws IOException {
    Path input = temp.resolve("under-file-in.csv");
    demoConditions(input, 5, 7);
    Path file = Files.writeString(temp.resolve("results"), "not a directory");

    CommandRun result = CliFixtures.impute(bundle, input, file.resolve("2026"), "person_id");

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(
        "error: --output "
            + file.resolve("2026").resolve("imputed")
            + ": cannot write the output files: "
            + file
            + " is a file; choose a prefix in a directory",
        result.err().strip());
    assertEquals("not a directory", Files.readString(file));
  }

  /**
   * A misspelt --weight-field is refused before the job: it gave every record weight 1 and dropped
   * the weights with exit code 0. The default name, weight, may still be absent (weights of 1).
   */
  @Test
  void aWeightFieldTheRecordsLackIsRefusedUnlessItIsTheDefault() throws IOException {
    Path input = temp.resolve("weight-field-in.csv");
    demoConditions(input, 5, 8);

    CommandRun misspelt =
        CliFixtures.impute(
            bundle,
            input,
            temp.resolve("weight-field-out"),
            "person_id",
            "--weight-field",
            "wieght");

    assertEquals(ExitCodes.FAILURE, misspelt.exitCode(), misspelt.out());
    assertTrue(
        misspelt
            .err()
            .startsWith(
                "error: weight field 'wieght' (--weight-field) is not a field of the input records,"
                    + " whose schema is that of "),
        misspelt.err());
    assertFalse(Files.exists(temp.resolve("weight-field-out")), "no output for a refused job");
  }

  /**
   * A --record-schema without the weight field the input holds is refused before the job, whether
   * --weight-field is given (even as the default, weight) or not: every record weighed 1 and the
   * weights were dropped with exit code 0.
   */
  @Test
  void aRecordSchemaWithoutTheInputsWeightFieldIsRefused() throws IOException {
    Path input = temp.resolve("schema-weight-in.csv");
    demoConditions(input, 5, 8);
    Path schemaFile = temp.resolve("noweight.avsc");
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : DemoSchemas.CONDITIONS.getFields()) {
      if (!field.name().equals("weight")) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    Files.writeString(
        schemaFile,
        Schema.createRecord("NoWeight", null, "test", false, fields).toString(true),
        StandardCharsets.UTF_8);

    CommandRun explicit =
        CliFixtures.impute(
            bundle,
            input,
            temp.resolve("schema-weight-out"),
            "person_id",
            "--record-schema",
            schemaFile.toString(),
            "--weight-field",
            "weight");
    CommandRun byDefault =
        CliFixtures.impute(
            bundle,
            input,
            temp.resolve("schema-weight-out"),
            "person_id",
            "--record-schema",
            schemaFile.toString());

    assertEquals(ExitCodes.FAILURE, explicit.exitCode(), explicit.out());
    assertTrue(
        explicit.err().startsWith("error: weight field 'weight' (--weight-field) is not a field"),
        explicit.err());
    assertTrue(explicit.err().contains(schemaFile.toString()), explicit.err());
    assertEquals(ExitCodes.FAILURE, byDefault.exitCode(), byDefault.out());
    assertTrue(
        byDefault.err().contains(input + " holds the weight field 'weight'"), byDefault.err());
    assertTrue(byDefault.err().contains(schemaFile.toString()), byDefault.err());
    assertFalse(Files.exists(temp.resolve("schema-weight-out")), "no output for a refused job");
  }

  /**
   * The Beam spelling of a command option ({@code --keyField=...} for {@code --key-field}) is a
   * usage error: passed through, it was overwritten by the option's default and the job ran with
   * other record keys (other imputed values) without a word. A Flink option without the Flink
   * runner is refused too (the DirectRunner ignored it).
   */
  @Test
  void beamSpellingsOfCommandOptionsAndFlinkOptionsForAnotherRunnerAreRefused() throws IOException {
    Path input = temp.resolve("spelling-in.csv");
    demoConditions(input, 5, 8);

    CommandRun camel =
        CliFixtures.impute(
            bundle, input, temp.resolve("spelling-out"), "person_id", "--keyField=person_id");
    CommandRun parallelism =
        CliFixtures.impute(
            bundle, input, temp.resolve("spelling-out2"), "person_id", "--parallelism", "2");

    assertEquals(ExitCodes.USAGE, camel.exitCode(), camel.out());
    assertTrue(
        camel
            .err()
            .startsWith("--keyField is this command's option --key-field; give it as --key-field"),
        camel.err());
    CommandRun misspelt =
        CliFixtures.impute(
            bundle, input, temp.resolve("spelling-out3"), "person_id", "--key-feild", "person_id");
    assertEquals(ExitCodes.USAGE, misspelt.exitCode(), misspelt.out());
    assertTrue(
        misspelt
            .err()
            .startsWith(
                "unknown option --key-feild (followed by 'person_id'); Beam options are written"
                    + " --name=value"),
        misspelt.err());
    assertEquals(ExitCodes.USAGE, parallelism.exitCode(), parallelism.out());
    assertEquals(
        "--parallelism applies to --runner FlinkRunner only; the DirectRunner would ignore it",
        parallelism.err().strip().lines().findFirst().orElse(""));
  }

  @Test
  void aMissingBundleIsAOneLineError() {
    CommandRun result =
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
    CommandRun result = run("impute", "--input", "x.avro", "--output", "y");

    assertEquals(ExitCodes.USAGE, result.exitCode());
    assertTrue(result.err().contains("--model"), result.err());
  }

  /** {@code demo-data --conditions-only}: {@code rows} persons drawn with {@code seed}. */
  private static void demoConditions(Path out, int rows, int seed) {
    run(
            "demo-data",
            "--rows",
            Integer.toString(rows),
            "--seed",
            Integer.toString(seed),
            "--conditions-only",
            "--out",
            out.toString())
        .assertOk();
  }

  /** The glob the command printed after {@code label}. */
  private static String printedPattern(CommandRun result, String label) {
    return result
        .out()
        .lines()
        .filter(line -> line.startsWith(label))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + label + "' line in " + result.out()))
        .substring(label.length());
  }

  /** The Avro files of {@code directory} a printed glob (a path) matches. */
  private static List<String> matching(Path directory, String glob) throws IOException {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    try (Stream<Path> listed = Files.list(directory)) {
      return listed.filter(matcher::matches).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The Avro files of {@code directory} whose names start with {@code prefix}. */
  private static List<String> files(Path directory, String prefix) throws IOException {
    try (Stream<Path> listed = Files.list(directory)) {
      return listed
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith(prefix) && name.endsWith(".avro"))
          .sorted()
          .toList();
    }
  }
}
