package org.flowimpute.cli;

import java.nio.file.Path;
import org.flowimpute.infer.ExecutionDevice;
import org.flowimpute.pipelines.stream.DurationText;
import org.flowimpute.table.TableException;
import org.flowimpute.table.TableFormat;
import org.joda.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Refuses option values out of range (numbers, sizes, durations), and output tables without a table
 * extension, as usage errors (exit code 2) naming the option, before a command does its work:
 * checks made later by the libraries exited 1 with their own words ("intra-op threads must be at
 * least 1", "batch size must be between ..."), unlike {@code train} and {@code calibrate}, which
 * refused theirs as usage errors.
 */
final class OptionRanges {

  private OptionRanges() {}

  /** Throws unless {@code value >= min}. */
  static void requireAtLeast(CommandSpec spec, String option, long value, long min) {
    if (value < min) {
      throw new ParameterException(
          spec.commandLine(), option + " must be at least " + min + ", got " + value);
    }
  }

  /** Throws unless {@code min <= value <= max}. */
  static void requireBetween(CommandSpec spec, String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ParameterException(
          spec.commandLine(),
          option + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  /**
   * Throws unless {@code 1 <= value <= max}, saying "must be in 1..max": the network sizes of
   * {@code train} and {@code bench train}, where {@code --layers 100000} grew to 22 GB of native
   * memory before the kernel killed it, and {@code --hidden 2147483647} failed with "error: -12".
   */
  static void requireSize(CommandSpec spec, String option, int value, int max) {
    if (value < 1 || value > max) {
      throw new ParameterException(
          spec.commandLine(), option + " must be in 1.." + max + ", got " + value);
    }
  }

  /**
   * Throws unless {@code value} is a finite number of at least {@code min}, with {@code meaning} of
   * the bound: the clip factor, which said "clip factor must be a finite number >= 1" with exit 1
   * after the data was read.
   */
  static void requireFiniteAtLeast(
      CommandSpec spec, String option, double value, double min, String meaning) {
    if (!(value >= min) || Double.isInfinite(value)) {
      throw new ParameterException(
          spec.commandLine(),
          option
              + " must be a finite number of at least "
              + InspectCommand.number(min)
              + " ("
              + meaning
              + "), got "
              + value);
    }
  }

  /**
   * Throws unless {@code 0 < value <= 1}: the point masses' share, which one message "atom policy
   * needs 0 < min share <= 1, min rows >= 2 and max atoms >= 0" refused with exit 1, naming no
   * option.
   */
  static void requireShare(CommandSpec spec, String option, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new ParameterException(
          spec.commandLine(), option + " must be a share in (0, 1], got " + value);
    }
  }

  /** Throws unless {@code value} is a finite number above 0 (a learning rate). */
  static void requirePositiveFinite(CommandSpec spec, String option, float value) {
    if (!(value > 0) || Float.isInfinite(value)) {
      throw new ParameterException(
          spec.commandLine(), option + " must be a finite number > 0, got " + value);
    }
  }

  /**
   * The duration {@code text} names ({@link DurationText}: 500ms, 30s, 5m, 1h, 1d); throws, naming
   * {@code option} and the text, unless it is one and longer than zero.
   */
  static Duration requirePositiveDuration(CommandSpec spec, String option, String text) {
    Duration duration;
    try {
      duration = DurationText.parse(option.substring(2), text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (duration.getMillis() <= 0) {
      throw new ParameterException(
          spec.commandLine(),
          option
              + " must be a duration longer than zero (such as 500ms, 30s or 5m), got '"
              + text
              + "'");
    }
    return duration;
  }

  /**
   * The device {@code --device} names ({@link ExecutionDevice#parse}); throws, naming the option
   * and the value, unless it is cpu, cuda, cuda:N (0 to 2147483647) or auto.
   */
  static ExecutionDevice requireDevice(CommandSpec spec, String value) {
    try {
      return ExecutionDevice.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** Throws unless {@code path} ends in a table extension (.csv, .avro, .parquet). */
  static void requireTableName(CommandSpec spec, String option, Path path) {
    try {
      TableFormat.of(path);
    } catch (TableException e) {
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }
}
