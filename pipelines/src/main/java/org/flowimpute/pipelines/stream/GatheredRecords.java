package org.flowimpute.pipelines.stream;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.joda.time.Instant;

/**
 * The records a bundle gathered for one place (a window, or a window and group) and their smallest
 * timestamp, which the list is output with when the bundle ends: the steps that hand whole lists to
 * a grouping ({@link BatchByGroupFn}, {@link WriteWindowedAvro}) share it.
 */
final class GatheredRecords {
  private final List<GenericRecord> records = new ArrayList<>();
  private Instant earliest;

  GatheredRecords(Instant first) {
    this.earliest = first;
  }

  void add(GenericRecord record, Instant timestamp) {
    records.add(record);
    if (timestamp.isBefore(earliest)) {
      earliest = timestamp;
    }
  }

  List<GenericRecord> records() {
    return records;
  }

  Instant earliest() {
    return earliest;
  }
}
