package org.flowimpute.pipelines.stream;

import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.flowimpute.avro.DeadLetter;
import org.flowimpute.calibrate.CalibrationData;
import org.flowimpute.calibrate.targets.TargetsFile;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.encode.FieldValues;
import org.flowimpute.pipelines.transforms.DeadLetters;
import org.flowimpute.pipelines.transforms.OutputSchema;
import org.flowimpute.pipelines.transforms.Reason;
import org.flowimpute.pipelines.transforms.Stage;
import org.flowimpute.pipelines.values.SourcedRecord;
import org.joda.time.Instant;

/**
 * Sets aside, before the records are windowed, the imputed records that no window's calibration can
 * use: a weight not above 0, or no value (no finite number where a number is read) in a column the
 * current targets read. One such record made its whole window's solve fail, so every record kept
 * its base weight (a weight of −5 included) while the command ended normally. Such a record is a
 * dead letter of stage {@code calibrate}, once, however many sliding windows it falls in, with the
 * source the record was read from (its imputed record carries it: {@code
 * ImputeRecords#keepingSources}) and its event time in the message; the others go on to be windowed
 * ({@link #USABLE}), without their sources.
 */
final class SetAsideUnusableFn extends DoFn<SourcedRecord, GenericRecord> {

  /** The records the calibration can use. */
  static final TupleTag<GenericRecord> USABLE = new TupleTag<>() {};

  /** The others, with the reason. */
  static final TupleTag<DeadLetter> UNUSABLE = new TupleTag<>() {};

  /** Why a column's value is needed, appended to the problems found in it. */
  private static final String READ = " (a target reads it)";

  private final PCollectionView<Iterable<TargetsSnapshot>> targets;
  private final TargetsFreshness freshness;
  private final ParsedTargets parsed = new ParsedTargets();

  SetAsideUnusableFn(
      PCollectionView<Iterable<TargetsSnapshot>> targets, TargetsFreshness freshness) {
    this.targets = targets;
    this.freshness = freshness;
  }

  @ProcessElement
  public void processElement(ProcessContext context) {
    TargetsFile parsedTargets = parsed.of(freshness.choose(context.sideInput(targets)));
    Unusable unusable = check(context.element().record(), parsedTargets);
    if (unusable == null) {
      context.output(context.element().record());
    } else {
      context.output(UNUSABLE, reject(context.element(), context.timestamp(), unusable));
    }
  }

  /**
   * Why {@code record} cannot be calibrated to {@code targets}, or null if it can.
   *
   * @param reason the dead-letter reason
   * @param field the field at fault
   * @param message what is wrong, naming the field
   */
  record Unusable(Reason reason, String field, String message) {}

  /** Why {@code record} cannot be calibrated to {@code targets}; null if it can. */
  static Unusable check(GenericRecord record, TargetsFile targets) {
    Object weight = record.get(OutputSchema.WEIGHT);
    if (weight instanceof Number number && !(number.doubleValue() > 0)) {
      return new Unusable(
          Double.isNaN(number.doubleValue()) ? Reason.NOT_FINITE : Reason.NOT_POSITIVE,
          OutputSchema.WEIGHT,
          "field '"
              + OutputSchema.WEIGHT
              + "' is "
              + weight
              + ", calibration needs a weight above 0");
    }
    if (weight instanceof Number number
        && !(number.doubleValue() >= CalibrationData.MIN_BASE_WEIGHT
            && number.doubleValue() <= CalibrationData.MAX_MAGNITUDE)) {
      return new Unusable(
          Reason.OUT_OF_RANGE,
          OutputSchema.WEIGHT,
          "field '"
              + OutputSchema.WEIGHT
              + "' is "
              + weight
              + ", calibration needs a weight in ["
              + CalibrationData.MIN_BASE_WEIGHT
              + ", "
              + CalibrationData.MAX_MAGNITUDE
              + "] (its safe range)");
    }
    for (String column : targets.numericColumns()) {
      if (record.getSchema().getField(column) != null) {
        Object value = record.get(column);
        double number;
        try {
          number = FieldValues.number(value, "", column);
        } catch (EncodingException e) {
          Reason reason =
              value == null
                  ? Reason.NULL_VALUE
                  : FieldValues.isNotFinite(value) ? Reason.NOT_FINITE : Reason.WRONG_TYPE;
          return new Unusable(reason, column, "field '" + column + "' " + e.problem() + READ);
        }
        if (Math.abs(number) > CalibrationData.MAX_MAGNITUDE) {
          return new Unusable(
              Reason.OUT_OF_RANGE,
              column,
              "field '"
                  + column
                  + "' is "
                  + value
                  + ", beyond the calibration's safe range (magnitude at most "
                  + CalibrationData.MAX_MAGNITUDE
                  + ")"
                  + READ);
        }
      }
    }
    for (String column : targets.categoricalColumns()) {
      if (record.getSchema().getField(column) != null && record.get(column) == null) {
        return new Unusable(
            Reason.NULL_VALUE,
            column,
            "field '" + column + "' is null, expected a category" + READ);
      }
    }
    return null;
  }

  /** The dead letter of {@code imputed}, of timestamp {@code time}, that {@code unusable} says. */
  static DeadLetter reject(SourcedRecord imputed, Instant time, Unusable unusable) {
    return reject(imputed, time, unusable.reason(), unusable.field(), unusable.message());
  }

  /**
   * A dead letter of stage {@code calibrate} for {@code imputed}: its source, its imputed record as
   * the payload, and {@code message} followed by the record's event time: its own when it carries
   * one (a household's member, {@link SourcedRecord#eventTime}), else {@code time}, its timestamp.
   */
  static DeadLetter reject(
      SourcedRecord imputed, Instant time, Reason reason, String field, String message) {
    Object key = imputed.record().get(OutputSchema.RECORD_KEY);
    return DeadLetters.reject(
        imputed.eventTime() == null ? imputed.at(time) : imputed,
        Stage.CALIBRATE,
        reason,
        field,
        key == null ? null : key.toString(),
        message);
  }
}
