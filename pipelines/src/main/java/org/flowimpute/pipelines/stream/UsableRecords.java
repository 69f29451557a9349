package org.flowimpute.pipelines.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.calibrate.targets.TargetsFile;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.transforms.OutputSchema;
import org.flowimpute.pipelines.transforms.Reason;
import org.flowimpute.pipelines.transforms.Stage;
import org.flowimpute.pipelines.values.PayloadFormat;
import org.flowimpute.pipelines.values.SourcedRecord;

/**
 * The records of a window that its calibration can use: a weight above 0, and a value in every
 * column the targets read (a finite number where they read numbers). One record with a weight of 0
 * or −5, or an empty cell in a column a share reads, made the whole window's solve fail, so every
 * record kept its base weight (the negative one included) while the command ended normally. Such a
 * record is now a dead letter of stage {@code calibrate}, and the rest of the window is calibrated.
 */
final class UsableRecords {

  private UsableRecords() {}

  /**
   * The records of {@code batch} the solve for {@code targets} can use, in their order; the others
   * go to {@code rejected}.
   */
  static List<GenericRecord> keep(
      WindowBatch batch, TargetsFile targets, Consumer<DeadLetter> rejected) {
    List<GenericRecord> usable = new ArrayList<>(batch.records().size());
    for (GenericRecord record : batch.records()) {
      DeadLetter letter = problem(batch, record, targets);
      if (letter == null) {
        usable.add(record);
      } else {
        rejected.accept(letter);
      }
    }
    return usable;
  }

  /** Why {@code record} cannot be calibrated, as a dead letter; null if it can. */
  private static DeadLetter problem(WindowBatch batch, GenericRecord record, TargetsFile targets) {
    Object weight = record.get(OutputSchema.WEIGHT);
    if (weight instanceof Number number && !(number.doubleValue() > 0)) {
      return reject(
          batch,
          record,
          Double.isNaN(number.doubleValue()) ? Reason.NOT_FINITE : Reason.NOT_POSITIVE,
          OutputSchema.WEIGHT,
          "field '"
              + OutputSchema.WEIGHT
              + "' is "
              + weight
              + ", calibration needs a weight above 0");
    }
    for (String column : targets.numericColumns()) {
      if (record.getSchema().getField(column) != null) {
        Object value = record.get(column);
        try {
          FieldValues.number(value, "", column);
        } catch (EncodingException e) {
          Reason reason =
              value == null
                  ? Reason.NULL_VALUE
                  : FieldValues.isNotFinite(value) ? Reason.NOT_FINITE : Reason.WRONG_TYPE;
          return reject(
              batch, record, reason, column, "field '" + column + "' " + e.problem() + needed());
        }
      }
    }
    for (String column : targets.categoricalColumns()) {
      if (record.getSchema().getField(column) != null && record.get(column) == null) {
        return reject(
            batch,
            record,
            Reason.NULL_VALUE,
            column,
            "field '" + column + "' is null, expected a category" + needed());
      }
    }
    return null;
  }

  private static String needed() {
    return " (a target reads it)";
  }

  private static DeadLetter reject(
      WindowBatch batch, GenericRecord record, Reason reason, String field, String message) {
    Object key = record.get(OutputSchema.RECORD_KEY);
    String source =
        "window ["
            + Instant.ofEpochMilli(batch.startMillis())
            + ", "
            + Instant.ofEpochMilli(batch.endMillis())
            + ")";
    return DeadLetters.reject(
        SourcedRecord.of(source, record, PayloadFormat.JSON),
        Stage.CALIBRATE,
        reason,
        field,
        key == null ? null : key.toString(),
        message);
  }
}
