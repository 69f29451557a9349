package org.flowimpute.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.flowimpute.calibrate.CalibrationData;
import org.flowimpute.calibrate.WeightBounds;

/**
 * The calibrated weights below 0. Linear calibration (GREG, {@code --calfun linear}) without
 * bounds, or with a negative lower bound, gives w = q·(1 + F·η), negative where the targets ask
 * more of a record than its base weight can give, as R's {@code calfun = "linear"} does without a
 * word. Such weights are the legitimate GREG solution, but the user must know how many there are: a
 * second calibrate refuses them as base weights and evaluate refuses weights ≤ 0. Raking and logit
 * weights are never negative.
 */
final class NegativeWeights {
  private final int records;
  private final int count;
  private final FlaggedRecord first;

  private NegativeWeights(int records, int count, FlaggedRecord first) {
    this.records = records;
    this.count = count;
    this.first = first;
  }

  /** Counts the negative weights among {@code weights}, one per record of {@code data}. */
  static NegativeWeights of(double[] weights, CalibrationData data) {
    int count = 0;
    int first = -1;
    for (int row = 0; row < weights.length; row++) {
      if (weights[row] < 0) {
        count++;
        first = first < 0 ? row : first;
      }
    }
    return new NegativeWeights(weights.length, count, FlaggedRecord.of(first, weights, data));
  }

  /** How many calibrated weights are below 0. */
  int count() {
    return count;
  }

  /**
   * The counts for the JSON report: {@code records}, {@code negative}, and the first negative
   * weight's record with its weight and base weight (null when there is none).
   */
  Map<String, Object> summary() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("records", records);
    summary.put("negative", count);
    summary.put("first", FlaggedRecord.summary(first));
    return summary;
  }

  /**
   * One warning line counting the negative weights and saying what they mean, naming the first;
   * empty if there is none. After softening ({@code softened}) only the targets left hard are met.
   * Under {@code bounds} with a finite lower end below 0 the user asked for negative weights, so
   * the line says the bounds allow them instead of advising bounds that do not.
   */
  Optional<String> warning(boolean softened, WeightBounds bounds) {
    if (count == 0) {
      return Optional.empty();
    }
    String met =
        softened
            ? "the targets left hard are met (the softened ones as their least-squares"
                + " compromise)"
            : "the targets are met";
    if (Double.isFinite(bounds.lower())) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "warning: %d of %d calibrated weights are negative (the first: %s): --bounds allow"
                  + " w/q down to %s, and linear calibration gives negative weights where the"
                  + " targets ask more of a record than its base weight gives; %s, but a second"
                  + " calibrate refuses them as base weights and evaluate refuses weights <= 0",
              count,
              records,
              first.described(),
              InspectCommand.number(bounds.lower()),
              met));
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "warning: %d of %d calibrated weights are negative (the first: %s):"
                + " linear calibration (GREG) gives them where the targets ask more of a record"
                + " than its base weight gives, as R's calfun = \"linear\" does; %s, but a second"
                + " calibrate refuses them as base weights and evaluate refuses weights <= 0;"
                + " --bounds L,U with L >= 0 keeps every w/q within [L, U] (truncated linear), or"
                + " use --calfun raking",
            count,
            records,
            first.described(),
            met));
  }
}
