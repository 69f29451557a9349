package org.flowimpute.pipelines.stream;

import java.io.Serializable;
import java.time.format.DateTimeParseException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * How a source turns records into event time and a watermark, and which records are late. Every
 * {@code RecordSource} applies it, so all sources share one definition:
 *
 * <ul>
 *   <li>event time: the {@link #field} as epoch milliseconds (long, int, double, or digits) or an
 *       ISO-8601 instant; a missing or unparsable value is an {@link EventTimeException};
 *   <li>watermark: the largest event time seen minus {@code maxOutOfOrderness} minus {@code
 *       allowedLateness}, never decreasing; once the source has had nothing to read for {@code
 *       idleTimeout}, at least the wall clock minus the same lag (so the last windows close).
 *       Lagging the watermark by the allowed lateness makes each window fire once, after its grace
 *       period, with every record it accepted;
 *   <li>late: a record whose earliest window ends at or before the current watermark (its window
 *       has been, or may have been, calibrated without it). Sources emit it as a dead letter with
 *       reason {@code late} instead of a record, so nothing is dropped silently.
 * </ul>
 *
 * @param field record field holding the event time
 * @param maxOutOfOrderness how far event times may run behind the largest one seen
 * @param allowedLateness extra grace before a window fires
 * @param idleTimeout quiet time after which the watermark follows the wall clock; zero = never
 * @param windows the windows records are grouped into
 */
public record EventTimePolicy(
    String field,
    Duration maxOutOfOrderness,
    Duration allowedLateness,
    Duration idleTimeout,
    StreamWindows windows)
    implements Serializable {

  /** A record's event time cannot be read. */
  public static final class EventTimeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final boolean missing;

    EventTimeException(String message, boolean missing) {
      super(message);
      this.missing = missing;
    }

    /** Whether the field is absent or null (rather than unparsable). */
    public boolean missing() {
      return missing;
    }
  }

  /** How far ahead of the wall clock an event time may be: 1 hour (clock skew, not units). */
  public static final Duration MAX_AHEAD_OF_CLOCK = Duration.standardHours(1);

  /**
   * The event time of a Kafka message from its timestamp (milliseconds since the epoch).
   *
   * @throws EventTimeException when the message has none (Kafka's -1) or it lies beyond Beam's
   *     latest time (a producer writing micro- or nanoseconds)
   */
  public Instant kafkaTimestamp(long millis) {
    if (millis < 0) {
      throw new EventTimeException(
          "the message has no Kafka timestamp (" + millis + "); use an event-time field", true);
    }
    Instant time = new Instant(millis);
    if (!time.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
      throw new EventTimeException(
          "Kafka timestamp "
              + millis
              + " is beyond Beam's latest time; expected milliseconds since the epoch",
          false);
    }
    return notFarAhead(time, "Kafka timestamp");
  }

  /** The watermark lag behind the largest event time. */
  public Duration lag() {
    return maxOutOfOrderness.plus(allowedLateness);
  }

  /**
   * The event time of {@code record}.
   *
   * @throws EventTimeException naming the field and what was expected
   */
  public Instant eventTime(GenericRecord record) {
    Schema.Field schemaField = record.getSchema().getField(field);
    if (schemaField == null) {
      throw new EventTimeException("no event-time field '" + field + "' in the record", true);
    }
    Object value = record.get(schemaField.pos());
    if (value == null) {
      throw new EventTimeException("event-time field '" + field + "' is null", true);
    }
    Instant time;
    if (value instanceof Long || value instanceof Integer) {
      time = new Instant(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      double millis = ((Number) value).doubleValue();
      if (!Double.isFinite(millis)) {
        throw unparsable(value);
      }
      time = new Instant(Math.round(millis));
    } else if (value instanceof CharSequence || value instanceof Utf8) {
      time = parseText(value.toString().trim());
    } else if (value instanceof java.time.Instant instant) {
      time = new Instant(instant.toEpochMilli());
    } else {
      throw unparsable(value);
    }
    if (time.isBefore(BoundedWindow.TIMESTAMP_MIN_VALUE)
        || !time.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
      throw unparsable(value);
    }
    return notFarAhead(time, "event-time field '" + field + "'");
  }

  /** Whether a record with event time {@code time} is late at watermark {@code watermark}. */
  public boolean isLate(Instant time, Instant watermark) {
    return !windows.firstWindowEnd(time).isAfter(watermark);
  }

  /**
   * The watermark given the largest event time seen (or null), since when the source has had
   * nothing to read (null while it is reading) and the wall clock, never below {@code previous}.
   */
  public Instant watermark(Instant maxEventTime, Instant idleSince, Instant now, Instant previous) {
    Instant watermark = previous;
    if (maxEventTime != null) {
      watermark = latest(watermark, maxEventTime.minus(lag()));
    }
    if (idleTimeout.getMillis() > 0
        && idleSince != null
        && !now.isBefore(idleSince.plus(idleTimeout))) {
      watermark = latest(watermark, now.minus(lag()));
    }
    return watermark;
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private Instant parseText(String text) {
    if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
      try {
        return new Instant(Long.parseLong(text));
      } catch (NumberFormatException e) {
        throw unparsable(text);
      }
    }
    try {
      return new Instant(java.time.Instant.parse(text).toEpochMilli());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw unparsable(text);
    }
  }

  /**
   * Refuses an event time more than {@link #MAX_AHEAD_OF_CLOCK} ahead of the wall clock: it would
   * move the watermark there for good (one value in the wrong unit, e.g. microseconds, put it in
   * the year 58132) and make every later record late.
   */
  private static Instant notFarAhead(Instant time, String what) {
    Instant limit = Instant.now().plus(MAX_AHEAD_OF_CLOCK);
    if (time.isAfter(limit)) {
      throw new EventTimeException(
          what
              + ": "
              + time
              + " is more than "
              + MAX_AHEAD_OF_CLOCK.getStandardMinutes()
              + " minutes ahead of the wall clock (a timestamp in another unit?); it would move"
              + " the watermark past every record to come",
          false);
    }
    return time;
  }

  private EventTimeException unparsable(Object value) {
    return new EventTimeException(
        "event-time field '"
            + field
            + "': expected epoch milliseconds or an ISO-8601 instant, got '"
            + value
            + "'",
        false);
  }
}
