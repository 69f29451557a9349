package org.flowimpute.table;

import java.util.Map;
import org.apache.avro.SystemLimitException;

/**
 * Caps the lengths Avro allocates memory for before it reads the data: a string, bytes or an array
 * whose length prefix is damaged (a corrupt file block, a garbage Kafka message: 15 bytes claiming
 * a 2 GB string) made Avro allocate that much, so one bad input failed a job with {@code
 * OutOfMemoryError} instead of becoming a dead letter. With the caps Avro throws {@link
 * SystemLimitException}, which the readers turn into a {@code decode/malformed} dead letter.
 *
 * <p>Avro reads the limits once, when it first decodes, from the system properties named here, so
 * they must be set before that: {@link #install()} at the start of the CLI, {@code -D} options in
 * the Flink configurations of {@code deploy/} (docs/operations.md). A value the user set wins.
 */
public final class AvroLimits {

  /** Longest string or bytes value read: 16 MiB. */
  public static final int MAX_LENGTH = 16 << 20;

  /** Most items of one array or map read: 10 million. */
  public static final int MAX_COLLECTION_ITEMS = 10_000_000;

  /** The system properties and the values {@link #install()} gives them. */
  public static final Map<String, String> PROPERTIES =
      Map.of(
          SystemLimitException.MAX_STRING_LENGTH_PROPERTY, Integer.toString(MAX_LENGTH),
          SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, Integer.toString(MAX_LENGTH),
          SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY,
              Integer.toString(MAX_COLLECTION_ITEMS));

  private AvroLimits() {}

  /** Sets each limit property the user has not set; call before anything decodes Avro. */
  public static void install() {
    PROPERTIES.forEach(
        (key, value) -> {
          if (System.getProperty(key) == null) {
            System.setProperty(key, value);
          }
        });
  }
}
