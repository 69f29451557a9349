package org.flowimpute.pipelines.stream;

import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which reading of the targets file a window (or the check of a record against the targets) uses:
 * the newest the side input holds while it is at most two refresh intervals old, else the file read
 * again there and then. The side input alone went stale in two ways, and windows were calibrated to
 * targets replaced minutes before, without a word: a drain (the end of {@code --run-for} on Flink)
 * fired the last windows with an empty side input, which fell back to the reading the job was built
 * with; and a job restored from a checkpoint ({@code --resume}) held the reading from before the
 * stop until its first tick, a whole refresh interval later. So a reading taken before this job was
 * built (restored with the job's state) counts as stale too.
 *
 * <p>A reading taken here is checked as {@link LatestTargets} checks one; if it is unusable the
 * side input's newest (else the job's first reading) is used, and the file is not read again for
 * another two intervals. Each worker keeps its own re-reading, so one worker reads the file at most
 * once per two intervals however many records it checks.
 */
public final class TargetsFreshness implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TargetsFreshness.class);

  private final TargetsSnapshot initial;
  private final String groupField;
  private final String recordSchemaJson;
  private final long maxAgeMillis;
  private final boolean rereads;
  private transient Schema records;
  private transient TargetsSnapshot reread;
  private transient long rereadUntilMillis;
  private transient long nextAttemptMillis;

  private TargetsFreshness(
      TargetsSnapshot initial,
      String groupField,
      String recordSchemaJson,
      long maxAgeMillis,
      boolean rereads) {
    this.initial = initial;
    this.groupField = groupField;
    this.recordSchemaJson = recordSchemaJson;
    this.maxAgeMillis = maxAgeMillis;
    this.rereads = rereads;
  }

  /**
   * Readings older than two {@code refresh} intervals are replaced by the file read again, checked
   * against {@code groupField} and the records' schema (each may be null) as {@link LatestTargets}
   * checks it.
   */
  static TargetsFreshness rereading(
      TargetsSnapshot initial, String groupField, String recordSchemaJson, Duration refresh) {
    return new TargetsFreshness(
        initial, groupField, recordSchemaJson, 2 * refresh.getMillis(), true);
  }

  /**
   * The side input's newest reading, or {@code initial} while it has none; the file is never read
   * again (for pipelines whose targets never change, and tests).
   */
  public static TargetsFreshness fixed(TargetsSnapshot initial) {
    return new TargetsFreshness(initial, null, null, Long.MAX_VALUE, false);
  }

  /** The reading to use now, given the side input's {@code readings}. */
  public TargetsSnapshot choose(Iterable<TargetsSnapshot> readings) {
    TargetsSnapshot newest = TargetsSnapshot.newest(readings, null);
    if (!rereads) {
      return newest != null ? newest : initial;
    }
    long now = System.currentTimeMillis();
    TargetsSnapshot fresh = newest != null && isFresh(newest, now) ? newest : null;
    if (reread != null && now < rereadUntilMillis) {
      fresh = fresh == null || reread.readAtMillis() > fresh.readAtMillis() ? reread : fresh;
    }
    if (fresh != null) {
      return fresh;
    }
    TargetsSnapshot kept = newest != null ? newest : initial;
    if (now < nextAttemptMillis) {
      return kept;
    }
    try {
      reread = LatestTargets.check(initial.location(), groupField, records());
      rereadUntilMillis = now + maxAgeMillis;
      return reread;
    } catch (IllegalArgumentException | UncheckedIOException e) {
      nextAttemptMillis = now + maxAgeMillis;
      LOG.warn(
          "targets file {} could not be read again, keeping targets version {}: {}",
          initial.location(),
          kept.version(),
          e.getMessage());
      return kept;
    }
  }

  /**
   * Whether {@code reading} is at most two refresh intervals old and was taken by this job, not
   * before it was built: a job resumed from a checkpoint restores the readings of the job before
   * the stop, and the file may have changed in between.
   */
  private boolean isFresh(TargetsSnapshot reading, long now) {
    return reading.readAtMillis() >= initial.readAtMillis()
        && now - reading.readAtMillis() <= maxAgeMillis;
  }

  private Schema records() {
    if (records == null && recordSchemaJson != null) {
      records = new Schema.Parser().parse(recordSchemaJson);
    }
    return records;
  }
}
