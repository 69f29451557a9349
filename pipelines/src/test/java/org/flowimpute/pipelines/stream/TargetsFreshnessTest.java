package org.flowimpute.pipelines.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reading of the targets file a window uses: the side input's newest while it is fresh, else
 * the file read again. Before, a drain (the end of {@code --run-for} on Flink) calibrated the last
 * windows to the targets the job was built with, and a job resumed from a checkpoint to the targets
 * of before the stop, although the file had changed.
 */
class TargetsFreshnessTest {

  private static final String PEOPLE_5000 =
      "targets:\n  - name: people\n    statistic: count\n    value: 5000\n";
  private static final String PEOPLE_6000 =
      "targets:\n  - name: people\n    statistic: count\n    value: 6000\n";
  private static final String MEAN_AGE =
      "targets:\n  - name: age\n    statistic: mean\n    column: age\n    value: 40\n";
  private static final Duration REFRESH = Duration.standardMinutes(1);
  private static final Schema RECORDS =
      SchemaBuilder.record("R").fields().requiredString("region").endRecord();

  @TempDir Path dir;

  @Test
  void withoutAReadingTheFileIsReadAgainNotTheOneTheJobWasBuiltWith() throws Exception {
    Path file = Files.writeString(dir.resolve("t.yaml"), PEOPLE_5000);
    TargetsSnapshot initial = TargetsSnapshot.read(file.toString());
    Files.writeString(file, PEOPLE_6000);
    String changed = TargetsSnapshot.read(file.toString()).version();

    TargetsSnapshot chosen = freshness(initial).choose(List.of());

    assertEquals(changed, chosen.version());
    assertEquals(PEOPLE_6000, chosen.text());
  }

  @Test
  void aReadingOlderThanTwoRefreshIntervalsIsReplacedByTheFileReadAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("t.yaml"), PEOPLE_5000);
    long now = System.currentTimeMillis();
    TargetsSnapshot initial = readAt(TargetsSnapshot.read(file.toString()), now - 200_000);
    TargetsSnapshot beforeTheStop = readAt(initial, now - 121_000);
    Files.writeString(file, PEOPLE_6000);

    TargetsSnapshot chosen = freshness(initial).choose(List.of(beforeTheStop));

    assertEquals(PEOPLE_6000, chosen.text());
  }

  /**
   * A job resumed from a checkpoint restores the reading of before the stop: however recent, it
   * predates the job and the file is read again.
   */
  @Test
  void aReadingFromBeforeTheJobWasBuiltIsReplacedByTheFileReadAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("t.yaml"), PEOPLE_5000);
    TargetsSnapshot stopped = TargetsSnapshot.read(file.toString());
    Files.writeString(file, PEOPLE_6000);
    TargetsSnapshot initial = TargetsSnapshot.read(file.toString());
    TargetsSnapshot beforeTheStop = readAt(stopped, initial.readAtMillis() - 1);

    TargetsSnapshot chosen = freshness(initial).choose(List.of(beforeTheStop));

    assertEquals(PEOPLE_6000, chosen.text());
  }

  @Test
  void aFreshReadingIsUsedAsItIsAndTheFileIsNotReadAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("t.yaml"), PEOPLE_5000);
    TargetsSnapshot initial = TargetsSnapshot.read(file.toString());
    TargetsSnapshot recent = readAt(initial, initial.readAtMillis());
    Files.writeString(file, PEOPLE_6000);

    TargetsSnapshot chosen = freshness(initial).choose(List.of(recent));

    assertEquals(recent, chosen);
    assertEquals(PEOPLE_5000, chosen.text());
  }

  /** A worker reads the file once per two intervals, not once per record it checks. */
  @Test
  void aWorkerKeepsItsOwnReadingUntilItIsStaleToo() throws Exception {
    Path file = Files.writeString(dir.resolve("t.yaml"), PEOPLE_5000);
    TargetsSnapshot initial = TargetsSnapshot.read(file.toString());
    TargetsFreshness freshness = freshness(initial);
    Files.writeString(file, PEOPLE_6000);
    TargetsSnapshot first = freshness.choose(List.of());
    Files.writeString(file, MEAN_AGE);

    TargetsSnapshot second = freshness.choose(List.of());

    assertEquals(first, second);
    assertEquals(PEOPLE_6000, second.text());
  }

  /**
   * A file that is unusable when read again (here: it names a column the records lack) leaves the
   * side input's newest reading in force, else the job's first one.
   */
  @Test
  void anUnusableFileKeepsTheNewestUsableReading() throws Exception {
    Path file = Files.writeString(dir.resolve("t.yaml"), PEOPLE_5000);
    TargetsSnapshot initial = TargetsSnapshot.read(file.toString());
    TargetsSnapshot stale = readAt(initial, System.currentTimeMillis() - 500_000);
    Files.writeString(file, MEAN_AGE);

    assertEquals(stale, freshness(initial).choose(List.of(stale)));
    assertEquals(initial, freshness(initial).choose(List.of()));
  }

  @Test
  void fixedNeverReadsTheFileAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("t.yaml"), PEOPLE_5000);
    TargetsSnapshot initial = TargetsSnapshot.read(file.toString());
    TargetsSnapshot stale = readAt(initial, System.currentTimeMillis() - 500_000);
    Files.writeString(file, PEOPLE_6000);

    assertEquals(initial, TargetsFreshness.fixed(initial).choose(List.of()));
    assertEquals(stale, TargetsFreshness.fixed(initial).choose(List.of(stale)));
  }

  private static TargetsFreshness freshness(TargetsSnapshot initial) {
    return TargetsFreshness.rereading(initial, null, RECORDS.toString(), REFRESH);
  }

  private static TargetsSnapshot readAt(TargetsSnapshot reading, long millis) {
    return new TargetsSnapshot(
        reading.location(), reading.text(), reading.yaml(), reading.version(), millis);
  }
}
