package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stream --run-for}: the command stops the job after the given time (the DirectRunner
 * cancels it, Flink drains it), returns, and prints the counts and the globs of its record, report
 * and dead-letter files.
 */
class StreamCommandTest {

  /** 2026-01-01T00:00:00Z. */
  private static final long T0 = 1_767_225_600_000L;

  private static final int RECORDS = 100;

  @TempDir static Path temp;

  private static Path bundle;

  private static Path targets;

  @BeforeAll
  static void trainAndWriteTargets() throws IOException {
    bundle = CliFixtures.trainOnDemoData(temp, 1, 8, 1);
    targets = temp.resolve("targets.yaml");
    Files.writeString(targets, BenchStreamCommand.meanAgeTarget(timedDemoPeople()));
  }

  /**
   * Also: a watched CSV row that cannot be decoded is a dead letter with the key of its --key-field
   * cell (it had none, so it could not be joined back to its record).
   */
  @Test
  void runForCancelsTheJobOnTheDirectRunnerAndPrintsCountsAndFileGlobs() throws Exception {
    Path in = inputDirectory("direct-in");
    writeBadAgeRow(in.resolve("02.csv"));
    String output = temp.resolve("direct-out").resolve("stream").toString();

    CommandRun result =
        streamWithin(
            90,
            in,
            "10s",
            output,
            "--idle-timeout",
            "1s",
            "--poll-interval",
            "200ms",
            "--max-out-of-orderness",
            "1s",
            "--key-field",
            "person_id",
            "--run-for",
            "12s");

    result.assertOk();
    assertEquals(
        printed("cancelled", RECORDS + 1, RECORDS, 1, output), result.out().lines().toList());
    List<GenericRecord> deadLetters = Tables.readAll(Path.of(output + "-dead-letters-*.avro"));
    assertEquals(1, deadLetters.size());
    assertEquals("age", deadLetters.get(0).get("field").toString());
    assertEquals("csv-bad-age", deadLetters.get(0).get("record_key").toString());
    assertFalse(result.err().contains("were not written"), result.err());
  }

  /**
   * The DirectRunner's cancel discards the records of windows still open, and the command says how
   * many: the summary said "imputed 100" with nothing written and no word about it.
   */
  @Test
  void recordsInWindowsOpenWhenTheJobIsCancelledAreCountedAsNotWritten() throws Exception {
    Path in = inputDirectory("open-in");
    String output = temp.resolve("open-out").resolve("stream").toString();

    CommandRun result =
        streamWithin(
            90,
            in,
            "1h",
            output,
            "--poll-interval",
            "200ms",
            "--key-field",
            "person_id",
            "--run-for",
            "8s");

    result.assertOk();
    assertEquals(printed("cancelled", RECORDS, RECORDS, 0, output), result.out().lines().toList());
    assertTrue(
        result
            .err()
            .contains(
                "warning: 100 of the 100 imputed records were not written (0 were): they were in"
                    + " windows still open when the job was cancelled, which are not written (the"
                    + " DirectRunner discards them; on Flink --run-for drains the job and writes"
                    + " them)"),
        result.err());
  }

  /**
   * SIGTERM (what Kubernetes, systemd or docker stop send) stops a job without --run-for as
   * --run-for would, with the counts printed, and the exit code says the signal: the process ended
   * at once, with no counts and Flink's open windows lost. The DirectRunner cancels the job; Flink
   * drains it, writing the windows still open.
   */
  @Test
  void sigtermStopsTheJobAsRunForDoesWithCountsAndExitCode143() throws Exception {
    Process direct = startStreamAndWaitForOutput("sigterm-direct");
    Process flink = null;
    try {
      direct.destroy();
      assertTrue(direct.waitFor(2, TimeUnit.MINUTES), "the stopped DirectRunner job did not end");
      String directLog = Files.readString(temp.resolve("sigterm-direct.log"));
      assertEquals(143, direct.exitValue(), directLog);
      assertTrue(
          directLog.contains(
              "note: SIGTERM received: cancelling the job (a second SIGTERM or Ctrl-C ends the"
                  + " process at once)"),
          directLog);
      assertTrue(
          directLog.contains(
              "stream cancelled: read " + RECORDS + " records, imputed " + RECORDS + ", 0"),
          directLog);

      flink = startStreamAndWaitForOutput("sigterm-flink", "--runner", "FlinkRunner");
      flink.destroy();
      assertTrue(flink.waitFor(2, TimeUnit.MINUTES), "the stopped Flink job did not end");
      String flinkLog = Files.readString(temp.resolve("sigterm-flink.log"));
      assertEquals(143, flink.exitValue(), flinkLog);
      assertTrue(
          flinkLog.contains(
              "note: SIGTERM received: draining the job (open windows are written), or"
                  + " cancelling it if Flink has not started it yet (a second SIGTERM or Ctrl-C"
                  + " ends the process at once)"),
          flinkLog);
      assertTrue(
          flinkLog.contains(
              "stream stopped: read " + RECORDS + " records, imputed " + RECORDS + ", 0"),
          flinkLog);
      assertEquals(
          RECORDS, CliFixtures.readShards(temp.resolve("sigterm-flink-out"), "stream-2").size());
    } finally {
      direct.destroyForcibly();
      if (flink != null) {
        flink.destroyForcibly();
      }
    }
  }

