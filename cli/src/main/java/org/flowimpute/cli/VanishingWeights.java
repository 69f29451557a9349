package org.flowimpute.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.flowimpute.calibrate.CalibrationData;

/**
 * The calibrated weights that the targets weighted (almost) away: those of 0 or below {@link
 * CalibrationData#MIN_BASE_WEIGHT}, the least base weight calibrate accepts, and those below {@link
 * #RATIO_FLOOR} of their base weight. Entropy weights w = q·exp(F·η) are positive in exact
 * arithmetic, but a target the records barely reach (a total of −1e6 over incomes mostly ≥ 0) is
 * met by driving half the weights to 1e-48, 1e-290 or 0: calibrate wrote them with exit 0 and no
 * word, and a second calibrate of the output refused them as base weights, evaluate as weights ≤ 0.
 * Negative weights, which linear calibration can give, are not counted here but by {@link
 * NegativeWeights}: they are not weighted away, and calling them nearly 0 would hide them.
 */
final class VanishingWeights {
  /** w/q below which a calibrated weight counts as weighted away. */
  static final double RATIO_FLOOR = 1e-6;

  private final int records;
  private final int count;
  private final int belowFloor;
  private final FlaggedRecord first;

  private VanishingWeights(int records, int count, int belowFloor, FlaggedRecord first) {
    this.records = records;
    this.count = count;
    this.belowFloor = belowFloor;
    this.first = first;
  }

  /**
   * Counts the vanishing weights among {@code weights}, one per record of {@code data}: those in
   * [0, least base weight) or below the ratio floor, negative ones left out.
   */
  static VanishingWeights of(double[] weights, CalibrationData data) {
    int count = 0;
    int belowFloor = 0;
    int first = -1;
    for (int row = 0; row < weights.length; row++) {
      double w = weights[row];
      if (w < 0) {
        continue;
      }
      boolean tooSmall = w < CalibrationData.MIN_BASE_WEIGHT;
      if (tooSmall || w < RATIO_FLOOR * data.baseWeight(row)) {
        count++;
        belowFloor += tooSmall ? 1 : 0;
        first = first < 0 ? row : first;
      }
    }
    return new VanishingWeights(
        weights.length, count, belowFloor, FlaggedRecord.of(first, weights, data));
  }

  /**
   * The counts of the warning for the JSON report: {@code records}, {@code nearlyZero} (w/q below
   * {@link #RATIO_FLOOR} or w below the least base weight), {@code unusableAsBaseWeights} (0 or
   * below the least base weight), and the first such record with its weight and base weight (null
   * when there is none).
   */
  Map<String, Object> summary() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("records", records);
    summary.put("nearlyZero", count);
    summary.put("unusableAsBaseWeights", belowFloor);
    summary.put("ratioFloor", RATIO_FLOOR);
    summary.put("leastBaseWeight", CalibrationData.MIN_BASE_WEIGHT);
    summary.put("first", FlaggedRecord.summary(first));
    return summary;
  }

  /**
   * One warning line saying how many weights vanished and what that means, naming the first such
   * record; empty if none did.
   */
  Optional<String> warning() {
    if (count == 0) {
      return Optional.empty();
    }
    String unusable =
        belowFloor == 0
            ? ""
            : String.format(
                Locale.ROOT,
                "; the %d of 0 or below %s cannot be the base weights of another calibrate, and"
                    + " evaluate refuses weights <= 0",
                belowFloor,
                CalibrationData.MIN_BASE_WEIGHT);
    return Optional.of(
        String.format(
            Locale.ROOT,
            "warning: %d of %d calibrated weights are nearly 0 (w/q below %s or w below %s, the"
                + " least base weight calibrate accepts; %d of them 0 or below %s; the first: %s):"
                + " the solution weights those records almost away, as it"
                + " does for targets the records barely reach%s; check those"
                + " targets, or keep every w/q within [L, U] with --bounds L,U",
            count,
            records,
            RATIO_FLOOR,
            CalibrationData.MIN_BASE_WEIGHT,
            belowFloor,
            CalibrationData.MIN_BASE_WEIGHT,
            first.described(),
            unusable));
  }
}
