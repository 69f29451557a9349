package org.flowimpute.pipelines.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;

/**
 * Keys windowed records by their group field's text ("" when not grouping) and gathers those of the
 * same window and group within a bundle into one list, output when the bundle ends.
 *
 * <p>Why: the window's {@code GroupByKey} does per-element work (state append, timer, watermark
 * hold) on the one worker that owns the group; without a group field every record of the job goes
 * to one key. Handing it one list per bundle instead of one record divides that work by the bundle
 * size (profiled under {@code bench stream}: the group-by-window thread was the busiest of the
 * job).
 *
 * <p>A list carries the smallest timestamp of its records. That is safe: the runner does not move
 * the input watermark while a bundle is open, the records were not late when they arrived, and the
 * smallest timestamp lies in the list's window, so the list is not late either.
 */
final class BatchByGroupFn extends DoFn<GenericRecord, KV<String, List<GenericRecord>>> {

  private static final long serialVersionUID = 1L;

  private final String groupField;

  private transient Map<BoundedWindow, Map<String, GatheredRecords>> gathered;

  BatchByGroupFn(String groupField) {
    this.groupField = groupField;
  }

  /** Starts an empty buffer for the bundle. */
  @StartBundle
  public void startBundle() {
    gathered = new HashMap<>();
  }

  /** Adds one record to its window's and group's list. */
  @ProcessElement
  public void processElement(
      @Element GenericRecord record, @Timestamp Instant timestamp, BoundedWindow window) {
    String key = "";
    if (groupField != null) {
      Object value = record.get(groupField);
      key = value == null ? "" : value.toString();
    }
    gathered
        .computeIfAbsent(window, w -> new HashMap<>())
        .computeIfAbsent(key, k -> new GatheredRecords(timestamp))
        .add(record, timestamp);
  }

  /** Outputs one list per window and group of the bundle. */
  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    gathered.forEach(
        (window, groups) ->
            groups.forEach(
                (key, lists) ->
                    context.output(KV.of(key, lists.records()), lists.earliest(), window)));
    gathered = new HashMap<>();
  }
}
