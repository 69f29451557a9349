package org.flowimpute.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.flowimpute.pipelines.io.DirectoryWatchSource;
import org.flowimpute.pipelines.options.StreamOptions;
import org.flowimpute.pipelines.stream.CalibratedSchema;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.Await;
import org.flowimpute.pipelines.testing.DirectStreamOptions;
import org.flowimpute.pipelines.testing.HouseholdFakeModel;
import org.flowimpute.pipelines.testing.WindowedFiles;
import org.flowimpute.table.Float32Columns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job with a household-aware model, end to end on the DirectRunner with a watched
 * directory: households complete across windows, a partial one released by the timeout, a member
 * without a household size as a dead letter; every record once, totals per household; the files
 * named after their windows and found by the globs the command prints.
 */
class StreamHouseholdsTest {

  private static final long T0 = 1_767_225_600_000L;

  /** Household members as files give them to the job: with the weight and event time it reads. */
  private static final Schema PERSON =
      SchemaBuilder.record("Person")
          .namespace("org.flowimpute.test")
          .fields()
          .requiredString("household_id")
          .requiredString("person_id")
          .requiredDouble("age")
          .optionalInt("household_members")
          .requiredDouble("weight")
          .requiredLong("event_time")
          .endRecord();

  @TempDir Path dir;

  @Test
  void householdsAreImputedWholeOrFlaggedPartialAndCountsBalance() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    AvroFiles.write(
        in.resolve("01.avro"),
        PERSON,
        List.of(
            person("H1", "a1", 40, 2, 1),
            person("H2", "b1", 35, 3, 3),
            person("H3", "c1", 50, 2, 5),
            person("H1", "a2", 12, 2, 2),
            person("H2", "b2", 33, 3, 4),
            person("H5", "e1", 20, null, 6),
            person("H2", "b3", 5, 3, 12),
            person("H4", "d1", 60, 1, 21)));
    Path targets = dir.resolve("targets.yaml");
    Files.writeString(
        targets,
        "targets:\n  - name: mean_age\n    statistic: mean\n    column: age\n    value: 40\n");
    StreamOptions options = options(in, targets);
    Path out = dir.resolve("out");
    options.setOutput(out.resolve("stream").toString());
    options.setReportOutput(null);
    options.setDeadLetterOutput(null);
    String recordFiles = StreamPipeline.recordFiles(options);
    String reportFiles = StreamPipeline.reportFiles(options);
    String deadLetterFiles = StreamPipeline.deadLetterFiles(options);
    Pipeline pipeline = Pipeline.create(options);
    StreamPipeline.build(pipeline, options, new HouseholdFakeModel(), source(in, options));

    PipelineResult result = pipeline.run();
    try {
      Await.until(
          () ->
              Await.running(result)
                  && WindowedFiles.count(WindowedFiles.matching(out, recordFiles)) == 7
                  && WindowedFiles.count(WindowedFiles.matching(out, deadLetterFiles)) == 1
                  && reportedRecordsIn(WindowedFiles.matching(out, reportFiles)) == 7,
          90_000,
          () -> "outputs " + WindowedFiles.finished(out));
    } finally {
      result.cancel();
    }

