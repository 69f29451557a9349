package org.flowimpute.table;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

/**
 * Avro's date and time logical types as the CSV text a user expects: an Avro or Parquet date holds
 * days since 1970 and a timestamp milliseconds or microseconds, which a CSV cell showed as {@code
 * 19000} and {@code 1700000000000}; here they are {@code 2022-01-08} and {@code
 * 2023-11-14T22:13:20Z} (ISO-8601: a time of day {@code 22:13:20.500}, a local timestamp without
 * the zone), and the same text is read back into the field's number, by core's CSV tables and by
 * the pipelines' CSV rows alike.
 */
public enum CsvTimeText {
  DATE("date", 0),
  TIME_MILLIS("time-millis", 1_000_000),
  TIME_MICROS("time-micros", 1_000),
  TIMESTAMP_MILLIS("timestamp-millis", 1_000_000),
  TIMESTAMP_MICROS("timestamp-micros", 1_000),
  LOCAL_TIMESTAMP_MILLIS("local-timestamp-millis", 1_000_000),
  LOCAL_TIMESTAMP_MICROS("local-timestamp-micros", 1_000);

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long NANOS_PER_DAY = 86_400 * NANOS_PER_SECOND;

  private final String logicalType;

  /** Nanoseconds per unit of the value (0 for a date, counted in days). */
  private final long nanosPerUnit;

  CsvTimeText(String logicalType, long nanosPerUnit) {
    this.logicalType = logicalType;
    this.nanosPerUnit = nanosPerUnit;
  }

  /** The text form of {@code schema}'s logical type, or null if it has none of these. */
  public static CsvTimeText of(Schema schema) {
    LogicalType type = schema.getLogicalType();
    if (type == null) {
      return null;
    }
    for (CsvTimeText text : values()) {
      if (text.logicalType.equals(type.getName())) {
        return text;
      }
    }
    return null;
  }

  /**
   * The cell text of {@code value}, the field's int or long.
   *
   * @throws IllegalArgumentException if a time of day is not within a day
   */
  String format(long value) {
    return switch (this) {
      case DATE -> LocalDate.ofEpochDay(value).toString();
      case TIME_MILLIS, TIME_MICROS -> time(timeOfDay(value));
      case TIMESTAMP_MILLIS, TIMESTAMP_MICROS -> instant(value).toString();
      case LOCAL_TIMESTAMP_MILLIS, LOCAL_TIMESTAMP_MICROS -> {
        LocalDateTime local = LocalDateTime.ofInstant(instant(value), ZoneOffset.UTC);
        yield local.toLocalDate() + "T" + time(local.toLocalTime());
      }
    };
  }

  private LocalTime timeOfDay(long value) {
    long perDay = NANOS_PER_DAY / nanosPerUnit;
    if (value < 0 || value >= perDay) {
      throw new IllegalArgumentException(
          logicalType
              + " value "
              + value
              + " is not a time of day: expected 0 to "
              + (perDay - 1)
              + " "
              + unit()
              + " after midnight");
    }
    return LocalTime.ofNanoOfDay(value * nanosPerUnit);
  }

  private Instant instant(long value) {
    long perSecond = NANOS_PER_SECOND / nanosPerUnit;
    return Instant.ofEpochSecond(
        Math.floorDiv(value, perSecond), Math.floorMod(value, perSecond) * nanosPerUnit);
  }

  /** HH:mm:ss with the fraction in groups of 3 digits ({@link LocalTime#toString} drops :00). */
  private static String time(LocalTime time) {
    String text = time.toString();
    return time.getSecond() == 0 && time.getNano() == 0 ? text + ":00" : text;
  }

  private String unit() {
    return nanosPerUnit == 1_000 ? "microseconds" : "milliseconds";
  }

  /**
   * The field's value of {@code cell}: an Integer for a date or time-millis, else a Long; the
   * number itself is read too, as CSV files written before 2026-12-04 hold it.
   *
   * @throws IllegalArgumentException with "expected ..., got '...'" if the cell is neither
   */
  public Object parse(String cell) {
    boolean isInt = this == DATE || this == TIME_MILLIS;
    long value;
    if (CsvNumbers.isLong(cell)) {
      value = Long.parseLong(cell);
    } else {
      try {
        value = stored(cell);
      } catch (DateTimeException | ArithmeticException e) {
        throw new IllegalArgumentException("expected " + expectation() + ", got '" + cell + "'");
      }
    }
    if (!isInt) {
      return value;
    }
    if (value != (int) value) {
      throw new IllegalArgumentException("expected " + expectation() + ", got '" + cell + "'");
    }
    return (int) value;
  }

  private long stored(String cell) {
    return switch (this) {
      case DATE -> LocalDate.parse(cell).toEpochDay();
      case TIME_MILLIS, TIME_MICROS -> units(LocalTime.parse(cell).toNanoOfDay());
      case TIMESTAMP_MILLIS, TIMESTAMP_MICROS -> units(Instant.parse(cell));
      case LOCAL_TIMESTAMP_MILLIS, LOCAL_TIMESTAMP_MICROS ->
          units(LocalDateTime.parse(cell).toInstant(ZoneOffset.UTC));
    };
  }

  private long units(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND / nanosPerUnit),
        units(instant.getNano()));
  }

  /** {@code nanos} in this unit; finer digits than the unit holds would be lost, so refused. */
  private long units(long nanos) {
    if (nanos % nanosPerUnit != 0) {
      throw new ArithmeticException("finer than " + unit());
    }
    return nanos / nanosPerUnit;
  }

  /** What a cell of this type holds, for errors. */
  String expectation() {
    String fraction = nanosPerUnit == 1_000 ? "[.SSSSSS]" : "[.SSS]";
    return switch (this) {
      case DATE -> "a date (yyyy-MM-dd)";
      case TIME_MILLIS, TIME_MICROS -> "a time of day (HH:mm:ss" + fraction + ")";
      case TIMESTAMP_MILLIS, TIMESTAMP_MICROS ->
          "a UTC timestamp (yyyy-MM-ddTHH:mm:ss" + fraction + "Z)";
      case LOCAL_TIMESTAMP_MILLIS, LOCAL_TIMESTAMP_MICROS ->
          "a local timestamp (yyyy-MM-ddTHH:mm:ss" + fraction + ")";
    };
  }
}
