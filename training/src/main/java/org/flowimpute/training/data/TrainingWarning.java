package org.flowimpute.training.data;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A warning of {@code train}, which {@code train} prints and the manifest stores in its settings'
 * {@value #SETTING}, declaring whether a synthesis bundle may store it. Most warnings quote the
 * training data (an outlier's row and value, exact row counts), which a synthesis bundle must not
 * hold ({@link SynthesisRelease}); a warning about the fit itself (the flow kept from an early
 * epoch) quotes no row and is kept there too. Each warning says which it is where it is made, so
 * that no release decision depends on its wording.
 *
 * @param message the warning as printed, without the {@code warning: } prefix
 * @param releasable whether the message quotes no value of a single record and no exact row count
 */
record TrainingWarning(String message, boolean releasable) {

  /** The setting holding the stored warnings, joined by {@value #SEPARATOR}. */
  static final String SETTING = "warnings";

  private static final String SEPARATOR = " | ";

  /** A warning quoting the training data: printed, and stored in imputation bundles only. */
  static TrainingWarning quotingData(String message) {
    return new TrainingWarning(message, false);
  }

  /**
   * A warning quoting no value of a single record and no exact row count: stored in synthesis
   * bundles too.
   */
  static TrainingWarning withoutData(String message) {
    return new TrainingWarning(message, true);
  }

  /** The messages of {@code warnings} as the setting {@value #SETTING} holds them. */
  static String joined(List<TrainingWarning> warnings) {
    return warnings.stream().map(TrainingWarning::message).collect(Collectors.joining(SEPARATOR));
  }
}
