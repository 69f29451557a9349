package org.flowimpute.calibrate.targets;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * A target's loss as written in a targets file: {@code equality} (default), {@code least_squares},
 * {@code band} (with the cell's {@code lower}/{@code upper}) or {@code kl}, with an optional {@code
 * scale} (default: the target's natural size) and {@code weight} (default 1) for least squares and
 * KL.
 */
public record LossSpec(String type, Double scale, Double weight) {

  @JsonCreator
  public LossSpec(
      @JsonProperty("type") String type,
      @JsonProperty("scale") Double scale,
      @JsonProperty("weight") Double weight) {
    String normalized = type == null ? "equality" : type.trim().toLowerCase(Locale.ROOT);
    if (!normalized.equals("equality")
        && !normalized.equals("least_squares")
        && !normalized.equals("band")
        && !normalized.equals("kl")) {
      throw new IllegalArgumentException(
          "unknown loss '" + type + "': expected equality, least_squares, band or kl");
    }
    if (scale != null && !(scale > 0)) {
      throw new IllegalArgumentException("loss scale must be positive, got " + scale);
    }
    if (weight != null && !(weight > 0)) {
      throw new IllegalArgumentException("loss weight must be positive, got " + weight);
    }
    this.type = normalized;
    this.scale = scale;
    this.weight = weight;
  }

  /** {@code loss: least_squares} written as a plain string. */
  @JsonCreator
  public static LossSpec ofType(String type) {
    return new LossSpec(type, null, null);
  }

  /** The default, equality. */
  public static LossSpec equality() {
    return new LossSpec("equality", null, null);
  }
}
