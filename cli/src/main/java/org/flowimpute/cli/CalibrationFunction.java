package org.flowimpute.cli;

import java.util.Locale;
import org.flowimpute.calibrate.DivergenceKind;
import org.flowimpute.calibrate.WeightBounds;
import picocli.CommandLine;

/**
 * The distance {@code calibrate --calfun} minimises, named as R survey's {@code calibrate(calfun =
 * ...)} names it so that a user comparing with R finds the one they know: raking (entropy, EMM, the
 * default), linear (chi-square, GREG) and logit. Each maps to the solver's {@link DivergenceKind}
 * and brings the bounds R uses when none are given.
 */
enum CalibrationFunction {
  /** EMM / raking: w = q·exp(F·η), never negative. */
  RAKING(DivergenceKind.ENTROPY),
  /** GREG: w = q·(1 + F·η), negative where the targets demand it unless --bounds keep it. */
  LINEAR(DivergenceKind.CHI_SQUARE),
  /** Deville–Särndal logit: w/q strictly inside finite bounds (L, U). */
  LOGIT(DivergenceKind.LOGIT);

  private final DivergenceKind divergence;

  CalibrationFunction(DivergenceKind divergence) {
    this.divergence = divergence;
  }

  /** The solver's divergence of this function. */
  DivergenceKind divergence() {
    return divergence;
  }

  /**
   * The bounds when --bounds is not given, as in R: w ≥ 0 for raking (its weights are never
   * negative anyway), none at all for linear (R's default bounds are (−∞, ∞), so GREG weights may
   * be negative), and none for logit, which needs finite bounds and is refused without them.
   */
  WeightBounds defaultBounds() {
    return this == LINEAR
        ? new WeightBounds(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)
        : WeightBounds.none();
  }

  /** The name on the command line and in the report: raking, linear or logit. */
  String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Converts --calfun (raking, linear or logit, any case), refusing any other value as a usage
   * error in picocli's words for a choice.
   */
  static final class Converter implements CommandLine.ITypeConverter<CalibrationFunction> {
    @Override
    public CalibrationFunction convert(String value) {
      for (CalibrationFunction function : values()) {
        if (function.optionName().equalsIgnoreCase(value.trim())) {
          return function;
        }
      }
      throw new CommandLine.TypeConversionException(
          "expected one of [raking, linear, logit] (any case) but was '" + value + "'");
    }
  }
}
