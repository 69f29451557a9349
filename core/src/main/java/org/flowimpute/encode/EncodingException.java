package org.flowimpute.encode;

/**
 * A record's value cannot be encoded: missing field, null, wrong type, not finite, unknown
 * category. Thrown per record so that pipelines can route the record to the dead-letter output and
 * the CLI can print one line naming the record, the field and what was expected.
 */
public final class EncodingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String record;
  private final String field;
  private final String problem;

  /**
   * @param record identifies the record, e.g. {@code "row 17"} or {@code "key p-42"}
   * @param field the field name
   * @param problem what is wrong and what was expected
   */
  public EncodingException(String record, String field, String problem) {
    super(record + ": field '" + field + "': " + problem);
    this.record = record;
    this.field = field;
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

  /** What is wrong, without record and field. */
  public String problem() {
    return problem;
  }
}
