package org.flowimpute.calibrate.targets;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** The weighted statistic a target constrains. */
public enum Statistic {
  /** Σ w over the group. */
  COUNT,
  /** Σ w·x over the group. */
  TOTAL,
  /** Σ w·x / Σ w over the group (a ratio constraint Σ w (x − m) = 0). */
  MEAN,
  /** Σ w·1{x = category} / Σ w over the group (ratio constraint). */
  SHARE,
  /** Shares of the group in fixed-edge bins of x, one constraint per bin (ratio constraints). */
  HISTOGRAM;

  /** Accepts the lower-case names used in targets files. */
  @JsonCreator
  public static Statistic parse(String text) {
    for (Statistic statistic : values()) {
      if (statistic.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
        return statistic;
      }
    }
    throw new IllegalArgumentException(
        "unknown statistic '" + text + "': expected count, total, mean, share or histogram");
  }
}
