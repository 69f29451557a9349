package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A file an option names that is missing, cannot be read or lacks the columns expected fails the
 * command (exit 1) with one line naming the option and the file ({@link OptionFiles}, {@link
 * ExpectedColumns}): the messages named the file alone ({@code nofile.csv: cannot read CSV header:
 * ...}, {@code bad.avro: not a readable Avro file: ...}, {@code nobundle: no such bundle ...},
 * {@code no file matches x: No files matched spec: x}), or not even that ({@code Not a valid schema
 * field}), not which of the command's inputs it was.
 */
class InputFileOptionsTest {

  private static final String NO_SUCH_BUNDLE =
      "no such bundle (expected a directory or .zip with manifest.json and model.onnx)";

  /** What a text file named .avro is (until 2026-12-04 Avro's "Not an Avro data file"). */
  private static final String NOT_AVRO =
      ": not an Avro data file: it holds text starting with 'not avro': if it is CSV, read it as CSV (.csv)";

  private static final String EMPTY_AVRO = ": not an Avro data file: it is empty";

  private static final String CUT_SHORT =
      " row 1: the file ends inside a data block (cut short, or still being written)";

  private static final String HEADER_CUT =
      ": not a complete Avro file: the header ends after 10 bytes (cut short while being written"
          + " or copied?): write or copy the file again";

  /** What a text file named .parquet is (until 2026-12-04 parquet-mr's "is not a Parquet file"). */
  private static final String NOT_PARQUET =
      ": not a Parquet file: it holds text starting with 'not parquet': if it is CSV, read it as CSV (.csv)";

  private static final String EXTRA_CELL = " row 1: expected 2 cells as in the header, got 3";

  @TempDir static Path shared;

  /** A small bundle trained on demo data, for the commands that load it before their input. */
  private static Path bundle;

  /** A table that exists (what is in it does not matter: the commands fail before reading it). */
  private static Path table;

  @BeforeAll
  static void trainAndWriteTable() throws IOException {
    bundle = CliFixtures.trainOnDemoData(shared, 1, 8, 1);
    table = Files.writeString(shared.resolve("table.csv"), "id,income\n1,10\n");
  }

  /** What a case expects: the command's exit code 1 and its error line, whole or its start. */
  private record Refusal(CommandRun result, String message, boolean whole) {

    static Refusal saying(CommandRun result, String message) {
      return new Refusal(result, message, true);
    }

    static Refusal beginning(CommandRun result, String prefix) {
      return new Refusal(result, prefix, false);
    }
  }

  /** Runs a command on files made in a test's temporary directory; what it should be refused. */
  private interface Case {
    Refusal run(Path temp) throws IOException;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesNamingTheOption(String name, Case refused, @TempDir Path temp) throws IOException {
    Refusal refusal = refused.run(temp);

    CommandRun result = refusal.result();
    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.err() + result.out());
    String line = result.err().strip();
    if (refusal.whole()) {
      assertEquals("error: " + refusal.message(), line);
    } else {
      assertTrue(line.startsWith("error: " + refusal.message()), line);
      assertEquals(1, line.lines().count(), line);
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
            missingFiles(), missingModels(), unreadableFiles(), missingColumns(), otherPaths())
        .flatMap(s -> s);
  }

