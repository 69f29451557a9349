package org.flowimpute.deploy;

import static org.flowimpute.pipelines.testing.TestData.timedPerson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptions;
import org.flowimpute.pipelines.options.StreamOptions;
import org.flowimpute.pipelines.testing.AvroFiles;
import org.flowimpute.pipelines.testing.StreamTargets;
import org.flowimpute.pipelines.testing.TestBundles;
import org.flowimpute.pipelines.testing.TestData;

/**
 * Input, options and checks for the product streaming job ({@code StreamPipeline}) on the cluster:
 * a watched directory of Avro files (historic event times, one file of 60 records per 10-second
 * window, three malformed records in window 1), the pipelines' contract bundle and count-by-region
 * and mean-age targets. The checks read only committed (renamed) window files.
 */
final class ProductStreamJob {

  /** 2026-01-01T00:00:00Z: windows align to it. */
  static final long T0 = 1_767_225_600_000L;

  static final long WINDOW_MILLIS = 10_000L;
  static final int RECORDS_PER_WINDOW = 60;

  /** Malformed records (file:record number) and the dead-letter stage/reason each must get. */
  static final Map<String, String> MALFORMED =
      Map.of(
          "01-window.avro:61", "validate/null_value",
          "01-window.avro:62", "validate/unknown_category",
          "01-window.avro:63", "decode/missing_field");

  private final Path dir;
  private final int windows;
  private final List<String> good = new ArrayList<>();

  private ProductStreamJob(Path dir, int windows) {
    this.dir = dir.toAbsolutePath();
    this.windows = windows;
  }

  /**
   * Writes the bundle and the targets into {@code dir} for a job over {@code windows} windows; the
   * window files follow with {@link #writeWindows}.
   */
  static ProductStreamJob prepare(Path dir, int windows) throws IOException {
    ProductStreamJob job = new ProductStreamJob(dir, windows);
    TestBundles.writePeopleBundle(job.dir.resolve("bundle"));
    StreamTargets.write(job.dir.resolve("targets.yaml"));
    Files.createDirectories(job.dir.resolve("in"));
    return job;
  }

  /** The windows of this job. */
  int windows() {
    return windows;
  }

  /**
   * Moves the Avro files of windows {@code from} (inclusive) to {@code to} (exclusive) into the
   * watched directory, each written under a temporary name first; window 1 also holds the malformed
   * records.
   */
  void writeWindows(int from, int to) throws IOException {
    for (int w = from; w < to; w++) {
      List<GenericRecord> records = new ArrayList<>();
      for (int i = 0; i < RECORDS_PER_WINDOW; i++) {
        String id = "w" + w + "-" + i;
        long time = T0 + w * WINDOW_MILLIS + i * (WINDOW_MILLIS / RECORDS_PER_WINDOW);
        records.add(
            timedPerson(id, 20.0 + (i * 7 + w) % 50, TestData.REGIONS.get(i % 3), 1 + i % 4, time));
        good.add(id);
      }
      if (w == 1) {
        long time = T0 + w * WINDOW_MILLIS + 5_000;
        records.add(timedPerson("bad-age", null, "north", 1, time));
        records.add(timedPerson("bad-region", 40.0, "west", 1, time));
        records.add(timedPerson("bad-time", 40.0, "south", 1, null));
      }
      moveIn(String.format("%02d-window.avro", w), records);
    }
  }

  /**
   * For jobs without idle timeout: one record 2 s into the window after the last, whose event time
   * moves the watermark past the last window's end (that record's own window stays open).
   */
  void writeWatermarkCloser() throws IOException {
    long time = T0 + windows * WINDOW_MILLIS + 2_000;
    moveIn("99-closer.avro", List.of(timedPerson("closer", 40.0, "north", 1, time)));
  }