    assertEachFileMatchesOneGlob(out, recordFiles, reportFiles, deadLetterFiles);
    assertFilesNameTheirReportsWindows(
        WindowedFiles.matching(out, recordFiles), WindowedFiles.matching(out, reportFiles));
    Map<String, GenericRecord> byPerson = new HashMap<>();
    Map<String, List<GenericRecord>> byHousehold = new HashMap<>();
    for (GenericRecord record :
        WindowedFiles.readByWindow(WindowedFiles.matching(out, recordFiles)).values().stream()
            .flatMap(List::stream)
            .toList()) {
      assertEquals(null, byPerson.put(record.get("person_id").toString(), record));
      byHousehold
          .computeIfAbsent(record.get("household_id").toString(), k -> new ArrayList<>())
          .add(record);
      assertTrue(record.get(CalibratedSchema.CALIBRATED_WEIGHT) instanceof Double);
    }
    assertEquals(7, byPerson.size());
    assertEquals(Map.of("H1", 2, "H2", 3, "H3", 1, "H4", 1), sizes(byHousehold));
    for (List<GenericRecord> members : byHousehold.values()) {
      // summed as written: each imputed float32 amount as the decimal CSV shows
      double total =
          members.stream()
              .map(r -> new BigDecimal(Float32Columns.format((Double) r.get("wage_income"))))
              .reduce(BigDecimal.ZERO, BigDecimal::add)
              .doubleValue();
      boolean complete = !members.get(0).get("household_id").toString().equals("H3");
      for (GenericRecord member : members) {
        assertEquals(total, (Double) member.get("household_wage_income_total"), 0.0);
        assertEquals(complete, member.get("household_complete"));
        assertEquals(1, member.get("household_part"));
        assertEquals((double) members.size(), member.get("household_size"));
      }
    }
    GenericRecord letter =
        WindowedFiles.readByWindow(WindowedFiles.matching(out, deadLetterFiles)).values().stream()
            .flatMap(List::stream)
            .findFirst()
            .orElseThrow();
    assertEquals("household_members", letter.get("field").toString());
    assertEquals("validate", letter.get("stage").toString());
    JobCounts counts = JobCounts.of(result);
    assertEquals(8, counts.read());
    assertEquals(1, counts.deadLetters());
    assertEquals(7, counts.imputed());
    assertTrue(counts.balanced(), counts.toString());
  }

  /**
   * A member the window's calibration cannot use (weight 0) takes its whole household (release) to
   * the dead letters, stage calibrate: its own reason for it, the others naming it. Before, its two
   * housemates were calibrated and written, with household_size 3 and totals over three members, a
   * partial household in the output without any flag. The other household is written whole; 5 in =
   * 2 out + 3 dead letters.
   */
  @Test
  void aMemberUnusableAtCalibrationDeadLettersItsWholeHousehold() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    GenericRecord weightless = person("H2", "b2", 33, 3, 4);
    weightless.put("weight", 0.0);
    AvroFiles.write(
        in.resolve("01.avro"),
        PERSON,
        List.of(
            person("H1", "a1", 40, 2, 1),
            person("H2", "b1", 35, 3, 3),
            person("H1", "a2", 12, 2, 2),
            weightless,
            person("H2", "b3", 5, 3, 5)));
    Path targets = dir.resolve("targets.yaml");
    Files.writeString(
        targets,
        "targets:\n  - name: mean_age\n    statistic: mean\n    column: age\n    value: 30\n");
    StreamOptions options = options(in, targets);
    Path out = dir.resolve("out");
    options.setOutput(out.resolve("stream").toString());
    options.setReportOutput(null);
    options.setDeadLetterOutput(null);
    String recordFiles = StreamPipeline.recordFiles(options);
    String reportFiles = StreamPipeline.reportFiles(options);
    String deadLetterFiles = StreamPipeline.deadLetterFiles(options);
    Pipeline pipeline = Pipeline.create(options);
    StreamPipeline.build(pipeline, options, new HouseholdFakeModel(), source(in, options));

    PipelineResult result = pipeline.run();
    try {
      Await.until(
          () ->
              Await.running(result)
                  && WindowedFiles.count(WindowedFiles.matching(out, deadLetterFiles)) >= 1
                  && reportedRecordsIn(WindowedFiles.matching(out, reportFiles)) >= 2,
          90_000,
          () -> "outputs " + WindowedFiles.finished(out));
      Thread.sleep(2_000);
    } finally {
      result.cancel();
    }

    List<String> written =
        WindowedFiles.readByWindow(WindowedFiles.matching(out, recordFiles)).values().stream()
            .flatMap(List::stream)
            .map(r -> r.get("person_id").toString())
            .sorted()
            .toList();
    assertEquals(List.of("a1", "a2"), written);
    List<GenericRecord> letters =
        WindowedFiles.readByWindow(WindowedFiles.matching(out, deadLetterFiles)).values().stream()
            .flatMap(List::stream)
            .toList();
    assertEquals(3, letters.size(), letters.toString());
    Map<String, String> sources = new HashMap<>();
    Map<String, String> eventTimes = new HashMap<>();
    for (GenericRecord letter : letters) {
      assertEquals("calibrate", letter.get("stage").toString(), letter.toString());
      sources.put(letter.get("record_key").toString(), letter.get("source").toString());
      String message = letter.get("message").toString();
      String marker = " (imputed record of event time ";
      assertTrue(message.endsWith(")") && message.contains(marker), message);
      eventTimes.put(
          letter.get("record_key").toString(),
          message.substring(message.lastIndexOf(marker) + marker.length(), message.length() - 1));
      if (!letter.get("error_class").toString().equals("not_positive")) {
        assertTrue(message.contains("household 'H2'"), message);
        assertTrue(message.contains("calibrated whole or not at all"), message);
      }
    }
    assertEquals(
        1,
        letters.stream()
            .filter(l -> l.get("error_class").toString().equals("not_positive"))
            .count());
    // Each dead letter names its member's file and record, as the decode ones do.
    String file = in.resolve("01.avro").toString();
    assertEquals(Map.of("b1", file + ":2", "b2", file + ":4", "b3", file + ":5"), sources);
    // ... and its member's own event time, not the release's (b3's, the latest: until 2026-12-03
    // all three said 00:00:05).
    assertEquals(
        Map.of(
            "b1", "2026-01-01T00:00:03.000Z",
            "b2", "2026-01-01T00:00:04.000Z",
            "b3", "2026-01-01T00:00:05.000Z"),
        eventTimes);
    assertEquals(2L, reportedRecordsIn(WindowedFiles.matching(out, reportFiles)));
    JobCounts counts = JobCounts.of(result);
    assertEquals(5, counts.read());
    assertEquals(3, counts.deadLetters());
    assertEquals(2, counts.imputed());
    assertTrue(counts.balanced(), counts.toString());
  }

  @Test
  void recordsWithoutTheHouseholdSizeFieldAreRefusedWhenTheJobIsBuilt() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Path targets = dir.resolve("targets.yaml");
    Files.writeString(
        targets,
        "targets:\n  - name: mean_age\n    statistic: mean\n    column: age\n    value: 40\n");
    StreamOptions options = options(in, targets);
    options.setHouseholdSizeField("members");
    AvroFiles.write(in.resolve("01.avro"), PERSON, List.of(person("H1", "a1", 40, 1, 1)));

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                StreamPipeline.build(
                    Pipeline.create(options),
                    options,
                    new HouseholdFakeModel(),
                    source(in, options)));

    assertTrue(error.getMessage().contains("household-size field 'members'"), error.getMessage());
  }

  /**
   * Each output file matches exactly one of the globs {@code flowimpute stream} prints: the record
   * glob takes neither reports nor dead letters (files named {@code stream-reports-…} and {@code
   * stream-dead-letters-…} beside {@code stream-<windowStart>-…}).
   */
  private static void assertEachFileMatchesOneGlob(Path out, String... globs) {
    List<Path> files = WindowedFiles.finished(out);
    assertFalse(files.isEmpty());
    for (Path file : files) {
      List<String> matching =
          Arrays.stream(globs)
              .filter(glob -> WindowedFiles.matching(out, glob).contains(file))
              .toList();
      assertEquals(1, matching.size(), file + " matches " + matching);
    }
  }

  /**
   * Record and report files carry the epoch-aligned 10 s window of their reports in their names,
   * and each window's record files hold as many records as its report counts (household releases
   * are stamped with their earliest member's time; the files used to be named after a window ending
   * just after it).
   */
  private static void assertFilesNameTheirReportsWindows(
      List<Path> recordFiles, List<Path> reportFiles) {
    Map<IntervalWindow, List<GenericRecord>> reports = WindowedFiles.readByWindow(reportFiles);
    for (Map.Entry<IntervalWindow, List<GenericRecord>> entry : reports.entrySet()) {
      IntervalWindow window = entry.getKey();
      assertEquals(0, window.start().getMillis() % 10_000, window.toString());
      assertEquals(10_000, window.end().getMillis() - window.start().getMillis());
      for (GenericRecord report : entry.getValue()) {
        assertEquals(window.start().getMillis(), report.get("window_start"), window.toString());
        assertEquals(window.end().getMillis(), report.get("window_end"), window.toString());
      }
    }
    Map<IntervalWindow, List<GenericRecord>> records = WindowedFiles.readByWindow(recordFiles);
    assertEquals(reports.keySet(), records.keySet());
    for (IntervalWindow window : records.keySet()) {
      assertEquals(
          reportedRecords(reports.get(window)),
          records.get(window).size(),
          "records in the files of " + window);
    }
  }

  private static long reportedRecordsIn(List<Path> reportFiles) {
    return WindowedFiles.readByWindow(reportFiles).values().stream()
        .mapToLong(StreamHouseholdsTest::reportedRecords)
        .sum();
  }

  private static long reportedRecords(List<GenericRecord> reports) {
    return reports.stream().mapToLong(r -> (Long) r.get("n")).sum();
  }

  private static Map<String, Integer> sizes(Map<String, List<GenericRecord>> households) {
    Map<String, Integer> sizes = new HashMap<>();
    households.forEach((id, members) -> sizes.put(id, members.size()));
    return sizes;
  }

  private static DirectoryWatchSource source(Path in, StreamOptions options) {
    return DirectStreamOptions.source(in, HouseholdFakeModel.FIELDS, options).withSchema(PERSON);
  }

  private StreamOptions options(Path in, Path targets) throws Exception {
    StreamOptions options = DirectStreamOptions.watching(in, targets, dir);
    options.setKeyField("person_id");
    return options;
  }

  private static GenericRecord person(
      String household, String id, double age, Integer members, int seconds) {
    GenericData.Record record = new GenericData.Record(PERSON);
    record.put("household_id", household);
    record.put("person_id", id);
    record.put("age", age);
    record.put("household_members", members);
    record.put("weight", 1.0);
    record.put("event_time", T0 + seconds * 1000L);
    return record;
  }
}