  private static Stream<Arguments> missingFiles() {
    return Stream.of(
        refusal(
            "train --data missing",
            temp -> {
              Path missing = temp.resolve("nofile.csv");
              return Refusal.saying(
                  train(missing, temp), "--data " + missing + ": no such file or directory");
            }),
        refusal(
            "generate --input missing",
            temp -> {
              Path missing = temp.resolve("nofile.csv");
              return Refusal.saying(
                  CliFixtures.generate(bundle, missing, temp.resolve("out.csv")),
                  "--input " + missing + ": no such file or directory");
            }),
        evaluateMissing("--real"),
        evaluateMissing("--synthetic"),
        evaluateMissing("--train"),
        evaluateMissing("--holdout"),
        refusal(
            "evaluate --calibration-reports missing",
            temp -> {
              Path missing = temp.resolve("nofile.avro");
              return Refusal.saying(
                  evaluate(temp, realAndSynthetic("--calibration-reports", missing.toString())),
                  "--calibration-reports " + missing + ": no such file or directory");
            }),
        refusal(
            "calibrate --data missing",
            temp -> {
              Path missing = temp.resolve("nofile.csv");
              return Refusal.saying(
                  CliFixtures.calibrate(missing.toString(), targets(temp), temp.resolve("o.csv")),
                  "--data " + missing + ": no such file or directory");
            }),
        refusal(
            "calibrate --targets missing",
            temp -> {
              Path missing = temp.resolve("nofile.yaml");
              return Refusal.saying(
                  CliFixtures.calibrate(table.toString(), missing, temp.resolve("o.csv")),
                  "--targets " + missing + ": no such file or directory");
            }),
        // A directory given as the targets file said "cannot read targets file t: Is a directory".
        refusal(
            "calibrate --targets a directory",
            temp -> {
              Path directory = Files.createDirectories(temp.resolve("targets.yaml"));
              return Refusal.saying(
                  CliFixtures.calibrate(table.toString(), directory, temp.resolve("o.csv")),
                  "--targets " + directory + ": a directory, not a file");
            }),
        // The Beam job's message was "no file matches x: No files matched spec: x".
        refusal(
            "impute --input missing",
            temp -> {
              Path missing = temp.resolve("nofile.csv");
              return Refusal.saying(
                  CliFixtures.impute(bundle, missing, temp, "person_id"),
                  "--input " + missing + ": no file matches " + missing);
            }),
        // impute guessed a directory's format from its name ("cannot tell the format of 'multi'
        // from its extension") and, given --input-format, failed on "(Is a directory)".
        refusal(
            "impute --input a directory",
            temp -> {
              Path directory = Files.createDirectories(temp.resolve("multi"));
              Files.writeString(directory.resolve("a.csv"), "id,income\n1,10\n");
              return Refusal.saying(
                  CliFixtures.impute(bundle, directory, temp, "id", "--input-format", "csv"),
                  "--input "
                      + directory
                      + ": a directory, not a file or glob (to read its files, give e.g. '"
                      + directory.resolve("*.csv")
                      + "')");
            }),
        refusal(
            "generate --input a directory of Avro files",
            temp -> {
              Path directory = Files.createDirectories(temp.resolve("parts"));
              Files.writeString(directory.resolve("notes.txt"), "not a table");
              Files.writeString(directory.resolve("p1.avro"), "");
              return Refusal.saying(
                  CliFixtures.generate(bundle, directory, temp.resolve("out.csv")),
                  "--input "
                      + directory
                      + ": a directory, not a file or glob (to read its files, give e.g. '"
                      + directory.resolve("*.avro")
                      + "')");
            }),
        benchEmmMissing("--data"),
        benchEmmMissing("--targets"),
        benchEmmMissing("--weights-ref"));
  }

  private static Stream<Arguments> missingModels() {
    return Stream.of(
        missingModel(
            "generate",
            (temp, missing) -> CliFixtures.generate(missing, table, temp.resolve("out.csv"))),
        missingModel(
            "evaluate",
            (temp, missing) -> evaluate(temp, realAndSynthetic("--model", missing.toString()))),
        missingModel(
            "synthesize",
            (temp, missing) ->
                run(
                    "synthesize",
                    "--model",
                    missing.toString(),
                    "--n",
                    "10",
                    "--out",
                    temp.resolve("s.csv").toString())),
        missingModel("impute", (temp, missing) -> CliFixtures.impute(missing, table, temp, "id")),
        missingModel(
            "stream",
            (temp, missing) ->
                run(
                    "stream",
                    "--model",
                    missing.toString(),
                    "--source",
                    "dir://" + Files.createDirectories(temp.resolve("in")),
                    "--targets",
                    targets(temp).toString(),
                    "--output",
                    temp.resolve("out").resolve("stream").toString())),
        missingModel(
            "bench pipeline",
            (temp, missing) ->
                run(
                    "bench",
                    "pipeline",
                    "--model",
                    missing.toString(),
                    "--work-dir",
                    temp.resolve("work").toString())),
        missingModel(
            "bench stream",
            (temp, missing) ->
                run(
                    "bench",
                    "stream",
                    "--model",
                    missing.toString(),
                    "--work-dir",
                    temp.resolve("work").toString())));
  }

