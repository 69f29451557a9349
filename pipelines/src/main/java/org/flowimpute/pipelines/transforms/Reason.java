package org.flowimpute.pipelines.transforms;

import org.flowimpute.encode.EncodingException;

/**
 * Why a record was rejected: written as the dead letter's {@code error_class} for rejections that
 * are not exceptions, and used in the metric {@code dead_letters_<stage>_<reason>}.
 */
public enum Reason {
  /** A condition field (or the key field) is not in the record's schema. */
  MISSING_FIELD,
  /** A condition field (or the key field) is null. */
  NULL_VALUE,
  /** A condition field has a type the model cannot read (e.g. a string where a number is due). */
  WRONG_TYPE,
  /** A numeric condition (or an observed target) is NaN or infinite. */
  NOT_FINITE,
  /** A categorical condition holds a category the model did not see, and the policy rejects it. */
  UNKNOWN_CATEGORY,
  /** A file row could not be decoded (malformed CSV, wrong number of cells, unparsable number). */
  MALFORMED,
  /** A weight that is not positive (calibration needs base weights above 0). */
  NOT_POSITIVE,
  /**
   * A value outside what a step can use: a numeric condition too far from the training mean for the
   * model's encoder (more standard deviations than it encodes); in streams, a weight or a value a
   * calibration target reads outside the solver's safe range (magnitude above 1e30, a weight below
   * 1e-30), where its sums would overflow.
   */
  OUT_OF_RANGE,
  /**
   * An observed target value ({@code --missing-targets} models) whose gate state training never saw
   * (a negative value of a target that was never negative): the model cannot condition on it.
   */
  UNSEEN_STATE,
  /**
   * A streaming record arrived after its event-time window was calibrated (see EventTimePolicy).
   */
  LATE,
  /**
   * A batch job's record whose {@code --key-field} value other records share (they would get the
   * same noise): every one of them is rejected.
   */
  DUPLICATE_KEY,
  /** Any other record-level error raised by a stage. */
  ERROR;

  /** The reason of a value the model's encoder refused. */
  public static Reason of(EncodingException.Kind kind) {
    return switch (kind) {
      case MISSING -> MISSING_FIELD;
      case NULL -> NULL_VALUE;
      case WRONG_TYPE -> WRONG_TYPE;
      case NOT_FINITE -> NOT_FINITE;
      case UNKNOWN_CATEGORY -> UNKNOWN_CATEGORY;
      case OUT_OF_RANGE -> OUT_OF_RANGE;
      case UNSEEN_STATE -> UNSEEN_STATE;
    };
  }

  /** The lower-case code used in dead letters and metric names. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
