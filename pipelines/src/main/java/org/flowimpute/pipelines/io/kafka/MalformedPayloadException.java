package org.flowimpute.pipelines.io.kafka;

/**
 * A Kafka message value that is not one record of the topic's schema. The message goes to the
 * dead-letter output with this exception's message; it is never fatal.
 */
final class MalformedPayloadException extends Exception {

  private static final long serialVersionUID = 1L;

  MalformedPayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