  /** Files that exist but that the readers refuse, when opened or while their rows are read. */
  private static Stream<Arguments> unreadableFiles() {
    return Stream.of(
        refusal(
            "train --data cut short",
            temp -> {
              Path cut = cutShortAvro(temp);
              return Refusal.beginning(train(cut, temp), "--data " + cut + CUT_SHORT);
            }),
        refusal(
            "generate --input not Avro",
            temp -> {
              Path bad = notAvro(temp);
              return Refusal.saying(
                  CliFixtures.generate(bundle, bad, temp.resolve("out.csv")),
                  "--input " + bad + NOT_AVRO);
            }),
        // Avro's EOFException had no message: "not a readable Avro file: null".
        refusal(
            "generate --input header cut short",
            temp -> {
              Path cut = headerCutAvro(temp);
              return Refusal.saying(
                  CliFixtures.generate(bundle, cut, temp.resolve("out.csv")),
                  "--input " + cut + HEADER_CUT);
            }),
        // The codec's bare words: "row 1: cannot read Avro record: java.io.IOException:
        // FAILED_TO_UNCOMPRESS(5)".
        refusal(
            "train --data a damaged block",
            temp -> {
              Path damaged = damagedAvro(temp);
              return Refusal.saying(
                  train(damaged, temp),
                  "--data "
                      + damaged
                      + " row 1: data block 1 (snappy-compressed) is damaged:"
                      + " FAILED_TO_UNCOMPRESS(5); the rows from here on cannot be read (write or"
                      + " copy the file again)");
            }),
        // impute read the schema of its one file and said "cannot read its schema as avro (is
        // --inputFormat right?): null", without naming --input as generate does.
        refusal(
            "impute --input header cut short",
            temp -> {
              Path cut = headerCutAvro(temp);
              return Refusal.saying(
                  CliFixtures.impute(bundle, cut, temp, "id"),
                  "--input "
                      + cut
                      + ": no file matching "
                      + cut
                      + " gives the records' schema; the first: "
                      + cut
                      + HEADER_CUT);
            }),
        refusal(
            "generate --input a CSV row the reader rejects",
            temp -> {
              Path bad = extraCell(temp);
              return Refusal.saying(
                  CliFixtures.generate(bundle, bad, temp.resolve("out.csv")),
                  "--input " + bad + EXTRA_CELL);
            }),
        refusal(
            "calibrate --data a CSV row the reader rejects",
            temp -> {
              Path bad = extraCell(temp);
              return Refusal.saying(
                  CliFixtures.calibrate(bad.toString(), targets(temp), temp.resolve("o.csv")),
                  "--data " + bad + EXTRA_CELL);
            }),
        refusal(
            "evaluate --real empty",
            temp -> {
              Path empty = Files.createFile(temp.resolve("empty.avro"));
              return Refusal.saying(
                  evaluate(temp, "--real", empty.toString(), "--synthetic", table.toString()),
                  "--real " + empty + EMPTY_AVRO);
            }),
        refusal(
            "evaluate --synthetic not Parquet",
            temp -> {
              Path bad = Files.writeString(temp.resolve("bad.parquet"), "not parquet\n");
              return Refusal.saying(
                  evaluate(temp, "--real", table.toString(), "--synthetic", bad.toString()),
                  "--synthetic " + bad + NOT_PARQUET);
            }),
        refusal(
            "evaluate --train cut short",
            temp -> {
              Path cut = cutShortAvro(temp);
              return Refusal.beginning(
                  evaluate(temp, realAndSynthetic("--train", cut.toString())),
                  "--train " + cut + CUT_SHORT);
            }),
        refusal(
            "evaluate --holdout not Avro",
            temp -> {
              Path bad = notAvro(temp);
              return Refusal.saying(
                  evaluate(temp, realAndSynthetic("--holdout", bad.toString())),
                  "--holdout " + bad + NOT_AVRO);
            }),
        refusal(
            "bench emm --targets not Avro",
            temp -> {
              Path bad = notAvro(temp);
              return Refusal.saying(benchEmm(emmData(temp), bad), "--targets " + bad + NOT_AVRO);
            }),
        // The files of --data-dir were named alone ("train_data.csv row 1: ..."), or by Java's
        // words when missing ("NoSuchFileException"), not as the files of --data-dir.
        refusal(
            "bench train --data-dir without train_data.csv",
            temp -> {
              Path dir = Files.createDirectories(temp.resolve("micro"));
              Files.writeString(dir.resolve("test_data.csv"), "age,income\n30,10\n");
              return Refusal.saying(
                  run("bench", "train", "--data-dir", dir.toString(), "--split", "simple"),
                  "--data-dir " + dir.resolve("train_data.csv") + ": no such file or directory");
            }),
        refusal(
            "bench evaluate --data-dir a CSV row the reader rejects",
            temp -> {
              Path dir = Files.createDirectories(temp.resolve("micro"));
              Files.writeString(dir.resolve("train_data.csv"), "age,income\n30,10,7\n");
              Files.writeString(dir.resolve("test_data.csv"), "age,income\n30,10\n");
              return Refusal.saying(
                  run(
                      "bench",
                      "evaluate",
                      "--data-dir",
                      dir.toString(),
                      "--split",
                      "simple",
                      "--out",
                      temp.resolve("out").toString()),
                  "--data-dir " + dir.resolve("train_data.csv") + EXTRA_CELL);
            }),
        refusal(
            "bench train --data-dir a split file line that is no row index",
            temp -> {
              Path dir = Files.createDirectories(temp.resolve("micro"));
              Files.writeString(dir.resolve("cps_test_data.csv"), "age,income\n30,10\n40,20\n");
              Files.writeString(dir.resolve("cps_split_train_rows.txt"), "0\n2\n");
              Files.writeString(dir.resolve("cps_split_test_rows.txt"), "1\n");
              return Refusal.saying(
                  run("bench", "train", "--data-dir", dir.toString(), "--split", "cps"),
                  "--data-dir "
                      + dir.resolve("cps_split_train_rows.txt")
                      + " line 2: expected a row index of cps_test_data.csv (0 to 1), got '2'");
            }),
        // Only a missing --calibration-reports path named the option.
        refusal(
            "evaluate --calibration-reports not Avro",
            temp -> {
              Path json = Files.writeString(temp.resolve("r.json"), "{\"solve\": {}}");
              return Refusal.beginning(
                  evaluate(temp, realAndSynthetic("--calibration-reports", json.toString())),
                  "--calibration-reports "
                      + json
                      + ": not a calibration report file: not an Avro file (");
            }),
        refusal(
            "evaluate --calibration-reports an Avro header cut short",
            temp -> {
              Path cut = Files.write(temp.resolve("reports.avro"), new byte[] {'O', 'b', 'j', 1});
              return Refusal.saying(
                  evaluate(temp, realAndSynthetic("--calibration-reports", cut.toString())),
                  "--calibration-reports "
                      + cut
                      + ": not a complete Avro file: the header ends after 4 bytes (cut short while"
                      + " being written or copied?): write or copy the file again");
            }),
        refusal(
            "evaluate --calibration-reports an Avro file of other records",
            temp -> {
              Path rows = avroRows(temp);
              return Refusal.saying(
                  evaluate(temp, realAndSynthetic("--calibration-reports", rows.toString())),
                  "--calibration-reports "
                      + rows
                      + ": not a calibration report file: its records are row, expected"
                      + " org.flowimpute.avro.CalibrationWindowReport records (the reports the"
                      + " streaming pipeline writes)");
            }),
        refusal(
            "evaluate --calibration-reports an empty file",
            temp -> {
              Path empty = Files.createFile(temp.resolve("reports.avro"));
              return Refusal.saying(
                  evaluate(temp, realAndSynthetic("--calibration-reports", empty.toString())),
                  "--calibration-reports "
                      + empty
                      + ": not a calibration report file: the file is empty (0 bytes), expected"
                      + " the Avro window reports the streaming pipeline writes"
                      + " (<output>-reports-*.avro)");
            }),
        refusal(
            "evaluate --calibration-reports a directory without reports",
            temp -> {
              Path dir = Files.createDirectories(temp.resolve("stream-out"));
              Files.writeString(dir.resolve("notes.txt"), "no reports\n");
              return Refusal.saying(
                  evaluate(temp, realAndSynthetic("--calibration-reports", dir.toString())),
                  "--calibration-reports "
                      + dir
                      + ": no .avro calibration-window reports in this directory");
            }));
  }

