package org.flowimpute.pipelines.io.kafka;

/**
 * A Kafka message value that is not one record of the topic's schema. The message goes to the
 * dead-letter output with this exception's message (and the field it names, if any); it is never
 * fatal.
 */
final class MalformedPayloadException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final boolean missing;

  /** A value that is not a record of the schema as a whole (no one field to blame). */
  MalformedPayloadException(String message, Throwable cause) {
    this(message, null, false, cause);
  }

  /**
   * A value whose field {@code field} is wrong: {@code missing} if the value lacks a field that
   * must have a value (not nullable, no default).
   */
  MalformedPayloadException(String message, String field, boolean missing, Throwable cause) {
    super(message, cause);
    this.field = field;
    this.missing = missing;
  }

  /** The field (a dotted path for a nested one) the value is wrong in, or null. */
  String field() {
    return field;
  }

  /** Whether the value lacks {@link #field()}, which the schema requires. */
  boolean missing() {
    return missing;
  }
}