  private void moveIn(String name, List<GenericRecord> records) throws IOException {
    Path in = dir.resolve("in");
    Path temporary = in.resolve(name + ".tmp");
    AvroFiles.write(temporary, TestData.TIMED_PERSON, records);
    Files.move(temporary, in.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * {@code base} (a FlinkRunner submission) as the job's options: 10 s windows, 1 s out of
   * orderness, a 3 s idle timeout that closes the last window once every file is read.
   */
  StreamOptions options(PipelineOptions base) {
    StreamOptions options = base.as(StreamOptions.class);
    options.setModel(dir.resolve("bundle").toString());
    options.setSource("dir://" + dir.resolve("in"));
    options.setTargets(dir.resolve("targets.yaml").toString());
    options.setWindow("10s");
    options.setMaxOutOfOrderness("1s");
    options.setIdleTimeout("3s");
    options.setPollInterval("1s");
    options.setTargetsRefresh("10s");
    options.setKeyField("id");
    options.setSeed(7L);
    options.setOutput(dir.resolve("out").resolve("part").toString());
    options.setReportOutput(dir.resolve("reports").resolve("part").toString());
    options.setDeadLetterOutput(dir.resolve("dead").resolve("part").toString());
    return options;
  }

  /** Whether every expected record, dead letter and report is committed. */
  boolean complete() {
    try {
      return committed("out").size() >= good.size()
          && committed("dead").size() >= MALFORMED.size()
          && committed("reports").size() >= windows;
    } catch (UncheckedIOException e) {
      return false; // a file is being renamed into place; look again
    }
  }

  /**
   * Waits until {@link #complete()}; fails with the job's exceptions when the job ends or {@code
   * timeout} passes first.
   */
  void awaitComplete(FlinkRest rest, String jobId, Duration timeout)
      throws IOException, InterruptedException {
    awaitReports(rest, jobId, windows, timeout);
    Instant deadline = Instant.now().plus(timeout);
    while (!complete()) {
      failIfEnded(rest, jobId);
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("outputs not committed after " + timeout + ": " + progress());
      }
      Thread.sleep(500);
    }
  }

  /**
   * Waits until {@code count} window reports are committed, failing like {@link #awaitComplete}.
   */
  void awaitReports(FlinkRest rest, String jobId, int count, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (committedReports() < count) {
      failIfEnded(rest, jobId);
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "fewer than "
                + count
                + " windows committed after "
                + timeout
                + ": "
                + progress()
                + ", watermarks "
                + rest.watermarks(jobId)
                + ", exceptions "
                + rest.exceptions(jobId));
      }
      Thread.sleep(500);
    }
  }

  private static void failIfEnded(FlinkRest rest, String jobId)
      throws IOException, InterruptedException {
    String state = rest.jobState(jobId);
    if (List.of("FINISHED", "FAILED", "CANCELED").contains(state)) {
      throw new AssertionError("streaming job " + state + ": " + rest.exceptions(jobId));
    }
  }

  /** The number of committed window reports (0 while a file is being renamed into place). */
  int committedReports() {
    try {
      return committed("reports").size();
    } catch (UncheckedIOException e) {
      return 0;
    }
  }

  /** Committed file counts, for progress messages. */
  String progress() {
    return String.format(
        "records %d/%d, dead letters %d/%d, reports %d/%d",
        committed("out").size(),
        good.size(),
        committed("dead").size(),
        MALFORMED.size(),
        committed("reports").size(),
        windows);
  }

  /**
   * Every good record exactly once in the committed record files, with calibrated weights that meet
   * the targets in its window; each malformed one once in the dead letters with its reason; one
   * converged report per window counting that window's records.
   */
  void verify() {
    List<GenericRecord> output = committed("out");
    Map<String, Long> copies =
        output.stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.get("id").toString(), TreeMap::new, Collectors.counting()));
    assertEquals(new java.util.TreeSet<>(good), copies.keySet(), "records written");
    assertTrue(copies.values().stream().allMatch(c -> c == 1), "a record written twice");
    assertEquals(good.size(), output.size());

    Map<String, String> reasons =
        committed("dead").stream()
            .collect(
                Collectors.toMap(
                    l -> {
                      String source = l.get("source").toString();
                      return source.substring(source.lastIndexOf('/') + 1);
                    },
                    l -> l.get("stage") + "/" + l.get("error_class")));
    assertEquals(MALFORMED, reasons, "dead letters by source");

    Map<Long, List<GenericRecord>> byWindow = StreamTargets.byWindow(output, T0, WINDOW_MILLIS);
    assertEquals(windows, byWindow.size(), "windows with records");
    for (List<GenericRecord> window : byWindow.values()) {
      assertEquals(RECORDS_PER_WINDOW, window.size());
      StreamTargets.assertWindowMeetsTargets(window);
      for (GenericRecord record : window) {
        assertEquals("people-contract-1", record.get("model_id").toString());
      }
    }

    Map<Long, GenericRecord> reports =
        committed("reports").stream()
            .collect(
                Collectors.toMap(
                    r -> (Long) r.get("window_start"), Function.identity(), (a, b) -> a));
    assertEquals(byWindow.keySet(), reports.keySet(), "one report per window");
    assertEquals(windows, committed("reports").size(), "no window reported twice");
    for (GenericRecord report : reports.values()) {
      assertEquals(true, report.get("converged"), report.toString());
      assertEquals((long) RECORDS_PER_WINDOW, report.get("n"), report.toString());
      assertTrue((Double) report.get("max_relative_error") <= 1e-8, report.toString());
    }
  }

  private List<GenericRecord> committed(String sub) {
    Path directory = dir.resolve(sub);
    return Files.isDirectory(directory) ? AvroFiles.readShards(directory, "part") : List.of();
  }
}