  /** {@code bench emm} fixtures without a column the command reads ({@link ExpectedColumns}). */
  private static Stream<Arguments> missingColumns() {
    return Stream.of(
        refusal(
            "bench emm --targets without eta_raking",
            temp -> {
              Path targets =
                  Files.writeString(
                      temp.resolve("t.csv"),
                      "column,variable,level,type,target,eta\n"
                          + "(Intercept),(Intercept),NA,count_all,3,0\n");
              return Refusal.saying(
                  benchEmm(emmData(temp), targets),
                  "--targets "
                      + targets
                      + ": missing column 'eta_raking'; expected columns: column, variable,"
                      + " level, type, target, eta_raking");
            }),
        refusal(
            "bench emm --data without the columns --targets names",
            temp -> {
              Path data = Files.writeString(temp.resolve("d.csv"), "id,weight\n1,1.0\n");
              return Refusal.saying(
                  benchEmm(data, emmTargets(temp)),
                  "--data "
                      + data
                      + ": missing columns 'd', 'sex', 'inc'; expected columns: d,"
                      + " sex, inc");
            }),
        refusal(
            "bench emm --weights-ref without w_survey_raking_tight",
            temp -> {
              Path weights = Files.writeString(temp.resolve("w.csv"), "w\n1\n2\n3\n");
              return Refusal.saying(
                  benchEmm(emmData(temp), emmTargets(temp), "--weights-ref", weights.toString()),
                  "--weights-ref "
                      + weights
                      + ": missing column 'w_survey_raking_tight'; expected columns:"
                      + " w_survey_raking_tight");
            }),
        refusal(
            "bench emm --targets with an empty type",
            temp -> {
              Path targets =
                  Files.writeString(
                      temp.resolve("t.csv"),
                      "column,variable,level,type,target,eta_raking\n"
                          + "(Intercept),(Intercept),NA,count_all,6,0\n"
                          + "sexm,sex,m,,2,0\n");
              return Refusal.saying(
                  benchEmm(emmData(temp), targets),
                  "--targets " + targets + " row 2, field 'type': empty, expected a value");
            }),
        refusal(
            "bench emm --data with a base weight that is not a number",
            temp -> {
              Path data = Files.writeString(temp.resolve("d.csv"), "id,d,sex,inc\n1,one,m,10\n");
              return Refusal.saying(
                  benchEmm(data, emmTargets(temp)),
                  "--data " + data + " row 1, field 'd': expected a number, found one");
            }));
  }