  /**
   * SIGTERM while the Flink job is being submitted (the embedded cluster starting, the job graph
   * built: seconds) cancels the job as soon as Flink has it, without a drain, and says so: the stop
   * waited for the submission, and the drain of a job whose tasks were still starting failed (exit
   * code 1: "Not all required tasks are currently running"). The hook is the Flink configuration
   * the command writes, with its job listener, just before it submits the job (to the child's own
   * temporary directory).
   */
  @Test
  void sigtermBeforeTheFlinkJobRunsCancelsItAtOnceWithExitCode143() throws Exception {
    Path childTemp = Files.createDirectories(temp.resolve("sigterm-early-tmp"));
    Process flink =
        startStream(
            "sigterm-early",
            List.of("env", "JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=" + childTemp),
            List.of("--runner", "FlinkRunner"));
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (flink.isAlive() && !holdsFlinkConfiguration(childTemp)) {
        assertTrue(System.nanoTime() < deadline, "the command wrote no Flink configuration");
        Thread.sleep(20);
      }
      long signalled = System.nanoTime();
      flink.destroy();
      assertTrue(flink.waitFor(2, TimeUnit.MINUTES), "the stopped Flink job did not end");
      long endedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - signalled);
      String log = Files.readString(temp.resolve("sigterm-early.log"));
      assertEquals(143, flink.exitValue(), log);
      assertTrue(
          log.contains(
              "stream stopped before it started: SIGTERM came while the Flink job was being"
                  + " submitted, so it was cancelled as soon as Flink had it, not drained (no"
                  + " counts: Beam gives none for a cancelled Flink job)"),
          log);
      assertFalse(log.contains("stream stopped: read"), log);
      assertTrue(endedSeconds < 60, "the process ended " + endedSeconds + " s after SIGTERM");
    } finally {
      flink.destroyForcibly();
    }
  }

  /** Whether {@code directory} holds a Flink configuration written by the command. */
  private static boolean holdsFlinkConfiguration(Path directory) throws IOException {
    try (var entries = Files.list(directory)) {
      return entries.anyMatch(p -> p.getFileName().toString().startsWith("flowimpute-flink-conf"));
    }
  }

  /**
   * SIGINT (Ctrl-C) stops the job as SIGTERM does, and the exit code says it was SIGINT (130). The
   * child JVM is started through {@code env --default-signal=INT}: a process started in the
   * background inherits SIGINT ignored, and a JVM that finds it ignored leaves it so.
   */
  @Test
  void sigintStopsTheJobWithCountsAndExitCode130() throws Exception {
    Process direct =
        startStreamAndWaitForOutput(
            "sigint-direct", List.of("env", "--default-signal=INT"), List.of());
    try {
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(direct.pid())).start();
      assertEquals(0, kill.waitFor(), "kill -INT failed");
      assertTrue(
          direct.waitFor(2, TimeUnit.MINUTES), "the interrupted DirectRunner job did not end");
      String log = Files.readString(temp.resolve("sigint-direct.log"));
      assertEquals(130, direct.exitValue(), log);
      assertTrue(
          log.contains(
              "note: SIGINT received: cancelling the job (a second SIGTERM or Ctrl-C ends the"
                  + " process at once)"),
          log);
      assertTrue(
          log.contains(
              "stream cancelled: read " + RECORDS + " records, imputed " + RECORDS + ", 0"),
          log);
    } finally {
      direct.destroyForcibly();
    }
  }

  /**
   * Starts {@code stream} without --run-for in a child JVM (its log {@code name.log}) over 100
   * records in 10 s windows that close once the input is idle for 1 s, and returns once the first
   * window's record file is there (every record has been read by then).
   */
  private Process startStreamAndWaitForOutput(String name, String... options) throws Exception {
    return startStreamAndWaitForOutput(name, List.of(), Arrays.asList(options));
  }

  /**
   * As {@link #startStreamAndWaitForOutput(String, String...)}, the JVM started through {@code
   * launcher} (a command and its arguments before {@code java}; empty: none).
   */
  private Process startStreamAndWaitForOutput(
      String name, List<String> launcher, List<String> options) throws Exception {
    Path outputDirectory = temp.resolve(name + "-out");
    Process child = startStream(name, launcher, options);
    Path log = temp.resolve(name + ".log");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      if (Files.isDirectory(outputDirectory)
          && !CliFixtures.readShards(outputDirectory, "stream-2").isEmpty()) {
        return child;
      }
    }
    child.destroyForcibly();
    throw new AssertionError("the job wrote no record file: " + Files.readString(log));
  }

  /**
   * Starts {@code stream} without --run-for in a child JVM, as {@link
   * #startStreamAndWaitForOutput(String, List, List)} describes, and returns at once.
   */
  private Process startStream(String name, List<String> launcher, List<String> options)
      throws IOException {
    Path in = inputDirectory(name + "-in");
    Path outputDirectory = temp.resolve(name + "-out");
    List<String> command = new ArrayList<>(launcher);
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            FlowImpute.class.getName(),
            "stream",
            "--model",
            bundle.toString(),
            "--source",
            "dir://" + in,
            "--targets",
            targets.toString(),
            "--window",
            "10s",
            "--output",
            outputDirectory.resolve("stream").toString(),
            "--idle-timeout",
            "1s",
            "--poll-interval",
            "200ms",
            "--max-out-of-orderness",
            "1s",
            "--key-field",
            "person_id"));
    command.addAll(options);
    Path log = temp.resolve(name + ".log");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /**
   * Dead letters are windowed too, and the DirectRunner's cancel discards those of windows still
   * open: the summary said "16 dead letters" for a job whose files held 6, with no word about the
   * other 10. The command now says how many were not written, why, and what to do.
   */
  @Test
  void deadLettersInWindowsOpenWhenTheJobIsCancelledAreCountedAsNotWritten() throws Exception {
    Path in = inputDirectory("open-dead-in");
    writeBadAgeRow(in.resolve("02.csv"));
    Path outputDirectory = Files.createDirectories(temp.resolve("open-dead-out"));
    String output = outputDirectory.resolve("stream").toString();

    CommandRun result =
        streamWithin(
            90,
            in,
            "1h",
            output,
            "--poll-interval",
            "200ms",
            "--key-field",
            "person_id",
            "--run-for",
            "8s");

    result.assertOk();
    assertEquals(
        printed("cancelled", RECORDS + 1, RECORDS, 1, output), result.out().lines().toList());
    assertEquals(
        List.of(),
        CliFixtures.readShards(outputDirectory, "stream-dead-letters"),
        "the dead letter's window was open");
    assertTrue(
        result
            .err()
            .contains(
                "warning: 1 of the 1 dead letters were not written to the dead-letter files (0"
                    + " were): they were in dead-letter windows still open when the job was"
                    + " cancelled, which are not written (the DirectRunner discards them): let the"
                    + " job run until a window length after the last input has passed"),
        result.err());
  }

  /**
   * On Flink the job runs attached, so Beam's {@code run()} returns only when it ends: {@code
   * --run-for} drains it (stop with a savepoint and the final watermark), so the open window is
   * written and the counts are final, the records read and dead letters of the source included
   * (Flink keeps a source's own metrics out of Beam's); the file that is not Avro is one dead
   * letter for its unread rest, and the summary says so as impute's does.
   */
  @Test
  void runForDrainsTheJobOnEmbeddedFlinkAndPrintsFinalCounts() throws Exception {
    Path in = inputDirectory("flink-in");
    Files.writeString(in.resolve("02.avro"), "not an Avro file");
    GenericRecord aged =
        new GenericData.Record((GenericData.Record) timedDemoPeople().get(0), true);
    aged.put("person_id", "aged-999");
    aged.put("age", 999);
    Tables.writeAll(in.resolve("03.avro"), aged.getSchema(), List.of(aged));
    Path outputDirectory = temp.resolve("flink-out");
    String output = outputDirectory.resolve("stream").toString();

    CommandRun result =
        streamWithin(
            120,
            in,
            "1h",
            output,
            "--poll-interval",
            "200ms",
            "--key-field",
            "person_id",
            "--runner",
            "FlinkRunner",
            "--parallelism",
            "2",
            "--run-for",
            "10s");

    result.assertOk();
    List<String> expected =
        new ArrayList<>(printed("stopped", RECORDS + 2, RECORDS + 1, 1, output));
    expected.set(
        0,
        expected.get(0)
            + "; 1 of them stands for the unread rest of a file or of an Avro block, whose rows are"
            + " not counted: see their messages");
    assertEquals(expected, result.out().lines().toList());
    assertTrue(
        result
            .err()
            .contains(
                "warning: 1 imputed record had a numeric condition outside the training range,"
                    + " imputed by extrapolation (metric records_outside_training_range;"),
        result.err());
    assertEquals(RECORDS + 1, CliFixtures.readShards(outputDirectory, "stream-2").size());
    assertEquals(1, CliFixtures.readShards(outputDirectory, "stream-reports-").size());
    assertEquals(1, CliFixtures.readShards(outputDirectory, "stream-dead-letters-").size());
  }

  /**
   * A key, event-time or (misspelt, or given explicitly) weight field the records do not have is
   * refused before the job starts: a key or event-time field made every record a dead letter (600
   * of 600) with exit code 0, a weight field gave every record weight 1.
   */
  @Test
  void aKeyEventTimeOrWeightFieldTheRecordsLackIsRefusedBeforeTheJob() throws IOException {
    Path in = inputDirectory("fields-in");
    String output = temp.resolve("fields-out").resolve("stream").toString();

    CommandRun key = stream(in, "1h", output, "--key-field", "pid", "--run-for", "5s");
    CommandRun eventTime = stream(in, "1h", output, "--event-time-field", "ts", "--run-for", "5s");
    CommandRun weight = stream(in, "1h", output, "--weight-field", "wieght", "--run-for", "5s");
    Path noWeight = temp.resolve("fields-noweight.avsc");
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : BenchStreamCommand.timedSchema().getFields()) {
      if (!field.name().equals("weight")) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    Files.writeString(
        noWeight, Schema.createRecord("NoWeight", null, "test", false, fields).toString());
    CommandRun explicitDefault =
        stream(
            in,
            "1h",
            output,
            "--record-schema",
            noWeight.toString(),
            "--weight-field",
            "weight",
            "--run-for",
            "5s");

    assertEquals(ExitCodes.FAILURE, key.exitCode(), key.out());
    // the key and event-time fields' errors name the schema's source as the weight field's does
    // (until 2026-12-04 they did not)
    assertTrue(
        key.err()
            .startsWith(
                "error: key field 'pid' (--key-field) is not a field of the input records, whose"
                    + " schema is that of the source dir://"
                    + in
                    + "; they have [household_id, person_id, "),
        key.err());
    assertEquals(ExitCodes.FAILURE, eventTime.exitCode(), eventTime.out());
    assertTrue(
        eventTime
            .err()
            .startsWith(
                "error: event-time field 'ts' (--event-time-field) is not a field of the input"
                    + " records, whose schema is that of the source dir://"
                    + in
                    + "; they have [household_id, person_id, "),
        eventTime.err());
    assertEquals(ExitCodes.FAILURE, weight.exitCode(), weight.out());
    assertTrue(
        weight
            .err()
            .startsWith(
                "error: weight field 'wieght' (--weight-field) is not a field of the input"),
        weight.err());
    assertEquals(ExitCodes.FAILURE, explicitDefault.exitCode(), explicitDefault.out());
    assertTrue(
        explicitDefault
            .err()
            .startsWith(
                "error: weight field 'weight' (--weight-field) is not a field of the input records,"
                    + " whose schema is that of --record-schema "
                    + noWeight),
        explicitDefault.err());
  }

  /**
   * A window whose targets cannot be met keeps its base weights with {@code --on-infeasible fail},
   * and the command says so at the end: the final line was the same as for a job whose windows all
   * met their targets.
   */
  @Test
  void windowsNotCalibratedAreNamedAtTheEnd() throws Exception {
    Path in = inputDirectory("unmet-in");
    Path unmet =
        Files.writeString(
            temp.resolve("unmet.yaml"),
            "targets:\n  - {name: mean_age, statistic: mean, column: age, value: 150}\n");
    Path outputDirectory = temp.resolve("unmet-out");
    String output = outputDirectory.resolve("stream").toString();

    CommandRun result =
        streamWithin(
            120,
            in,
            unmet,
            "1h",
            output,
            "--poll-interval",
            "200ms",
            "--key-field",
            "person_id",
            "--on-infeasible",
            "fail",
            "--runner",
            "FlinkRunner",
            "--parallelism",
            "1",
            "--run-for",
            "8s");

    result.assertOk();
    assertEquals(printed("stopped", RECORDS, RECORDS, 0, output), result.out().lines().toList());
    assertTrue(
        result
            .err()
            .contains(
                "warning: 1 of 1 window kept its base weights (not calibrated); their reports"),
        result.err());
  }

  /**
   * {@code --checkpoint-dir}: {@code --run-for} stops the job with a savepoint and its open window
   * kept (nothing written, which a note says); {@code --resume} goes on from it, reads only the
   * file added meanwhile, and writes that window with the records of both runs, each once. (Resumed
   * in the JVM that ran the first job, a job calibrated its first window only after its first
   * targets refresh, because Beam's side-input tags are numbered per JVM; hence 2 s here;
   * docs/streaming.md.) The resumed command's settings rule, not those of the source restored from
   * the savepoint: its 2 s idle timeout (the first run's: 1 h) closes the second window, which the
   * first run never reached.
   */
  @Test
  void aJobStoppedWithACheckpointDirectoryResumesWithItsOpenWindow() throws Exception {
    List<GenericRecord> people =
        BenchStreamCommand.demoRecords(BenchStreamCommand.timedSchema(), 2 * RECORDS + 20);
    for (int i = 0; i < people.size(); i++) {
      long time =
          i < RECORDS
              ? T0 + i * 100L
              : i < RECORDS + 20 ? T0 + 50 + (i - RECORDS) * 100L : T0 + i * 100L - 2_000;
      people.get(i).put("event_time", time);
    }
    Schema schema = people.get(0).getSchema();
    Path in = Files.createDirectories(temp.resolve("resume-in"));
    Tables.writeAll(in.resolve("01.avro"), schema, people.subList(0, RECORDS));
    Path outputDirectory = Files.createDirectories(temp.resolve("resume-out"));
    String output = outputDirectory.resolve("stream").toString();
    Path checkpoints = temp.resolve("resume-checkpoints");
    String[] options = {
      "--idle-timeout",
      "1h",
      "--poll-interval",
      "200ms",
      "--max-out-of-orderness",
      "1s",
      "--targets-refresh",
      "2s",
      "--key-field",
      "person_id",
      "--runner",
      "FlinkRunner",
      "--parallelism",
      "2",
      "--checkpoint-interval",
      "1s",
      "--checkpoint-dir",
      checkpoints.toString(),
      "--run-for",
      "8s"
    };

    CommandRun first = streamWithin(120, in, "10s", output, options);
    first.assertOk();
    assertEquals(
        concat(
            printed("stopped", RECORDS, RECORDS, 0, output),
            "checkpoints: " + checkpoints + " (--resume goes on from the newest)"),
        first.out().lines().toList());
    assertEquals(List.of(), CliFixtures.readShards(outputDirectory, "stream-2"), "window open");
    assertTrue(
        first
            .err()
            .contains(
                "note: "
                    + RECORDS
                    + " of the "
                    + RECORDS
                    + " imputed records were not written (0 were): they were in windows still open"
                    + " when the job stopped, which the savepoint under "
                    + checkpoints
                    + " keeps: --resume goes on with them"),
        first.err());

    Tables.writeAll(in.resolve("02.avro"), schema, people.subList(RECORDS, people.size()));
    String[] resumed = Arrays.copyOf(options, options.length + 1);
    resumed[options.length] = "--resume";
    resumed[1] = "2s";
    CommandRun second = streamWithin(120, in, "10s", output, resumed);

    second.assertOk();
    assertTrue(second.err().contains("resuming from " + checkpoints), second.err());
    assertEquals(
        printed("stopped", RECORDS + 20, RECORDS + 20, 0, output).get(0),
        second.out().lines().findFirst().orElse(""),
        "the resumed job reads only the new file");
    assertTrue(second.out().contains("note: this run resumed from " + checkpoints), second.out());
    assertTrue(
        second
            .out()
            .contains(
                " and its counts start at 0 (Flink keeps no metrics in a savepoint): they leave out"
                    + " the records and dead letters the savepoint held in open windows, read and"
                    + " counted by the run that took it. This run wrote "
                    + (2 * RECORDS + 20)
                    + " calibrated records (metric records_calibrated), those restored records"
                    + " included"),
        second.out());
    List<String> firstWindow =
        CliFixtures.readShards(outputDirectory, "stream-2026-01-01T00:00:00").stream()
            .map(record -> record.get("person_id").toString())
            .sorted()
            .toList();
    List<String> expected =
        people.subList(0, RECORDS + 20).stream()
            .map(record -> record.get("person_id").toString())
            .sorted()
            .toList();
    assertEquals(expected, firstWindow, "the first window: both runs' records, each once");
    assertEquals(
        RECORDS,
        CliFixtures.readShards(outputDirectory, "stream-2026-01-01T00:00:10").size(),
        "the second window, closed by the resumed command's 2 s idle timeout (the first run's"
            + " 1 h, restored with the source, kept it open)");
  }

  @Test
  void checkpointOptionsThatCannotWorkAreRefused() throws IOException {
    Path in = inputDirectory("checkpoint-options-in");
    String output = temp.resolve("checkpoint-options-out").resolve("stream").toString();
    String directory = temp.resolve("no-checkpoints").toString();

    // Usage errors (exit 2), as train's options that need one another.
    CommandRun directCheckpoints = stream(in, "1h", output, "--checkpoint-dir", directory);
    assertEquals(ExitCodes.USAGE, directCheckpoints.exitCode(), directCheckpoints.err());
    assertEquals(
        "--checkpoint-dir applies to --runner FlinkRunner only (the DirectRunner does not"
            + " checkpoint)",
        firstLine(directCheckpoints.err()));
    CommandRun noInterval =
        stream(in, "1h", output, "--runner", "FlinkRunner", "--checkpoint-dir", directory);
    assertEquals(ExitCodes.USAGE, noInterval.exitCode(), noInterval.err());
    assertEquals(
        "--checkpoint-dir needs --checkpoint-interval (e.g. 30s): without checkpoints only"
            + " --run-for's savepoint would be kept",
        firstLine(noInterval.err()));
    CommandRun noDirectory = stream(in, "1h", output, "--runner", "FlinkRunner", "--resume");
    assertEquals(ExitCodes.USAGE, noDirectory.exitCode(), noDirectory.err());
    assertEquals(
        "--resume needs --checkpoint-dir, the directory of the checkpoints to resume from",
        firstLine(noDirectory.err()));
    CommandRun nothingToResume =
        stream(
            in,
            "1h",
            output,
            "--runner",
            "FlinkRunner",
            "--checkpoint-interval",
            "1s",
            "--checkpoint-dir",
            directory,
            "--resume");
    assertEquals(ExitCodes.FAILURE, nothingToResume.exitCode(), nothingToResume.out());
    assertTrue(
        nothingToResume
            .err()
            .startsWith("error: no completed checkpoint or savepoint under " + directory),
        nothingToResume.err());
  }

  private static List<String> concat(List<String> lines, String line) {
    List<String> all = new ArrayList<>(lines);
    all.add(line);
    return all;
  }

  /** {@code stream} over directory {@code in} with the trained bundle and targets. */
  /**
   * A --targets file that does not exist is named with its option: the message was "targets file
   * /abs/nofile.yaml: cannot read: File spec /abs/nofile.yaml not found".
   */
  @Test
  void aMissingTargetsFileIsNamedWithItsOption() throws IOException {
    Path in = inputDirectory("no-targets-in");
    Path missing = temp.resolve("nofile.yaml");

    CommandRun result =
        stream(in, missing, "10s", temp.resolve("no-targets-out").resolve("stream").toString());

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.err() + result.out());
    assertEquals(
        "error: --targets " + missing + ": cannot read: File spec " + missing + " not found",
        result.err().strip());
  }

  private static CommandRun stream(Path in, String window, String output, String... options) {
    return stream(in, targets, window, output, options);
  }

  /**
   * As {@link #stream(Path, String, String, String...)}, failing if it runs past {@code seconds}.
   */
  private static CommandRun streamWithin(
      int seconds, Path in, String window, String output, String... options) {
    return streamWithin(seconds, in, targets, window, output, options);
  }

  /**
   * As {@link #stream(Path, Path, String, String, String...)}, failing if it runs past {@code
   * seconds} (a job that does not stop must not hang the build).
   */
  private static CommandRun streamWithin(
      int seconds, Path in, Path targetsFile, String window, String output, String... options) {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(seconds),
        () -> stream(in, targetsFile, window, output, options),
        () -> "stream " + String.join(" ", options) + " did not return within " + seconds + " s");
  }

  /** {@code stream} over directory {@code in} with the trained bundle and {@code targetsFile}. */
  private static CommandRun stream(
      Path in, Path targetsFile, String window, String output, String... options) {
    return run(
        List.of(
            "stream",
            "--model",
            bundle.toString(),
            "--source",
            "dir://" + in,
            "--targets",
            targetsFile.toString(),
            "--window",
            window,
            "--output",
            output),
        options);
  }

  /** What the command prints: how the job ended, its counts and its files' globs. */
  private static List<String> printed(
      String ending, int read, int imputed, int deadLetters, String output) {
    return List.of(
        "stream "
            + ending
            + ": read "
            + read
            + " records, imputed "
            + imputed
            + ", "
            + deadLetters
            + " dead letters",
        "output: " + output + "-[0-9]*.avro",
        "reports: " + output + "-reports-*.avro",
        "dead letters: " + output + "-dead-letters-*.avro");
  }

  /**
   * {@code --device} is a stream option as it is impute's, listed in the help and taken with a
   * space, and it reaches the job: it was only a Beam option written {@code --device=cuda}.
   */
  @Test
  void aDeviceIsAStreamOptionThatReachesTheJob() throws IOException {
    assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA));
    Path in = inputDirectory("device-in");

    CommandRun help = run("stream", "--help").assertOk();
    CommandRun result =
        stream(
            in,
            "1h",
            temp.resolve("device-out").resolve("stream").toString(),
            "--device",
            "cuda",
            "--run-for",
            "20s");

    assertTrue(
        help.out()
            .contains("--device=<device>     cpu, cuda, cuda:<id> (build with -Pcuda) or auto."),
        help.out());
    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(
        "error: device cuda:0 requested but ONNX Runtime has no CUDA provider here (use the"
            + " onnxruntime_gpu build with CUDA 12 libraries, or --device cpu)",
        result.err().strip());
  }

  /**
   * A refused value of a Beam option is one line with the value's own message, without Jackson's
   * "Cannot construct instance of ..." and source details around it.
   */
  @Test
  void aRefusedBeamOptionValueIsItsOwnOneLineMessage() throws IOException {
    Path in = inputDirectory("offset-in");

    CommandRun result =
        stream(
            in,
            "1h",
            temp.resolve("offset-out").resolve("stream").toString(),
            "--kafkaStartOffset=newest");

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals(
        "error: --kafkaStartOffset must be EARLIEST or LATEST, got 'newest'", result.err().strip());
  }

  @Test
  void aKafkaFormatInAnotherCaseIsReadAndAnUnknownOneNamesTheChoices() throws IOException {
    Path in = inputDirectory("format-in");

    CommandRun result =
        stream(
            in, "1h", temp.resolve("format-out").resolve("stream").toString(), "--kafkaFormat=XML");

    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.out());
    assertEquals("error: --kafkaFormat must be AVRO or JSON, got 'XML'", result.err().strip());
  }

  /**
   * A dead-letter topic that is the source topic: each dead letter was read back, failed to decode
   * and became another dead letter, without end. Refused before anything runs, as a usage error.
   */
  @Test
  void aKafkaOutputThatIsTheSourceTopicIsAUsageError() {
    CommandRun result =
        CommandRun.run(
            List.of(
                "stream",
                "--model",
                bundle.toString(),
                "--source",
                "kafka://localhost:39092/people",
                "--record-schema",
                "people.avsc",
                "--targets",
                targets.toString(),
                "--output",
                temp.resolve("loop-out").resolve("stream").toString()),
            "--kafkaDeadLetterOutput=kafka://127.0.0.1:39092/people");

    assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
    assertEquals(
        "--kafkaDeadLetterOutput kafka://127.0.0.1:39092/people is the topic of --source"
            + " kafka://localhost:39092/people (same topic on the same brokers): every dead letter"
            + " would be read back, fail to decode and become another dead letter, without end;"
            + " give --kafkaDeadLetterOutput a topic of its own",
        firstLine(result.err()));
  }

  /**
   * An output prefix in the watched directory, or in a directory under it, is a usage error naming
   * both options before the job starts: the job would read its own .avro files back as records.
   */
  @Test
  void anOutputInTheWatchedDirectoryIsAUsageError() throws IOException {
    Path in = inputDirectory("loop-in");
    String inside = in.resolve("out").resolve("stream").toString();
    String outside = temp.resolve("loop-out").resolve("stream").toString();

    CommandRun output = stream(in, "1h", inside, "--run-for", "5s");
    CommandRun deadLetters =
        stream(
            in,
            "1h",
            outside,
            "--dead-letter-output",
            in.resolve("bad").toString(),
            "--run-for",
            "5s");

    assertEquals(ExitCodes.USAGE, output.exitCode(), output.err());
    assertEquals(
        "--output "
            + inside
            + " writes into "
            + in.resolve("out")
            + ", which --source dir://"
            + in
            + " watches ("
            + in
            + " and the directories under it): the job would read its own .avro files back as new"
            + " records; give --output a prefix outside "
            + in,
        firstLine(output.err()));
    assertFalse(Files.exists(in.resolve("out")), "the job started");
    assertEquals(ExitCodes.USAGE, deadLetters.exitCode(), deadLetters.err());
    assertTrue(
        firstLine(deadLetters.err())
            .startsWith("--dead-letter-output " + in.resolve("bad") + " writes into " + in + ","),
        deadLetters.err());
  }

  /** A new directory holding {@link #timedDemoPeople} as {@code 01.avro}. */
  /** Writes a CSV file of one row whose age is not a number (key {@code csv-bad-age}). */
  private static void writeBadAgeRow(Path file) throws IOException {
    GenericRecord template = timedDemoPeople().get(0);
    List<String> header = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    for (Schema.Field field : template.getSchema().getFields()) {
      header.add(field.name());
      Object value = template.get(field.name());
      cells.add(
          switch (field.name()) {
            case "person_id" -> "csv-bad-age";
            case "age" -> "forty";
            default -> value == null ? "" : value.toString();
          });
    }
    Files.writeString(file, String.join(",", header) + "\n" + String.join(",", cells) + "\n");
  }

  private static Path inputDirectory(String name) throws IOException {
    Path in = Files.createDirectories(temp.resolve(name));
    List<GenericRecord> people = timedDemoPeople();
    Tables.writeAll(in.resolve("01.avro"), people.get(0).getSchema(), people);
    return in;
  }

  /** Demo persons with event times 100 ms apart from {@link #T0}: one 10 s window. */
  private static List<GenericRecord> timedDemoPeople() {
    List<GenericRecord> people =
        BenchStreamCommand.demoRecords(BenchStreamCommand.timedSchema(), RECORDS);
    for (int i = 0; i < people.size(); i++) {
      people.get(i).put("event_time", T0 + i * 100L);
    }
    return people;
  }

  private static String firstLine(String text) {
    return text.strip().lines().findFirst().orElse("");
  }
}
