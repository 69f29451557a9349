package org.flowimpute.pipelines;

import static org.flowimpute.pipelines.testing.TestData.timedPerson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.flowimpute.pipelines.options.StreamOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.Await;
import org.flowimpute.pipelines.testing.DirectStreamOptions;
import org.flowimpute.pipelines.testing.FakeModelProvider;
import org.flowimpute.pipelines.testing.StreamTargets;
import org.flowimpute.pipelines.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job end to end on the DirectRunner with a watched directory: three 10-second
 * event-time windows, malformed records of several kinds, and late records; checks that nothing is
 * lost or duplicated, that each window's calibrated weights meet the targets, and the reports.
 */
class StreamPipelineTest {

  /** 2026-01-01T00:00:00Z: event times of the test records are historic, windows align to it. */
  private static final long T0 = 1_767_225_600_000L;

  private static final long WINDOW = 10_000L;

  @TempDir Path dir;

  @Test
  void householdOptionsAreRefusedForAPersonLevelModel() {
    FakeModelProvider personLevel = new FakeModelProvider(TestData.MODEL);
    StreamOptions timeout = PipelineOptionsFactory.create().as(StreamOptions.class);
    timeout.setHouseholdTimeout("10s");
    StreamOptions sizeField = PipelineOptionsFactory.create().as(StreamOptions.class);
    sizeField.setHouseholdSizeField("members");
    StreamOptions neither = PipelineOptionsFactory.create().as(StreamOptions.class);

    String modelId = personLevel.fields().modelId();
    for (var refused :
        List.of(
            Map.entry(timeout, "--householdTimeout=10s"),
            Map.entry(sizeField, "--householdSizeField=members"))) {
      IllegalArgumentException error =
          assertThrows(
              IllegalArgumentException.class,
              () -> StreamPipeline.householdContext(refused.getKey(), personLevel));
      assertEquals(
          refused.getValue()
              + ": model "
              + modelId
              + " was not trained with a household context (train --household-id); the option"
              + " applies to household models only",
          error.getMessage());
    }
    assertFalse(StreamPipeline.householdContext(neither, personLevel).isPresent());
  }