  /** Globs that match nothing and directories where files were expected, or the reverse. */
  private static Stream<Arguments> otherPaths() {
    return Stream.of(
        refusal(
            "train --data glob matching nothing",
            temp -> {
              Path glob = temp.resolve("part-*.csv");
              return Refusal.saying(
                  train(glob, temp), "--data " + glob + ": no files match " + glob);
            }),
        // A missing --data-dir was reported as its first file, "nodir/train_data.csv: cannot...".
        refusal(
            "bench train --data-dir missing",
            temp -> {
              Path missing = temp.resolve("nodir");
              return Refusal.saying(
                  run("bench", "train", "--data-dir", missing.toString()),
                  "--data-dir " + missing + ": no such directory");
            }),
        refusal(
            "bench evaluate --data-dir a file",
            temp ->
                Refusal.saying(
                    run("bench", "evaluate", "--data-dir", table.toString()),
                    "--data-dir " + table + ": not a directory")));
  }

  private static Arguments refusal(String name, Case refused) {
    return Arguments.of(name, refused);
  }

  private static Arguments evaluateMissing(String option) {
    return refusal(
        "evaluate " + option + " missing",
        temp -> {
          Path missing = temp.resolve("nofile.csv");
          String[] options =
              switch (option) {
                case "--real" ->
                    new String[] {option, missing.toString(), "--synthetic", "" + table};
                case "--synthetic" ->
                    new String[] {"--real", "" + table, option, missing.toString()};
                default -> realAndSynthetic(option, missing.toString());
              };
          return Refusal.saying(
              evaluate(temp, options), option + " " + missing + ": no such file or directory");
        });
  }

  private static Arguments benchEmmMissing(String option) {
    return refusal(
        "bench emm " + option + " missing",
        temp -> {
          Path missing = temp.resolve("nofile.csv");
          String data = option.equals("--data") ? missing.toString() : table.toString();
          String targets = option.equals("--targets") ? missing.toString() : table.toString();
          List<String> command =
              new ArrayList<>(List.of("bench", "emm", "--data", data, "--targets", targets));
          if (option.equals("--weights-ref")) {
            command.addAll(List.of(option, missing.toString()));
          }
          return Refusal.saying(
              run(command.toArray(String[]::new)),
              option + " " + missing + ": no such file or directory");
        });
  }

  /** A command given a bundle that does not exist, in a temporary directory. */
  private interface ModelCommand {
    CommandRun run(Path temp, Path missing) throws IOException;
  }

  private static Arguments missingModel(String command, ModelCommand withModel) {
    return refusal(
        command + " --model missing",
        temp -> {
          Path missing = temp.resolve("nobundle");
          return Refusal.saying(
              withModel.run(temp, missing), "--model " + missing + ": " + NO_SUCH_BUNDLE);
        });
  }

