package org.flowimpute.encode;

/**
 * A record's value cannot be encoded: missing field, null, wrong type, not finite, unknown
 * category, out of the encodable range, or an observed target state training never saw. Thrown per
 * record so that pipelines can route the record to the dead-letter output (its {@link #kind} giving
 * the reason code) and the CLI can print one line naming the record, the field and what was
 * expected.
 */
public final class EncodingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** What kind of value was refused. */
  public enum Kind {
    /** The field is not in the record. */
    MISSING,
    /** The field is null. */
    NULL,
    /** The value is not of a type the field is read as (text that is not a number). */
    WRONG_TYPE,
    /** A number that is NaN or infinite. */
    NOT_FINITE,
    /** A category the model does not know. */
    UNKNOWN_CATEGORY,
    /**
     * A value outside what the model encodes: a numeric condition too far from the training mean,
     * an observed target beyond float32.
     */
    OUT_OF_RANGE,
    /** An observed target value whose gate state training never saw (a negative income). */
    UNSEEN_STATE
  }

  private final String record;
  private final String field;
  private final Kind kind;
  private final String problem;

  /**
   * @param record identifies the record, e.g. {@code "row 17"} or {@code "key p-42"}
   * @param field the field name
   * @param kind what kind of value was refused
   * @param problem what is wrong and what was expected
   */
  public EncodingException(String record, String field, Kind kind, String problem) {
    super(record + ": field '" + field + "': " + problem);
    this.record = record;
    this.field = field;
    this.kind = kind;
    this.problem = problem;
  }

  /** The record as the caller identified it. */
  public String record() {
    return record;
  }

  /** The offending field. */
  public String field() {
    return field;
  }

  /** What kind of value was refused. */
  public Kind kind() {
    return kind;
  }

  /** What is wrong, without record and field. */
  public String problem() {
    return problem;
  }
}