  @Test
  void everyRecordEndsOnceInOutputOrDeadLettersAndWindowsMeetTargets() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    List<String> good = new ArrayList<>();
    List<GenericRecord> first = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      long time = T0 + (i < 30 ? 0 : WINDOW) + (i % 30) * 300L;
      first.add(
          timedPerson("a" + i, 20.0 + (i * 7) % 50, TestData.REGIONS.get(i % 3), 1 + i % 4, time));
      good.add("a" + i);
    }
    first.add(timedPerson("bad-age", null, "north", 1, T0 + WINDOW + 100));
    first.add(timedPerson("bad-region", 40.0, "west", 1, T0 + WINDOW + 200));
    first.add(timedPerson("bad-time", 40.0, "south", 1, null));
    AvroFiles.write(in.resolve("01-first.avro"), TestData.TIMED_PERSON, first);

    StringBuilder csv = new StringBuilder("id,age,region,weight,event_time\n");
    for (int i = 0; i < 6; i++) {
      csv.append("c")
          .append(i)
          .append(',')
          .append(25 + i * 9)
          .append(',')
          .append(TestData.REGIONS.get(i % 3))
          .append(",2,")
          .append(T0 + WINDOW + 500L * i)
          .append('\n');
      good.add("c" + i);
    }
    csv.append("c-short,30,north\n");
    csv.append("c-nan,thirty,north,1,").append(T0 + WINDOW).append('\n');
    csv.append("c-time,30,north,1,yesterday\n");
    csv.append("c-weightless,30,north,0,").append(T0 + WINDOW).append('\n');
    Files.writeString(in.resolve("02-rows.csv"), csv);

    List<GenericRecord> second = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      second.add(
          timedPerson(
              "b" + i,
              21.0 + (i * 11) % 50,
              TestData.REGIONS.get(i % 3),
              1 + i % 3,
              T0 + 2 * WINDOW + i * 300L));
      good.add("b" + i);
    }
    for (int i = 0; i < 4; i++) {
      second.add(timedPerson("late" + i, 50.0, "east", 1, T0 + 1_000L * i));
    }
    AvroFiles.write(in.resolve("03-second.avro"), TestData.TIMED_PERSON, second);
    Path targets = StreamTargets.write(dir.resolve("targets.yaml"));

    StreamOptions options = options(in, targets);
    Pipeline pipeline = Pipeline.create(options);
    StreamPipeline.build(
        pipeline,
        options,
        new FakeModelProvider(TestData.MODEL),
        DirectStreamOptions.source(in, TestData.MODEL, options));
    PipelineResult result = pipeline.run();
    try {
      Await.until(
          () ->
              Await.running(result)
                  && reports().size() == 3
                  && AvroFiles.readShards(dir.resolve("dead"), "part").size() == 11
                  && AvroFiles.readShards(dir.resolve("out"), "part").size() == good.size(),
          60_000,
          () -> progress(result));
    } finally {
      result.cancel();
    }

    List<GenericRecord> output = AvroFiles.readShards(dir.resolve("out"), "part");
    Map<String, Long> copies =
        output.stream()
            .collect(Collectors.groupingBy(r -> r.get("id").toString(), Collectors.counting()));
    assertEquals(good.size(), output.size());
    assertEquals(new java.util.TreeSet<>(good), new java.util.TreeSet<>(copies.keySet()));
    assertTrue(copies.values().stream().allMatch(c -> c == 1), "no record twice: " + copies);

    Map<String, String> reasons = new TreeMap<>();
    List<String> calibrateSources = new ArrayList<>();
    for (GenericRecord letter : AvroFiles.readShards(dir.resolve("dead"), "part")) {
      String source = letter.get("source").toString();
      reasons.put(
          source.substring(source.lastIndexOf('/') + 1),
          letter.get("stage") + "/" + letter.get("error_class"));
      if (letter.get("stage").toString().equals("calibrate")) {
        calibrateSources.add(source);
      }
    }
    assertEquals(
        Map.ofEntries(
            Map.entry("01-first.avro:61", "validate/null_value"),
            Map.entry("01-first.avro:62", "validate/unknown_category"),
            Map.entry("01-first.avro:63", "decode/missing_field"),
            Map.entry("02-rows.csv:7", "decode/malformed"),
            Map.entry("02-rows.csv:8", "decode/malformed"),
            Map.entry("02-rows.csv:9", "decode/malformed"),
            Map.entry("02-rows.csv:10", "calibrate/not_positive"),
            Map.entry("03-second.avro:31", "window/late"),
            Map.entry("03-second.avro:32", "window/late"),
            Map.entry("03-second.avro:33", "window/late"),
            Map.entry("03-second.avro:34", "window/late")),
        reasons);
    // A record the window calibration sets aside names its file and row, as a decode one does.
    assertEquals(List.of(in.resolve("02-rows.csv") + ":10"), calibrateSources);

    Map<Long, List<GenericRecord>> byWindow = StreamTargets.byWindow(output, T0, WINDOW);
    assertEquals(List.of(T0, T0 + WINDOW, T0 + 2 * WINDOW), new ArrayList<>(byWindow.keySet()));
    for (List<GenericRecord> window : byWindow.values()) {
      StreamTargets.assertWindowMeetsTargets(window);
      for (GenericRecord record : window) {
        assertEquals("test-model-1", record.get("model_id").toString());
      }
    }

    List<GenericRecord> reports = reports();
    reports.sort(java.util.Comparator.comparing(r -> r.get("window_start").toString()));
    long warm = reports.stream().filter(r -> (Boolean) r.get("warm_started")).count();
    assertEquals(2, warm, "every window after the first calibrated one starts warm");
    for (int w = 0; w < 3; w++) {
      GenericRecord report = reports.get(w);
      assertEquals(true, report.get("converged"), report.toString());
      assertEquals((long) byWindow.get(T0 + w * WINDOW).size(), report.get("n"));
      assertTrue((Double) report.get("max_relative_error") <= 1e-8, report.toString());
      assertTrue((Double) report.get("kish_ess") > 0, report.toString());
      assertTrue((Double) report.get("drift") > 0.5, "base weights are far from the targets");
      assertEquals(true, report.get("drift_exceeded"));
    }

    JobCounts counts = JobCounts.of(result);
    assertEquals(good.size() + 11, counts.read());
    assertEquals(11, counts.deadLetters());
    assertTrue(counts.balanced(), counts.toString());
  }

  private List<GenericRecord> reports() {
    return AvroFiles.readShards(dir.resolve("reports"), "part");
  }

  private StreamOptions options(Path in, Path targets) throws IOException {
    return DirectStreamOptions.watching(in, targets, dir);
  }

  private String progress(PipelineResult result) {
    StringBuilder text = new StringBuilder("state " + result.getState());
    text.append(", metrics ").append(JobCounts.of(result));
    text.append(", dead letters ")
        .append(
            AvroFiles.readShards(dir.resolve("dead"), "part").stream()
                .collect(
                    Collectors.groupingBy(
                        l -> l.get("stage") + "/" + l.get("error_class"), Collectors.counting())));
    for (String sub : List.of("out", "reports", "dead")) {
      try (Stream<Path> files = Files.list(dir.resolve(sub))) {
        text.append("\n")
            .append(sub)
            .append(": ")
            .append(files.map(f -> f.getFileName().toString()).sorted().toList());
      } catch (IOException e) {
        text.append("\n").append(sub).append(": ").append(e);
      }
    }
    return text.toString();
  }
}
