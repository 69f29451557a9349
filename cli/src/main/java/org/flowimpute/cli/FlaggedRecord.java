package org.flowimpute.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flowimpute.calibrate.CalibrationData;

/**
 * The first record a check of calibrated weights flagged ({@link NegativeWeights}, {@link
 * VanishingWeights}): its name, calibrated weight and base weight, as warnings quote it and the
 * JSON report holds it.
 *
 * @param record the record's name ({@code file row n})
 * @param weight its calibrated weight
 * @param baseWeight its base weight
 */
record FlaggedRecord(String record, double weight, double baseWeight) {

  /** Record {@code row} of {@code data} with its calibrated weight; null when {@code row} < 0. */
  static FlaggedRecord of(int row, double[] weights, CalibrationData data) {
    return row < 0
        ? null
        : new FlaggedRecord(data.rowName(row), weights[row], data.baseWeight(row));
  }

  /** {@code {"record", "weight", "baseWeight"}} for the JSON report, or null for none. */
  static Map<String, Object> summary(FlaggedRecord flagged) {
    if (flagged == null) {
      return null;
    }
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("record", flagged.record());
    record.put("weight", flagged.weight());
    record.put("baseWeight", flagged.baseWeight());
    return record;
  }

  /** "{@code people.csv row 3, w = 0, q = 120}" as warnings name it. */
  String described() {
    return record
        + ", w = "
        + InspectCommand.number(weight)
        + ", q = "
        + InspectCommand.number(baseWeight);
  }
}
