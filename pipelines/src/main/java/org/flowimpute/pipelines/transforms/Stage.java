package org.flowimpute.pipelines.transforms;

/**
 * The pipeline stages that can reject a record, with the names written into the dead letters'
 * {@code stage} field (see the DeadLetter schema). Failures of the model itself are not record
 * errors: they fail the bundle instead.
 */
public enum Stage {
  /** Turning file bytes into a record (CSV cells into typed fields). */
  DECODE,
  /** Checking a record against the model's condition fields. */
  VALIDATE,
  /** Encoding conditions into the model's context vector. */
  ENCODE,
  /** Building the output record. */
  FORMAT,
  /** Assigning a streaming record to its event-time window (late records). */
  WINDOW,
  /**
   * Recalibrating a window's weights: an imputed record the solve cannot use (a weight that is not
   * positive, no value where a target reads one).
   */
  CALIBRATE;

  /** The lower-case name used in dead letters and metric names. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
