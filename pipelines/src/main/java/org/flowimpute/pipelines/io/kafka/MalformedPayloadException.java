package org.flowimpute.pipelines.io.kafka;

/**
 * A Kafka message value that cannot be read as a record of the topic's schema, or whose event time
 * cannot be read. The record goes to the dead-letter output with this message; it is never fatal.
 */
final class MalformedPayloadException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String field;

  MalformedPayloadException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** The offending field, or {@code null} when the payload as a whole is unreadable. */
  String field() {
    return field;
  }
}
