package org.flowimpute.pipelines.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.values.TimestampedValue;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * Imputed records as the window calibration receives them: each with the source it was read from,
 * here row {@code i + 2} of one CSV file (row 1 is its header), so tests can check that a dead
 * letter names it.
 */
public final class ImputedRows {

  private ImputedRows() {}

  /** {@code records}, the i-th read from row {@code i + 2} of {@code file}, same timestamps. */
  public static List<TimestampedValue<SourcedRecord>> of(
      String file, List<TimestampedValue<GenericRecord>> records) {
    List<TimestampedValue<SourcedRecord>> sourced = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      TimestampedValue<GenericRecord> record = records.get(i);
      sourced.add(
          TimestampedValue.of(
              SourcedRecord.of(file + ":" + (i + 2), record.getValue(), PayloadFormat.JSON),
              record.getTimestamp()));
    }
    return sourced;
  }
}