  private static CommandRun train(Path data, Path temp) {
    return run(
        "train",
        "--data",
        data.toString(),
        "--conditions",
        "age",
        "--targets",
        "income",
        "--no-progress",
        "--out",
        temp.resolve("bundle").toString());
  }

  /**
   * {@code evaluate} of target {@code income} into a new report directory, with {@code options}.
   */
  private static CommandRun evaluate(Path temp, String... options) {
    List<String> command = new ArrayList<>(List.of("evaluate", "--targets", "income"));
    command.addAll(List.of("--out", temp.resolve("report").toString()));
    return run(command, options);
  }

  /** {@code --real} and {@code --synthetic} both the existing table, then {@code options}. */
  private static String[] realAndSynthetic(String... options) {
    List<String> all =
        new ArrayList<>(List.of("--real", table.toString(), "--synthetic", table.toString()));
    all.addAll(List.of(options));
    return all.toArray(String[]::new);
  }

  private static CommandRun benchEmm(Path data, Path targets, String... options) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "bench",
                "emm",
                "--data",
                data.toString(),
                "--targets",
                targets.toString(),
                "--repeat",
                "1",
                "--warmup",
                "0"));
    command.addAll(List.of(options));
    return run(command.toArray(String[]::new));
  }

  /**
   * A {@code bench emm} data fixture: base weight {@code d}, factor {@code sex}, total {@code inc}.
   */
  private static Path emmData(Path temp) throws IOException {
    return Files.writeString(
        temp.resolve("data.csv"), "id,d,sex,inc\n1,1.0,m,10\n2,2.0,f,20\n3,1.5,f,5\n");
  }

  /** The targets of {@link #emmData}: the count, the count of {@code sex} m, the total of inc. */
  private static Path emmTargets(Path temp) throws IOException {
    return Files.writeString(
        temp.resolve("targets.csv"),
        "column,variable,level,type,target,eta_raking\n"
            + "(Intercept),(Intercept),NA,count_all,6,0\n"
            + "sexm,sex,m,count_level,2,0\n"
            + "inc,inc,NA,total,40,0\n");
  }

  /** A targets file that exists (its content is not read before the failure). */
  private static Path targets(Path temp) throws IOException {
    return Files.writeString(
        temp.resolve("targets.yaml"), "targets:\n  - {name: n, statistic: count, value: 1}\n");
  }

  private static Path notAvro(Path temp) throws IOException {
    return Files.writeString(temp.resolve("bad.avro"), "not avro\n");
  }

  /** A CSV file whose first row has a cell more than its header. */
  private static Path extraCell(Path temp) throws IOException {
    return Files.writeString(temp.resolve("bad.csv"), "age,income\n30,10,7\n");
  }

  /** The first 10 bytes of an Avro file: its header cut short. */
  private static Path headerCutAvro(Path temp) throws IOException {
    Path cut = cutShortAvro(temp);
    Files.write(cut, Arrays.copyOf(Files.readAllBytes(cut), 10));
    return cut;
  }

  /**
   * An Avro file of columns {@code age} and {@code income} whose one snappy data block has 6 bytes
   * overwritten in its middle, as a disk or copy may damage a file after it was written.
   */
  private static Path damagedAvro(Path temp) throws IOException {
    Path damaged = avroRows(temp);
    byte[] bytes = Files.readAllBytes(damaged);
    for (int i = bytes.length / 2; i < bytes.length / 2 + 6; i++) {
      bytes[i] = (byte) 0xff;
    }
    Files.write(damaged, bytes);
    return damaged;
  }

  /**
   * An Avro file of columns {@code age} and {@code income} whose one data block is cut in the
   * middle, as a copy interrupted or a file still being written.
   */
  private static Path cutShortAvro(Path temp) throws IOException {
    Path cut = avroRows(temp);
    try (FileChannel file = FileChannel.open(cut, StandardOpenOption.WRITE)) {
      file.truncate(file.size() - 100);
    }
    return cut;
  }

  /** An Avro file of 1000 rows of columns {@code age} and {@code income}, in one data block. */
  private static Path avroRows(Path temp) {
    Schema schema =
        SchemaBuilder.record("row")
            .fields()
            .requiredDouble("age")
            .requiredDouble("income")
            .endRecord();
    List<GenericRecord> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      GenericRecord row = new GenericData.Record(schema);
      row.put("age", 20.0 + i % 50);
      row.put("income", 1000.0 * i);
      rows.add(row);
    }
    Path file = temp.resolve("rows.avro");
    Tables.writeAll(file, schema, rows);
    return file;
  }
}
